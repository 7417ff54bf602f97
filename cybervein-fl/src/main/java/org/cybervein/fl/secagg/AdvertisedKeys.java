package org.cybervein.fl.secagg;

import java.nio.ByteBuffer;
import org.cybervein.api.Bytes;
import org.cybervein.crypto.agreement.X25519PublicKey;

/** A client's per-round keys and the exact bytes its identity signs over them. */
record AdvertisedKeys(int index, X25519PublicKey cipherKey, X25519PublicKey maskKey) {
  private static final byte[] DOMAIN =
      "CYBERVEIN-SECAGG-ADVERTISE-V1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** Fixed-width fields after the domain, so the encoding is unambiguous. */
  byte[] signingInput(long round) {
    return ByteBuffer.allocate(DOMAIN.length + 8 + 4 + 64)
        .put(DOMAIN)
        .putLong(round)
        .putInt(index)
        .put(cipherKey.bytes().toByteArray())
        .put(maskKey.bytes().toByteArray())
        .array();
  }

  static Bytes shareAssociatedData(long round, int from, int to) {
    return Bytes.of(ByteBuffer.allocate(16).putLong(round).putInt(from).putInt(to).array());
  }
}
