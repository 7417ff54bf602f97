package org.cybervein.storageproofs.poc;

import org.cybervein.api.Bytes;
import org.cybervein.api.PublicKey;

/**
 * How a public key enters a hash or a map key here: one algorithm byte, the protobuf enum number of
 * {@code cybervein.v1.SignatureAlgorithm} (Ed25519 = 1), then the encoded key. A fixed number
 * rather than the Java enum's ordinal, so that adding an algorithm never changes a digest.
 */
final class KeyBytes {
  private KeyBytes() {}

  static int algorithmCode(PublicKey key) {
    return switch (key.algorithm()) {
      case ED25519 -> 1;
    };
  }

  static Bytes of(PublicKey key) {
    return Bytes.of(new byte[] {(byte) algorithmCode(key)}).concat(key.encoded());
  }
}
