package org.cybervein.crypto.he;

import java.math.BigInteger;

/**
 * What a multi-exponentiation needs of its modulus beyond the modulus itself, computed once and
 * kept for later calls with the same modulus (training calls it thousands of times with one
 * Paillier {@code n^2}). The last {@value #CACHED} moduli are kept, so that threads alternating
 * between a few moduli (two keys, or {@code n^2} and another modulus) do not rebuild the tables,
 * about a millisecond each, on every switch.
 *
 * <p>The inverse: {@code BigInteger.modInverse} of a 4096-bit number costs about 150 Montgomery
 * products; for a square modulus {@code n^2} (every Paillier one) the inverse modulo n lifted by
 * one Newton step ({@code y (2 - c y)}) costs a third of that. The powers {@code R^(2^k)}: an
 * unconverted bucket run leaves a factor {@code R^D} to remove, and a table of squares turns that
 * from an exponentiation into one product per set bit of D.
 */
final class ModulusTables {
  private static final int POWERS = 63;

  /** How many moduli keep their tables: a handful of keys in one process, never a growing map. */
  static final int CACHED = 4;

  // Newest first; replaced whole (copy on write), so readers never lock. Two threads adding at
  // once may lose one entry: it is rebuilt on its next use, never wrong.
  private static volatile ModulusTables[] recent = new ModulusTables[0];

  private final BigInteger modulus;
  private final BigInteger squareRoot;
  private final MontgomeryForm form;
  private final long[][] rPowers;

  private ModulusTables(BigInteger modulus) {
    this.modulus = modulus;
    BigInteger root = modulus.sqrt();
    this.squareRoot =
        root.multiply(root).equals(modulus) && root.compareTo(BigInteger.ONE) > 0 ? root : null;
    this.form = MontgomeryForm.forModulusOrNull(modulus);
    if (form == null) {
      this.rPowers = null;
    } else {
      // R in Montgomery form is R^2 mod N; each square doubles the power
      rPowers = new long[POWERS][];
      rPowers[0] = form.fromInteger(BigInteger.ONE.shiftLeft(2 * form.rBits()).mod(modulus));
      MontgomeryForm.Scratch t = form.newScratch();
      for (int k = 1; k < POWERS; k++) {
        rPowers[k] = new long[form.limbs()];
        form.multiply(rPowers[k - 1], rPowers[k - 1], rPowers[k], t);
      }
    }
  }

  /** The tables of this modulus: kept ones if it is among the last few, else new ones. */
  static ModulusTables of(BigInteger modulus) {
    ModulusTables[] seen = recent;
    for (ModulusTables tables : seen) {
      if (tables.modulus.equals(modulus)) {
        return tables;
      }
    }
    ModulusTables tables = new ModulusTables(modulus);
    ModulusTables[] next = new ModulusTables[Math.min(CACHED, seen.length + 1)];
    next[0] = tables;
    System.arraycopy(seen, 0, next, 1, next.length - 1);
    recent = next;
    return tables;
  }

  /** The Montgomery form, or null for an even or very large modulus. */
  MontgomeryForm form() {
    return form;
  }

  /** R^2 mod N in limbs: a base multiplied by it enters Montgomery form. */
  long[] rSquared() {
    return rPowers[0];
  }

  /**
   * The inverse of x modulo the modulus.
   *
   * @throws ArithmeticException if x is not a unit
   */
  BigInteger inverse(BigInteger x) {
    if (squareRoot == null) {
      return x.modInverse(modulus);
    }
    BigInteger y0 = x.mod(squareRoot).modInverse(squareRoot);
    return y0.multiply(BigInteger.TWO.subtract(x.multiply(y0))).mod(modulus);
  }

  /** {@code x R^d mod N} for {@code d >= 0}, through the table of squares when d is below 2^63. */
  BigInteger timesPowerOfR(BigInteger x, BigInteger d) {
    if (d.signum() == 0) {
      return x;
    }
    if (d.bitLength() > POWERS) {
      BigInteger r = BigInteger.ONE.shiftLeft(form.rBits()).mod(modulus);
      return x.multiply(r.modPow(d, modulus)).mod(modulus);
    }
    long bits = d.longValue();
    MontgomeryForm.Scratch t = form.newScratch();
    long[] acc = form.fromInteger(x);
    // Montgomery product with (R^(2^k)) R: multiplies by R^(2^k)
    for (int k = 0; k < POWERS; k++) {
      if ((bits >>> k & 1) != 0) {
        form.multiply(acc, rPowers[k], acc, t);
      }
    }
    return form.toInteger(acc);
  }
}
