package org.cybervein.crypto.he;

import java.math.BigInteger;
import java.util.Objects;
import org.cybervein.crypto.InvalidCryptoInputException;

/**
 * Fixed-point encoding of signed numbers into {@code Z_n} with an explicit binary precision: a
 * double x becomes the integer {@code round(x * 2^f)} ({@code f} = {@link #fractionalBits()},
 * rounding half to even), stored as itself when non-negative and as {@code n - |v|} when negative.
 *
 * <p><b>Range.</b> An encoded integer must satisfy {@code |v| <= floor(n/3)} ({@link
 * PaillierPublicKey#maxSignedMagnitude()}), so the largest representable magnitude is {@code
 * floor(n/3) / 2^f} ({@link #maxMagnitude()}); for a 2048-bit key and {@code f = 52} that is about
 * {@code 2^1994}, far beyond any double, so in practice the limit is how often values are
 * multiplied (each product adds the scales). Residues between {@code n/3} and {@code n - n/3} are
 * the overflow band:
 *
 * <ul>
 *   <li>{@link #encode(double)} throws {@link ArithmeticException} for a value out of range;
 *   <li>{@link #decode} throws {@link InvalidCryptoInputException} with reason {@code OVERFLOW} for
 *       a residue in the band, or a value too large for a double. The sum of two in-range values is
 *       always in range or in the band, so addition overflow is always detected; a product that
 *       wraps past n several times can land back in range, so keep products within range by
 *       construction (bound the factors).
 * </ul>
 *
 * <p>Decoding honours each plaintext's own scale, so products of scale {@code 2f} decode with the
 * same codec. Immutable and thread-safe.
 */
public final class FixedPointCodec {
  /** A typical precision: the 52 fraction bits of a double's mantissa. */
  public static final int DEFAULT_FRACTIONAL_BITS = 52;

  private final PaillierPublicKey publicKey;
  private final int fractionalBits;

  private FixedPointCodec(PaillierPublicKey publicKey, int fractionalBits) {
    this.publicKey = publicKey;
    this.fractionalBits = fractionalBits;
  }

  /**
   * A codec for a key with {@code fractionalBits} bits after the binary point (resolution {@code
   * 2^-fractionalBits}).
   *
   * @param publicKey the key whose plaintext space {@code Z_n} values are encoded into
   * @param fractionalBits the scale f, from 0 to {@link PaillierPlaintext#MAX_SCALE}
   * @return the codec
   * @throws IllegalArgumentException if {@code fractionalBits} is out of range
   */
  public static FixedPointCodec of(PaillierPublicKey publicKey, int fractionalBits) {
    Objects.requireNonNull(publicKey, "publicKey");
    PaillierPlaintext.checkScale(fractionalBits);
    return new FixedPointCodec(publicKey, fractionalBits);
  }

  /**
   * The key whose modulus values are encoded for.
   *
   * @return the key values are encoded for
   */
  public PaillierPublicKey publicKey() {
    return publicKey;
  }

  /**
   * The number of bits after the binary point; the scale of encoded values.
   *
   * @return the scale f, the number of fractional bits
   */
  public int fractionalBits() {
    return fractionalBits;
  }

  /**
   * The largest magnitude {@link #encode(double)} accepts: {@code floor(n/3) / 2^f}.
   *
   * @return the largest {@code |x|} that can be encoded, about {@code n / 3 / 2^f}
   */
  public double maxMagnitude() {
    return toDouble(publicKey.maxSignedMagnitude(), fractionalBits);
  }

  /**
   * Encodes a finite double at this codec's scale.
   *
   * @param x the value to encode, finite and within {@link #maxMagnitude()}
   * @return the plaintext {@code round(x 2^f) mod n} at scale f
   * @throws IllegalArgumentException if x is NaN or infinite
   * @throws ArithmeticException if {@code |round(x 2^f)| > floor(n/3)}
   */
  public PaillierPlaintext encode(double x) {
    if (!Double.isFinite(x)) {
      throw new IllegalArgumentException("cannot encode " + x);
    }
    return encodeScaled(scaledRound(x, fractionalBits), fractionalBits);
  }

  /**
   * Encodes an integer at scale 0 (an exact integer, e.g. a scalar that keeps scales unchanged).
   *
   * @param x the integer to encode
   * @return the plaintext {@code x mod n} at scale 0
   * @throws ArithmeticException if {@code |x| > floor(n/3)} (only for tiny test keys)
   */
  public PaillierPlaintext encodeInteger(long x) {
    return encodeScaled(BigInteger.valueOf(x), 0);
  }

