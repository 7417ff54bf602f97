package org.cybervein.fl.vertical;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import org.cybervein.fl.InvalidFederatedMessageException;

/**
 * Doubles as residues modulo n: {@code v} at scale s is {@code round(v 2^(P s)) mod n}, negatives
 * wrapping to the top half. A product of values at scales s and t has scale s + t, so the protocol
 * tracks scales instead of dividing under encryption. P = 24 bits keeps rounding near 2^-25 (3e-8)
 * per value, below the 1e-6 the federated and centralised weights must agree within (measured: the
 * 30,000-row benchmark epoch and every training test agree), while the largest value the protocol
 * forms (scale 3, a sum over a batch) stays under 2^116, far below any modulus in use. P was 32;
 * every multi-exponentiation's cost grows with the scalars' length, so 24 makes the gradient sums
 * about a fifth cheaper and the packing slots 24 bits narrower.
 */
final class FixedPoint {
  static final int PRECISION_BITS = 24;

  /**
   * The precision of {@link GradientFixedPoint}, which transfer learning uses: it kept 32 bits, its
   * loss being compared with the plaintext objective's more closely than 2^-25 allows.
   */
  static final int TRANSFER_PRECISION_BITS = 32;

  private final BigInteger modulus;
  private final int precisionBits;
  private final BigInteger half;
  private final BigInteger third;

  /**
   * The smallest plaintext modulus, in bits, that holds scale-3 values (72 fractional bits) with
   * room for sums over large batches of large values.
   */
  static final int MIN_MODULUS_BITS = 3 * PRECISION_BITS + 96;

  /** Checks that a peer's key leaves room for the protocol's largest values. */
  static void requireRoom(GradientCipher cipher) throws InvalidFederatedMessageException {
    requireRoom(cipher, PRECISION_BITS);
  }

  /** Checks that a key leaves room for scale-3 values at {@code precisionBits} per scale. */
  static void requireRoom(GradientCipher cipher, int precisionBits)
      throws InvalidFederatedMessageException {
    if (cipher.plaintextModulus().bitLength() < 3 * precisionBits + 96) {
      throw new InvalidFederatedMessageException(
          InvalidFederatedMessageException.Reason.INVALID_VALUE,
          "a " + cipher.plaintextModulus().bitLength() + "-bit modulus is too small");
    }
  }

  FixedPoint(BigInteger modulus) {
    this(modulus, PRECISION_BITS);
  }

  FixedPoint(BigInteger modulus, int precisionBits) {
    this.modulus = modulus;
    this.precisionBits = precisionBits;
    this.half = modulus.shiftRight(1);
    this.third = modulus.divide(BigInteger.valueOf(3));
  }

  /** The signed integer {@code round(v 2^(P scale))}. */
  static BigInteger scaled(double v, int scale) {
    return scaled(v, scale, PRECISION_BITS);
  }

  /** The signed integer {@code round(v 2^(precisionBits scale))}. */
  static BigInteger scaled(double v, int scale, int precisionBits) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException("cannot encode " + v);
    }
    // Scaling by a power of two is exact in binary floating point, and rint rounds half to even
    // as the BigDecimal path does: the same integer, without BigDecimal, whenever it fits a long.
    double exact = Math.scalb(v, precisionBits * scale);
    if (Math.abs(exact) < 0x1p62) {
      return BigInteger.valueOf((long) Math.rint(exact));
    }
    return new BigDecimal(v)
        .multiply(new BigDecimal(BigInteger.ONE.shiftLeft(precisionBits * scale)))
        .setScale(0, RoundingMode.HALF_EVEN)
        .toBigIntegerExact();
  }

  /** {@code v} at {@code scale} as a residue in {@code [0, n)}. */
  BigInteger encode(double v, int scale) {
    return scaled(v, scale, precisionBits).mod(modulus);
  }

  /**
   * The double a residue at {@code scale} stands for, reading the top half as negative. Values the
   * protocol forms stay far below n/3 in magnitude, so a residue in the middle third {@code [n/3, n
   * - n/3]} can only come from a sum that wrapped around n (the run diverged) or from garbage: it
   * is refused, never read as a wrong but plausible number.
   *
   * @throws InvalidFederatedMessageException with reason {@code OVERFLOW} for a middle-third
   *     residue
   */
  double decode(BigInteger residue, int scale) throws InvalidFederatedMessageException {
    BigInteger signed = residue.compareTo(half) > 0 ? residue.subtract(modulus) : residue;
    if (signed.abs().compareTo(third) >= 0) {
      throw new InvalidFederatedMessageException(
          InvalidFederatedMessageException.Reason.OVERFLOW,
          "a decrypted value of "
              + signed.bitLength()
              + " bits overflows the fixed-point range of a "
              + modulus.bitLength()
              + "-bit modulus");
    }
    return Math.scalb(signed.doubleValue(), -precisionBits * scale);
  }

  /** The double a signed integer at {@code scale} stands for. */
  static double toDouble(BigInteger signed, int scale) {
    return Math.scalb(signed.doubleValue(), -PRECISION_BITS * scale);
  }

  /** A residue in {@code [0, n)} with negligible bias: the masks that hide values from C. */
  BigInteger uniform(org.cybervein.api.random.RandomSource random) {
    byte[] bytes = new byte[(modulus.bitLength() + 7) / 8 + 16];
    random.nextBytes(bytes);
    return new BigInteger(1, bytes).mod(modulus);
  }

  /**
   * {@code [[sum_i k_i a_i]]} over {@code count} ciphertexts {@code [[a_i]]} and signed scalars
   * {@code k_i}, through the cipher's {@link GradientCipher#dot} (one multi-exponentiation for
   * Paillier).
   */
  static BigInteger dot(
      GradientCipher cipher,
      java.util.function.IntFunction<BigInteger> ciphertext,
      java.util.function.IntFunction<BigInteger> scalar,
      int count) {
    BigInteger[] c = new BigInteger[count];
    BigInteger[] k = new BigInteger[count];
    for (int i = 0; i < count; i++) {
      c[i] = ciphertext.apply(i);
      k[i] = scalar.apply(i);
    }
    return cipher.dot(c, k);
  }

  /**
   * {@code [[k a]]} for a signed scalar k: a negative k multiplies the negated ciphertext, so that
   * the exponent stays as short as |k| instead of n's length.
   */
  static BigInteger multiplySigned(GradientCipher cipher, BigInteger c, BigInteger k) {
    return k.signum() < 0 ? cipher.multiply(cipher.negate(c), k.negate()) : cipher.multiply(c, k);
  }
}
