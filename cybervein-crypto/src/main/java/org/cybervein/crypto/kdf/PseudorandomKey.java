package org.cybervein.crypto.kdf;

import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.crypto.InvalidCryptoInputException;

/**
 * HKDF's pseudorandom key PRK: the output of {@link Hkdf#extract} and the input of {@link
 * Hkdf#expand}. A type of its own so that raw input keying material cannot be passed to expand by
 * mistake (RFC 5869 section 3.3 explains when skipping extract is safe; here it takes an explicit
 * {@link #fromBytes} call).
 */
public final class PseudorandomKey {
  /** The minimum size, HashLen of SHA-256, in bytes. */
  public static final int MIN_SIZE = 32;

  private final byte[] key;

  private PseudorandomKey(byte[] owned) {
    this.key = owned;
  }

  /** Takes ownership of extract's output. */
  static PseudorandomKey wrap(byte[] owned) {
    return new PseudorandomKey(owned);
  }

  /**
   * Uses bytes that are already uniformly random as a PRK (RFC 5869 section 2.3 requires at least
   * HashLen bytes).
   *
   * @throws InvalidCryptoInputException with {@code WRONG_LENGTH} if {@code key} is shorter than 32
   *     bytes
   */
  public static PseudorandomKey fromBytes(Bytes key) throws InvalidCryptoInputException {
    Objects.requireNonNull(key, "key");
    if (key.size() < MIN_SIZE) {
      throw new InvalidCryptoInputException(
          InvalidCryptoInputException.Reason.WRONG_LENGTH,
          "a PRK needs at least " + MIN_SIZE + " bytes, got " + key.size());
    }
    return new PseudorandomKey(key.toByteArray());
  }

  /** The secret key bytes. Handle with care. */
  public Bytes toBytes() {
    return Bytes.of(key);
  }

  /** The key bytes without a copy, for {@link Hkdf}, which never writes to them. */
  byte[] material() {
    return key;
  }

  /** The size only; the key stays secret. */
  @Override
  public String toString() {
    return "PseudorandomKey[" + key.length + " bytes, redacted]";
  }
}
