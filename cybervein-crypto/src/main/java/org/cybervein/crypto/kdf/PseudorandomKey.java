package org.cybervein.crypto.kdf;

import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.SecretBytes;

/**
 * HKDF's pseudorandom key PRK: the output of {@link Hkdf#extract} and the input of {@link
 * Hkdf#expand}. A type of its own so that raw input keying material cannot be passed to expand by
 * mistake (RFC 5869 section 3.3 explains when skipping extract is safe; here it takes an explicit
 * {@link #fromBytes} call).
 */
public final class PseudorandomKey {
  /** The minimum size, HashLen of SHA-256, in bytes. */
  public static final int MIN_SIZE = 32;

  private final SecretBytes key;

  PseudorandomKey(SecretBytes key) {
    this.key = key;
  }

  /**
   * Uses bytes that are already uniformly random as a PRK (RFC 5869 section 2.3 requires at least
   * HashLen bytes).
   *
   * @param key at least 32 uniformly random bytes
   * @return the key
   * @throws InvalidCryptoInputException with {@code WRONG_LENGTH} if {@code key} is shorter than 32
   *     bytes
   */
  public static PseudorandomKey fromBytes(Bytes key) throws InvalidCryptoInputException {
    Objects.requireNonNull(key, "key");
    return new PseudorandomKey(SecretBytes.ofMinLength(key, MIN_SIZE, "a PRK"));
  }

  /**
   * The secret key bytes. Handle with care.
   *
   * @return a copy of the secret key bytes
   */
  public Bytes toBytes() {
    return key.toBytes();
  }

  /** The key material, for {@link Hkdf}. */
  SecretBytes secret() {
    return key;
  }

  /** The size only; the key stays secret. */
  @Override
  public String toString() {
    return "PseudorandomKey[" + key.size() + " bytes, redacted]";
  }
}
