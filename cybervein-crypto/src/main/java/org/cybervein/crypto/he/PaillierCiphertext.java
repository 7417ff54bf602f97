package org.cybervein.crypto.he;

import java.math.BigInteger;
import java.util.Objects;
import org.cybervein.crypto.InvalidCryptoInputException;

/**
 * A Paillier ciphertext: a value in {@code Z*_{n^2}} under a known {@link PaillierPublicKey}, with
 * the scale (number of fractional bits) of the plaintext it encrypts.
 *
 * <p>The homomorphic operations check what would otherwise silently give a wrong number: both
 * operands of {@link #add} must be under the same key (else {@link IllegalArgumentException}) and
 * carry the same scale (else {@link IllegalArgumentException}; {@link #rescale} one of them
 * explicitly). Multiplying by an encoded plaintext adds the scales.
 *
 * <p>A ciphertext is <em>obfuscated</em> when its value carries a nontrivial random factor {@code
 * r^n}; {@link PaillierEncryptor#encryptUnobfuscated} makes cheap unobfuscated ones whose
 * randomness is added later with {@link PaillierEncryptor#obfuscate}. Encoders refuse unobfuscated
 * ciphertexts, since their plaintext is readable without the key. Whether a value is obfuscated is
 * read from the value itself, not tracked through the operations: random factors can cancel (e.g.
 * {@code (c + x) - c}), and the result is then exactly as readable as {@code 1 + x n}.
 *
 * <p>Immutable and thread-safe; equality is by key, value and scale.
 */
public final class PaillierCiphertext {
  private final PaillierPublicKey publicKey;
  private final BigInteger value;
  private final int scale;

  PaillierCiphertext(PaillierPublicKey publicKey, BigInteger value, int scale) {
    this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
    this.value = Objects.requireNonNull(value, "value");
    PaillierPlaintext.checkScale(scale);
    this.scale = scale;
  }

  /**
   * A ciphertext received as an integer (e.g. inside another protocol's message), validated: the
   * value must lie in {@code Z*_{n^2}} and the scale in {@code [0, }{@link
   * PaillierPlaintext#MAX_SCALE}{@code ]}.
   *
   * @param publicKey the key the ciphertext is under
   * @param value the ciphertext integer
   * @param scale the number of fractional bits of the plaintext
   * @return the validated ciphertext
   * @throws InvalidCryptoInputException with reason {@code OUT_OF_RANGE} otherwise
   */
  public static PaillierCiphertext of(PaillierPublicKey publicKey, BigInteger value, int scale)
      throws InvalidCryptoInputException {
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(value, "value");
    if (!publicKey.isValidCiphertextValue(value)) {
      throw new InvalidCryptoInputException(
          InvalidCryptoInputException.Reason.OUT_OF_RANGE, "ciphertext is not in Z*_{n^2}");
    }
    if (scale < 0 || scale > PaillierPlaintext.MAX_SCALE) {
      throw new InvalidCryptoInputException(
          InvalidCryptoInputException.Reason.OUT_OF_RANGE,
          "scale must be in [0, " + PaillierPlaintext.MAX_SCALE + "]");
    }
    return new PaillierCiphertext(publicKey, value, scale);
  }

  /**
   * The key this ciphertext is under.
   *
   * @return the key this ciphertext is under
   */
  public PaillierPublicKey publicKey() {
    return publicKey;
  }

  /**
   * The value in {@code Z*_{n^2}}.
   *
   * @return the ciphertext integer c, with {@code 0 < c < n^2}
   */
  public BigInteger value() {
    return value;
  }

  /**
   * The number of fractional bits of the encrypted plaintext.
   *
   * @return the scale, from 0 to {@link PaillierPlaintext#MAX_SCALE}
   */
  public int scale() {
    return scale;
  }

