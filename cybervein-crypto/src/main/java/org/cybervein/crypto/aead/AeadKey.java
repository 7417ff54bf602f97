package org.cybervein.crypto.aead;

import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.RandomSource;
import org.cybervein.crypto.InvalidCryptoInputException;

/**
 * A secret key for one {@link AeadAlgorithm}. The key knows its algorithm, so it cannot be handed
 * to a cipher of another kind, and its size is checked once, here.
 *
 * <p>{@link #toString()} never shows the key; {@link #toBytes()} is the only way out, for storing
 * the key under the host's own protection.
 */
public final class AeadKey {
  private final AeadAlgorithm algorithm;
  private final byte[] key;

  private AeadKey(AeadAlgorithm algorithm, byte[] owned) {
    this.algorithm = algorithm;
    this.key = owned;
  }

  /** Draws a fresh key for {@code algorithm} from {@code random}. */
  public static AeadKey generate(AeadAlgorithm algorithm, RandomSource random) {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(random, "random");
    byte[] key = new byte[algorithm.keySize()];
    random.nextBytes(key);
    return new AeadKey(algorithm, key);
  }

  /**
   * Wraps stored key bytes.
   *
   * @throws InvalidCryptoInputException with {@code WRONG_LENGTH} if {@code key} is not {@link
   *     AeadAlgorithm#keySize()} bytes long
   */
  public static AeadKey fromBytes(AeadAlgorithm algorithm, Bytes key)
      throws InvalidCryptoInputException {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(key, "key");
    if (key.size() != algorithm.keySize()) {
      throw new InvalidCryptoInputException(
          InvalidCryptoInputException.Reason.WRONG_LENGTH,
          algorithm + " key must be " + algorithm.keySize() + " bytes, got " + key.size());
    }
    return new AeadKey(algorithm, key.toByteArray());
  }

  /** The algorithm this key is for. */
  public AeadAlgorithm algorithm() {
    return algorithm;
  }

  /** The secret key bytes. Handle with care. */
  public Bytes toBytes() {
    return Bytes.of(key);
  }

  /** The key bytes without a copy, for the ciphers of this package, which never write to them. */
  byte[] material() {
    return key;
  }

  /** Names the algorithm only; the key stays secret. */
  @Override
  public String toString() {
    return "AeadKey[" + algorithm + ", redacted]";
  }
}
