package org.cybervein.crypto.aead;

import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.RandomSource;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.SecretBytes;

/**
 * A secret key for one {@link AeadAlgorithm}. The key knows its algorithm, so it cannot be handed
 * to a cipher of another kind, and its size is checked once, here.
 *
 * <p>{@link #toString()} never shows the key; {@link #toBytes()} is the only way out, for storing
 * the key under the host's own protection.
 */
public final class AeadKey {
  private final AeadAlgorithm algorithm;
  private final SecretBytes key;

  private AeadKey(AeadAlgorithm algorithm, SecretBytes key) {
    this.algorithm = algorithm;
    this.key = key;
  }

  /**
   * Draws a fresh key for {@code algorithm} from {@code random}.
   *
   * @param algorithm the cipher the key is for
   * @param random the source of the key bytes; it must be a cryptographically strong source outside
   *     tests
   * @return a new key of {@link AeadAlgorithm#keySize()} bytes
   */
  public static AeadKey generate(AeadAlgorithm algorithm, RandomSource random) {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(random, "random");
    return new AeadKey(algorithm, SecretBytes.random(algorithm.keySize(), random));
  }

  /**
   * Wraps stored key bytes.
   *
   * @param algorithm the cipher the key is for
   * @param key the stored key bytes
   * @return the key
   * @throws InvalidCryptoInputException with {@code WRONG_LENGTH} if {@code key} is not {@link
   *     AeadAlgorithm#keySize()} bytes long
   */
  public static AeadKey fromBytes(AeadAlgorithm algorithm, Bytes key)
      throws InvalidCryptoInputException {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(key, "key");
    return new AeadKey(
        algorithm, SecretBytes.ofLength(key, algorithm.keySize(), algorithm + " key"));
  }

  /**
   * The algorithm this key is for.
   *
   * @return the cipher this key is for
   */
  public AeadAlgorithm algorithm() {
    return algorithm;
  }

  /**
   * The secret key bytes. Handle with care.
   *
   * @return a copy of the secret key bytes
   */
  public Bytes toBytes() {
    return key.toBytes();
  }

  /** The key material, for the ciphers of this package. */
  SecretBytes secret() {
    return key;
  }

  /** Names the algorithm only; the key stays secret. */
  @Override
  public String toString() {
    return "AeadKey[" + algorithm + ", redacted]";
  }
}
