package org.cybervein.crypto.he;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A Paillier public key: the modulus {@code n = p q}, with generator {@code g = n + 1} fixed, so
 * that {@code Enc(m; r) = (1 + m n) r^n mod n^2}.
 *
 * <p>Plaintexts live in {@code Z_n}; ciphertexts in {@code Z*_{n^2}}. Two keys are equal when their
 * moduli are equal. Immutable and thread-safe.
 */
public final class PaillierPublicKey {
  private final BigInteger n;
  private final BigInteger nSquared;
  private final BigInteger maxSignedMagnitude;

  PaillierPublicKey(BigInteger n) {
    this.n = Objects.requireNonNull(n, "n");
    if (n.signum() <= 0 || !n.testBit(0)) {
      throw new IllegalArgumentException("a Paillier modulus is a positive odd number");
    }
    this.nSquared = n.multiply(n);
    this.maxSignedMagnitude = n.divide(BigInteger.valueOf(3));
  }

  /**
   * The modulus n.
   *
   * @return the RSA modulus n = p q
   */
  public BigInteger modulus() {
    return n;
  }

  /**
   * n squared, the ciphertext modulus.
   *
   * @return n^2
   */
  public BigInteger modulusSquared() {
    return nSquared;
  }

  /**
   * The bit length of n.
   *
   * @return the number of bits of n, e.g. 2048
   */
  public int bits() {
    return n.bitLength();
  }

  /**
   * The largest magnitude a signed plaintext may have: {@code floor(n / 3)}. Positive values occupy
   * {@code [0, n/3]}, negative values {@code [n - n/3, n)}; the middle band is overflow, so that
   * the sum of any two in-range values is either in range or detectably out of range.
   *
   * @return {@code floor(n / 3)}
   */
  public BigInteger maxSignedMagnitude() {
    return maxSignedMagnitude;
  }

  /**
   * The ciphertext length in bytes on the wire: enough for any value below {@code n^2}.
   *
   * @return the byte length of a ciphertext, {@code ceil(bitLength(n^2) / 8)}
   */
  public int ciphertextLength() {
    return (nSquared.bitLength() + 7) / 8;
  }

  /**
   * True if {@code value} is in {@code Z*_{n^2}}: {@code 0 < value < n^2} and coprime to n.
   *
   * @param value the integer to check
   * @return true if {@code value} can be a ciphertext under this key
   */
  public boolean isValidCiphertextValue(BigInteger value) {
    return value.signum() > 0
        && value.compareTo(nSquared) < 0
        && value.gcd(n).equals(BigInteger.ONE);
  }

  /**
   * The encryption of plaintext {@code m} in {@code [0, n)} with the given {@code r^n mod n^2}:
   * {@code (1 + m n) r^n mod n^2}. With {@code g = n + 1}, {@code g^m = 1 + m n mod n^2}, so no
   * exponentiation is needed here.
   */
  BigInteger encryptWith(BigInteger m, BigInteger rToN) {
    return m.multiply(n).add(BigInteger.ONE).multiply(rToN).mod(nSquared);
  }

  /**
   * The inverse of a unit c modulo n^2, through the inverse modulo n lifted once by Newton
   * (Hensel): if {@code c y0 = 1 + t n} then {@code c y0 (2 - c y0) = 1 - t^2 n^2 = 1 mod n^2}.
   * Inverting a half-length number and two multiplications cost about a third of {@code
   * c.modInverse(n^2)}, whose binary algorithm grows with the square of the length.
   *
   * @throws ArithmeticException if c is not a unit (not a ciphertext value)
   */
  BigInteger inverse(BigInteger c) {
    BigInteger y0 = c.mod(n).modInverse(n);
    return y0.multiply(BigInteger.TWO.subtract(c.multiply(y0))).mod(nSquared);
  }

  /** {@code 1 + m n}, an encryption without randomness (deterministic, never sent as is). */
  BigInteger encryptWithoutObfuscation(BigInteger m) {
    return m.multiply(n).add(BigInteger.ONE);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PaillierPublicKey other && n.equals(other.n);
  }

  @Override
  public int hashCode() {
    return n.hashCode();
  }

  /** The bit length and the first hex digits of n. */
  @Override
  public String toString() {
    String hex = n.toString(16);
    return "PaillierPublicKey["
        + bits()
        + " bits, n="
        + hex.substring(0, Math.min(16, hex.length()))
        + "..]";
  }
}
