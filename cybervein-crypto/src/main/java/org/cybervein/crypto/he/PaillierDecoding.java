package org.cybervein.crypto.he;

import java.math.BigInteger;
import java.util.Objects;
import org.cybervein.crypto.InvalidCryptoInputException;

/**
 * Paillier values received from another party: a public key from its modulus, a ciphertext from its
 * integer. Both are checked before they become objects, so homomorphic operations never run on
 * values outside {@code Z*_{n^2}}.
 */
public final class PaillierDecoding {
  /** The largest modulus accepted from a peer, in bits; above any key this module generates. */
  public static final int MAX_MODULUS_BITS = 8192;

  private PaillierDecoding() {}

  /**
   * A public key from its modulus n.
   *
   * @throws InvalidCryptoInputException with reason {@code INVALID_KEY} if n is not odd, or is
   *     shorter than {@link PaillierPrivateKey#MIN_INSECURE_TEST_BITS} or longer than {@link
   *     #MAX_MODULUS_BITS}
   */
  public static PaillierPublicKey publicKey(BigInteger n) throws InvalidCryptoInputException {
    Objects.requireNonNull(n, "n");
    if (n.signum() <= 0
        || !n.testBit(0)
        || n.bitLength() < PaillierPrivateKey.MIN_INSECURE_TEST_BITS
        || n.bitLength() > MAX_MODULUS_BITS) {
      throw new InvalidCryptoInputException(
          InvalidCryptoInputException.Reason.INVALID_KEY,
          "not a Paillier modulus of " + n.bitLength() + " bits");
    }
    return new PaillierPublicKey(n);
  }

  /**
   * A ciphertext under {@code key} with the given fixed-point scale.
   *
   * @throws InvalidCryptoInputException with reason {@code OUT_OF_RANGE} if the value is not in
   *     {@code Z*_{n^2}} or the scale is outside {@code [0, PaillierPlaintext.MAX_SCALE]}
   */
  public static PaillierCiphertext ciphertext(PaillierPublicKey key, BigInteger value, int scale)
      throws InvalidCryptoInputException {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (!key.isValidCiphertextValue(value)) {
      throw new InvalidCryptoInputException(
          InvalidCryptoInputException.Reason.OUT_OF_RANGE, "not a ciphertext under " + key);
    }
    if (scale < 0 || scale > PaillierPlaintext.MAX_SCALE) {
      throw new InvalidCryptoInputException(
          InvalidCryptoInputException.Reason.OUT_OF_RANGE, "scale " + scale);
    }
    // Received ciphertexts are treated as obfuscated: whoever sent them chose their randomness.
    return new PaillierCiphertext(key, value, scale, true);
  }
}
