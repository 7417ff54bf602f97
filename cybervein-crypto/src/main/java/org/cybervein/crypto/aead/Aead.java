package org.cybervein.crypto.aead;

import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.RandomSource;
import org.cybervein.crypto.InvalidCryptoInputException;

/**
 * Authenticated encryption with associated data, bound to one {@link AeadKey}.
 *
 * <p>{@link #seal} returns {@code ciphertext || tag}; {@link #open} returns the plaintext only if
 * the tag verifies over the nonce, ciphertext and associated data, and otherwise throws, releasing
 * no plaintext. Instances are immutable and safe to share between threads.
 *
 * <p>The caller chooses nonces and must never repeat one under a key. Where no counter is at hand,
 * {@link #sealWithRandomNonce} draws the nonce and prepends it.
 *
 * <p>The implementations are {@link AesGcm} and {@link ChaCha20Poly1305}; {@link #of} picks the one
 * for a key.
 */
public sealed interface Aead permits JceAead {
  /** The tag size in bytes, appended to every ciphertext. */
  int TAG_SIZE = 16;

  /**
   * Returns the cipher for the key's algorithm.
   *
   * @param key the key, which fixes the algorithm
   * @return an AES-GCM or ChaCha20-Poly1305 cipher bound to {@code key}
   * @throws NullPointerException if {@code key} is null
   */
  static Aead of(AeadKey key) {
    Objects.requireNonNull(key, "key");
    return key.algorithm().isAesGcm() ? new AesGcm(key) : new ChaCha20Poly1305(key);
  }

  /**
   * The algorithm of this cipher's key.
   *
   * @return the algorithm of the key this cipher was made with
   */
  AeadAlgorithm algorithm();

  /**
   * Encrypts and authenticates {@code plaintext}, and authenticates {@code associatedData}.
   *
   * @param nonce the 12-byte nonce; never seal two messages under one key and nonce
   * @param plaintext the bytes to encrypt, any length
   * @param associatedData bytes that are authenticated but not encrypted, e.g. a header; may be
   *     empty
   * @return {@code ciphertext || tag}, {@link #TAG_SIZE} bytes longer than the plaintext
   */
  Bytes seal(AeadNonce nonce, Bytes plaintext, Bytes associatedData);

  /**
   * Verifies and decrypts what {@link #seal} produced.
   *
   * @param nonce the nonce the message was sealed with
   * @param ciphertextAndTag the output of {@link #seal}
   * @param associatedData the same associated data given to {@link #seal}
   * @return the plaintext, only if the tag verified
   * @throws InvalidCryptoInputException with {@code TRUNCATED} if the input is shorter than a tag,
   *     {@code AUTHENTICATION_FAILED} if the tag does not verify (wrong key, nonce, associated
   *     data, or any modified byte)
   */
  Bytes open(AeadNonce nonce, Bytes ciphertextAndTag, Bytes associatedData)
      throws InvalidCryptoInputException;

  /**
   * Seals under a nonce drawn from {@code random} and returns {@code nonce || ciphertext || tag}.
   *
   * <p>Random 96-bit nonces collide with probability about {@code n^2 / 2^97} after {@code n}
   * messages. NIST SP 800-38D therefore caps a key at 2^32 messages sealed with random nonces
   * (collision probability below 2^-32); rotate the key well before that.
   *
   * @param random the source of the 12-byte nonce
   * @param plaintext the bytes to encrypt, any length
   * @param associatedData bytes that are authenticated but not encrypted; may be empty
   * @return the nonce followed by the ciphertext and the 16-byte tag
   */
  default Bytes sealWithRandomNonce(RandomSource random, Bytes plaintext, Bytes associatedData) {
    AeadNonce nonce = AeadNonce.random(Objects.requireNonNull(random, "random"));
    return nonce.bytes().concat(seal(nonce, plaintext, associatedData));
  }

  /**
   * Opens what {@link #sealWithRandomNonce} produced.
   *
   * @param nonceCiphertextAndTag the output of {@link #sealWithRandomNonce}
   * @param associatedData the same associated data given when sealing
   * @return the plaintext, only if the tag verified
   * @throws InvalidCryptoInputException with {@code TRUNCATED} if the input is shorter than a nonce
   *     and a tag, {@code AUTHENTICATION_FAILED} if the tag does not verify
   */
  default Bytes openWithPrefixedNonce(Bytes nonceCiphertextAndTag, Bytes associatedData)
      throws InvalidCryptoInputException {
    Objects.requireNonNull(nonceCiphertextAndTag, "nonceCiphertextAndTag");
    if (nonceCiphertextAndTag.size() < AeadNonce.SIZE + TAG_SIZE) {
      throw new InvalidCryptoInputException(
          InvalidCryptoInputException.Reason.TRUNCATED,
          "sealed message needs at least "
              + (AeadNonce.SIZE + TAG_SIZE)
              + " bytes, got "
              + nonceCiphertextAndTag.size());
    }
    AeadNonce nonce = new AeadNonce(nonceCiphertextAndTag.slice(0, AeadNonce.SIZE));
    return open(
        nonce,
        nonceCiphertextAndTag.slice(AeadNonce.SIZE, nonceCiphertextAndTag.size()),
        associatedData);
  }
}