  /**
   * Encodes the signed integer v standing for {@code v * 2^-scale}.
   *
   * @param v the signed integer to encode
   * @param scale the number of fractional bits v carries, from 0 to {@link
   *     PaillierPlaintext#MAX_SCALE}
   * @return the plaintext {@code v mod n} at {@code scale}
   * @throws ArithmeticException if {@code |v| > floor(n/3)}
   */
  public PaillierPlaintext encodeScaled(BigInteger v, int scale) {
    Objects.requireNonNull(v, "v");
    if (v.abs().compareTo(publicKey.maxSignedMagnitude()) > 0) {
      throw new ArithmeticException("value too large for the fixed-point range of this key");
    }
    return new PaillierPlaintext(publicKey, v.mod(publicKey.modulus()), scale);
  }

  /**
   * The signed integer a plaintext's residue stands for (its scale ignored).
   *
   * @param plaintext a plaintext under this codec's key
   * @return the signed integer in {@code [-floor(n/3), floor(n/3)]} the residue stands for
   * @throws InvalidCryptoInputException with reason {@code OVERFLOW} if the residue is in the
   *     overflow band
   */
  public BigInteger decodeScaled(PaillierPlaintext plaintext) throws InvalidCryptoInputException {
    requireSameKey(plaintext);
    BigInteger v = plaintext.value();
    BigInteger max = publicKey.maxSignedMagnitude();
    if (v.compareTo(max) <= 0) {
      return v;
    }
    BigInteger negative = v.subtract(publicKey.modulus());
    if (negative.negate().compareTo(max) <= 0) {
      return negative;
    }
    throw new InvalidCryptoInputException(
        InvalidCryptoInputException.Reason.OVERFLOW,
        "decrypted value is in the overflow band of the fixed-point encoding");
  }

  /**
   * The double a plaintext stands for, at the plaintext's own scale (correctly rounded except for
   * integers longer than 1020 bits and results in the subnormal range, which are within one ulp).
   *
   * @param plaintext a plaintext under this codec's key
   * @return the value {@code v 2^-scale} as a double
   * @throws InvalidCryptoInputException with reason {@code OVERFLOW} if the residue is in the
   *     overflow band or the value exceeds the double range
   */
  public double decode(PaillierPlaintext plaintext) throws InvalidCryptoInputException {
    double result = toDouble(decodeScaled(plaintext), plaintext.scale());
    if (!Double.isFinite(result)) {
      throw new InvalidCryptoInputException(
          InvalidCryptoInputException.Reason.OVERFLOW, "decrypted value exceeds the double range");
    }
    return result;
  }

  /**
   * Decrypts and decodes in one step.
   *
   * @param privateKey the private key of this codec's public key
   * @param ciphertext an encryption under that key
   * @return the decrypted value as a double, at the ciphertext's scale
   * @throws InvalidCryptoInputException with reason {@code OVERFLOW} if the decrypted residue is in
   *     the overflow band or beyond the double range
   */
  public double decrypt(PaillierPrivateKey privateKey, PaillierCiphertext ciphertext)
      throws InvalidCryptoInputException {
    Objects.requireNonNull(privateKey, "privateKey");
    return decode(privateKey.decrypt(ciphertext));
  }

  private void requireSameKey(PaillierPlaintext plaintext) {
    Objects.requireNonNull(plaintext, "plaintext");
    if (!plaintext.publicKey().equals(publicKey)) {
      throw new IllegalArgumentException("plaintext is encoded under another public key");
    }
  }

  /** {@code round_half_even(x * 2^bits)} exactly, from the double's mantissa and exponent. */
  static BigInteger scaledRound(double x, int bits) {
    if (x == 0) {
      return BigInteger.ZERO;
    }
    long raw = Double.doubleToRawLongBits(x);
    int biased = (int) ((raw >>> 52) & 0x7ff);
    long mantissa = raw & ((1L << 52) - 1);
    int exponent;
    if (biased == 0) {
      exponent = -1074; // subnormal: x = mantissa * 2^-1074
    } else {
      mantissa |= 1L << 52;
      exponent = biased - 1075;
    }
    int shift = exponent + bits;
    BigInteger magnitude;
    if (shift >= 0) {
      magnitude = BigInteger.valueOf(mantissa).shiftLeft(shift);
    } else if (shift < -54) {
      magnitude = BigInteger.ZERO; // below half of one unit
    } else {
      int down = -shift;
      long truncated = mantissa >>> down;
      long remainder = mantissa & ((1L << down) - 1);
      long half = 1L << (down - 1);
      if (remainder > half || (remainder == half && (truncated & 1) == 1)) {
        truncated++;
      }
      magnitude = BigInteger.valueOf(truncated);
    }
    return x < 0 ? magnitude.negate() : magnitude;
  }

  private static double toDouble(BigInteger v, int scale) {
    int length = v.bitLength();
    if (length > 1020) {
      int shift = length - 1020;
      return Math.scalb(v.shiftRight(shift).doubleValue(), shift - scale);
    }
    return Math.scalb(v.doubleValue(), -scale);
  }

  @Override
  public String toString() {
    return "FixedPointCodec[" + fractionalBits + " fractional bits, " + publicKey + "]";
  }
}
