package org.cybervein.fl.vertical;

import java.math.BigInteger;
import java.util.Objects;
import org.cybervein.api.random.RandomSource;
import org.cybervein.fl.InvalidFederatedMessageException;

/**
 * The fixed-point encoding for other protocols that compute on vertical training's ciphers
 * (transfer learning), at 32 fractional bits per scale (vertical training itself uses 24): {@code
 * v} at scale s is the residue {@code round(v 2^(32 s)) mod n}, negatives wrapping to the top half,
 * and a product of values at scales s and t has scale s + t. Decoding refuses residues in the
 * middle third of {@code Z_n}, which no honest value reaches. Immutable.
 */
public final class GradientFixedPoint {
  private final FixedPoint fixedPoint;
  private final BigInteger modulus;

  private GradientFixedPoint(BigInteger modulus) {
    this.modulus = modulus;
    this.fixedPoint = new FixedPoint(modulus, FixedPoint.TRANSFER_PRECISION_BITS);
  }

  /**
   * The encoding for a cipher's plaintext space, once the modulus is checked to be large enough.
   *
   * @param cipher the cipher whose plaintexts are encoded
   * @return the encoding
   * @throws InvalidFederatedMessageException with reason {@code INVALID_VALUE} if the modulus has
   *     fewer than {@link #minModulusBits()} bits
   */
  public static GradientFixedPoint of(GradientCipher cipher)
      throws InvalidFederatedMessageException {
    Objects.requireNonNull(cipher, "cipher");
    FixedPoint.requireRoom(cipher, FixedPoint.TRANSFER_PRECISION_BITS);
    return new GradientFixedPoint(cipher.plaintextModulus());
  }

  /**
   * The fractional bits per unit of scale: 32.
   *
   * @return the precision in bits
   */
  public static int precisionBits() {
    return FixedPoint.TRANSFER_PRECISION_BITS;
  }

  /**
   * The smallest plaintext modulus, in bits, that {@link #of} accepts.
   *
   * @return the minimum modulus length
   */
  public static int minModulusBits() {
    return 3 * FixedPoint.TRANSFER_PRECISION_BITS + 96;
  }

  /**
   * The signed integer {@code round(v 2^(32 scale))}: a scalar for homomorphic multiplication.
   *
   * @param v a finite value
   * @param scale the scale, 0 or more
   * @return the scaled integer
   * @throws IllegalArgumentException if {@code v} is not finite
   */
  public static BigInteger scaled(double v, int scale) {
    return FixedPoint.scaled(v, scale, FixedPoint.TRANSFER_PRECISION_BITS);
  }

  /**
   * The plaintext modulus n.
   *
   * @return n
   */
  public BigInteger modulus() {
    return modulus;
  }

  /**
   * {@code v} at {@code scale} as a residue in {@code [0, n)}.
   *
   * @param v a finite value
   * @param scale the scale, 0 or more
   * @return the residue
   * @throws IllegalArgumentException if {@code v} is not finite
   */
  public BigInteger encode(double v, int scale) {
    return fixedPoint.encode(v, scale);
  }

  /**
   * The value a residue at {@code scale} stands for.
   *
   * @param residue a residue in {@code [0, n)}
   * @param scale the scale it carries
   * @return the value
   * @throws InvalidFederatedMessageException with reason {@code OVERFLOW} for a residue in the
   *     middle third of {@code Z_n}
   */
  public double decode(BigInteger residue, int scale) throws InvalidFederatedMessageException {
    return fixedPoint.decode(residue, scale);
  }

  /**
   * A uniformly random residue (negligible bias): a mask.
   *
   * @param random the source of the mask
   * @return a residue in {@code [0, n)}
   */
  public BigInteger uniform(RandomSource random) {
    return fixedPoint.uniform(random);
  }
}
