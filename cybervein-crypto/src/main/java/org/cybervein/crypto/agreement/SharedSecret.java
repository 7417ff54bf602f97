package org.cybervein.crypto.agreement;

import org.cybervein.api.Bytes;
import org.cybervein.crypto.SecretBytes;

/**
 * The 32-byte output of an X25519 agreement, never all zero.
 *
 * <p>It is not a key: it is not uniformly random, and both directions of a pair share it. Feed it
 * to {@link org.cybervein.crypto.kdf.Hkdf} as input keying material, with an {@code info} that
 * names the purpose, and use the derived bytes as keys.
 */
public final class SharedSecret {
  /** The size in bytes. */
  public static final int SIZE = 32;

  private final SecretBytes secret;

  SharedSecret(SecretBytes secret) {
    this.secret = secret;
  }

  /**
   * The secret bytes. Handle with care.
   *
   * @return a copy of the 32-byte shared secret; derive keys from it with HKDF rather than using it
   *     directly
   */
  public Bytes toBytes() {
    return secret.toBytes();
  }

  /** Never shows the secret. */
  @Override
  public String toString() {
    return "SharedSecret[redacted]";
  }
}