  /**
   * True if the value carries a nontrivial random factor {@code r^n} (safe to send). A value {@code
   * c = (1 + m n) r^n} has {@code c mod n = r^n mod n}, which is 1 exactly when {@code r = 1 mod n}
   * (raising to the n-th power permutes {@code Z*_n}, as {@code gcd(n, phi(n)) = 1}); then {@code c
   * = 1 + m n mod n^2} and anyone reads m. So the test is exact, whatever operations made c.
   *
   * @return true if the plaintext cannot be read without the private key
   */
  public boolean isObfuscated() {
    return !value.mod(publicKey.modulus()).equals(BigInteger.ONE);
  }

  /**
   * {@code Enc(a + b)} from {@code Enc(a)} (this) and {@code Enc(b)}: the product mod n^2.
   *
   * @param other an encryption of b under the same key and at the same scale
   * @return an encryption of a + b, not re-randomised
   * @throws IllegalArgumentException if the keys or scales differ
   */
  public PaillierCiphertext add(PaillierCiphertext other) {
    requireCompatible(other);
    return new PaillierCiphertext(
        publicKey, value.multiply(other.value).mod(publicKey.modulusSquared()), scale);
  }

  /**
   * {@code Enc(a - b)} from {@code Enc(a)} (this) and {@code Enc(b)}.
   *
   * @param other an encryption of b under the same key and at the same scale
   * @return an encryption of a - b, not re-randomised
   * @throws IllegalArgumentException if the keys or scales differ
   */
  public PaillierCiphertext subtract(PaillierCiphertext other) {
    requireCompatible(other);
    return add(other.negate());
  }

  /**
   * {@code Enc(a + b)} from {@code Enc(a)} and a plaintext b of the same key and scale; cheap (one
   * multiplication), as {@code g^b = 1 + b n}.
   *
   * @param plaintext the plaintext b, under the same key and at the same scale
   * @return an encryption of a + b
   * @throws IllegalArgumentException if the key or scale differs
   */
  public PaillierCiphertext add(PaillierPlaintext plaintext) {
    Objects.requireNonNull(plaintext, "plaintext");
    requireSameKey(plaintext.publicKey());
    requireSameScale(plaintext.scale());
    BigInteger nSquared = publicKey.modulusSquared();
    return new PaillierCiphertext(
        publicKey,
        value.multiply(publicKey.encryptWithoutObfuscation(plaintext.value())).mod(nSquared),
        scale);
  }

  /**
   * {@code Enc(-a)} from {@code Enc(a)}: the inverse mod n^2.
   *
   * @return an encryption of -a
   */
  public PaillierCiphertext negate() {
    return new PaillierCiphertext(publicKey, publicKey.inverse(value), scale);
  }

  /**
   * {@code Enc(k a)} from {@code Enc(a)} and an encoded plaintext k under the same key; the result
   * carries the sum of both scales. Negative k (residues above n/2) cost an inversion and a short
   * exponent instead of a full-length one.
   *
   * <p>Nothing is checked about the size of {@code k a}: a product beyond the encoding range can
   * wrap past n into the valid range and decode to a wrong number, so bound the factors (see {@link
   * FixedPointCodec}).
   *
   * @param scalar the plaintext factor k, under the same key
   * @return an encryption of k a at the sum of both scales
   * @throws IllegalArgumentException if the key differs or the summed scale exceeds {@link
   *     PaillierPlaintext#MAX_SCALE}
   */
  public PaillierCiphertext multiply(PaillierPlaintext scalar) {
    Objects.requireNonNull(scalar, "scalar");
    requireSameKey(scalar.publicKey());
    int resultScale = scale + scalar.scale();
    if (resultScale > PaillierPlaintext.MAX_SCALE) {
      throw new IllegalArgumentException("product scale " + resultScale + " is too large");
    }
    return power(scalar.value(), resultScale);
  }

  /**
   * {@code Enc(k a)} for a signed integer k; the scale is unchanged. As for {@link
   * #multiply(PaillierPlaintext)}, keeping {@code k a} in range is the caller's duty.
   *
   * @param scalar the signed integer factor k
   * @return an encryption of k a at this ciphertext's scale
   */
  public PaillierCiphertext multiply(BigInteger scalar) {
    Objects.requireNonNull(scalar, "scalar");
    return power(scalar.mod(publicKey.modulus()), scale);
  }

  /**
   * {@code Enc(k a)} for a signed integer k; see {@link #multiply(BigInteger)}.
   *
   * @param scalar the signed integer factor k
   * @return an encryption of k a at this ciphertext's scale
   */
  public PaillierCiphertext multiply(long scalar) {
    return multiply(BigInteger.valueOf(scalar));
  }

  /**
   * The same plaintext at a larger scale: {@code Enc(a 2^d)} with {@code d = targetScale - scale}.
   * Scales only grow (dividing an encrypted value is not possible); the plaintext bound shrinks by
   * {@code 2^d}. Like a product, a value pushed past the range is detected at decoding only while
   * {@code |a 2^d|} stays below {@code 2n/3}; beyond that it wraps and may decode to a wrong
   * number, so the caller keeps {@code |a| 2^d} within {@link
   * PaillierPublicKey#maxSignedMagnitude()}.
   *
   * @param targetScale the new scale, from the current scale to {@link PaillierPlaintext#MAX_SCALE}
   * @return an encryption of the same value at {@code targetScale}
   * @throws IllegalArgumentException if targetScale is below the current scale
   */
  public PaillierCiphertext rescale(int targetScale) {
    PaillierPlaintext.checkScale(targetScale);
    if (targetScale < scale) {
      throw new IllegalArgumentException(
          "cannot lower the scale of a ciphertext from " + scale + " to " + targetScale);
    }
    if (targetScale == scale) {
      return this;
    }
    BigInteger factor = BigInteger.ONE.shiftLeft(targetScale - scale);
    return power(factor.mod(publicKey.modulus()), targetScale);
  }

  private PaillierCiphertext power(BigInteger residue, int resultScale) {
    BigInteger n = publicKey.modulus();
    BigInteger nSquared = publicKey.modulusSquared();
    BigInteger result;
    if (residue.signum() == 0) {
      // c^0 = 1 is the deterministic encryption of 0: not obfuscated any more.
      return new PaillierCiphertext(publicKey, BigInteger.ONE, resultScale);
    } else if (residue.compareTo(n.shiftRight(1)) > 0) {
      // k = -(n - k) mod n: (c^{-1})^{n-k} decrypts to the same k a with a short exponent.
      result = publicKey.inverse(value).modPow(n.subtract(residue), nSquared);
    } else {
      result = value.modPow(residue, nSquared);
    }
    return new PaillierCiphertext(publicKey, result, resultScale);
  }

  private void requireCompatible(PaillierCiphertext other) {
    Objects.requireNonNull(other, "other");
    requireSameKey(other.publicKey);
    requireSameScale(other.scale);
  }

  private void requireSameKey(PaillierPublicKey other) {
    if (!publicKey.equals(other)) {
      throw new IllegalArgumentException("operands are under different public keys");
    }
  }

  private void requireSameScale(int otherScale) {
    if (scale != otherScale) {
      throw new IllegalArgumentException(
          "scales differ (" + scale + " vs " + otherScale + "); rescale one operand explicitly");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PaillierCiphertext other
        && publicKey.equals(other.publicKey)
        && value.equals(other.value)
        && scale == other.scale;
  }

  @Override
  public int hashCode() {
    return Objects.hash(publicKey, value, scale);
  }

  /** The scale and the first hex digits of the value. */
  @Override
  public String toString() {
    String hex = value.toString(16);
    return "PaillierCiphertext[scale="
        + scale
        + ", c="
        + hex.substring(0, Math.min(12, hex.length()))
        + "..]";
  }
}
