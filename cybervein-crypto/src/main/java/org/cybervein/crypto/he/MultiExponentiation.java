package org.cybervein.crypto.he;

import java.math.BigInteger;
import java.util.Objects;

/**
 * The product {@code prod_i b_i^(e_i) mod M} of many powers at once, by Pippenger's bucket method:
 * the exponents are cut into windows of c bits; per window every base is multiplied into the bucket
 * of its digit, and the buckets are joined with two running products; the windows are joined by c
 * squarings each. With m terms of k-bit exponents that costs about {@code ceil(k/c) (m + 2^(c+1)) +
 * k} multiplications instead of the {@code m (1.5 k)} of one exponentiation per term, the sum that
 * Paillier-encrypted training forms for every feature ({@code [[sum_i d_i x_ij]] = prod_i
 * [[d_i]]^(x_ij)}).
 *
 * <p>Exponents are non-negative here; a caller with signed scalars multiplies the negative terms'
 * product separately and inverts it once (Paillier: {@code [[-a]] = [[a]]^-1}).
 *
 * <p>Works for any modulus; no secret is involved, so the running time depends on the exponents'
 * digits (it is not constant-time, and need not be for public ciphertexts and a party's own
 * scalars).
 */
public final class MultiExponentiation {
  /**
   * Below this many terms one exponentiation per term is cheaper: the JDK's {@code modPow} works in
   * Montgomery form with an intrinsic, while a bucket step pays a full {@code multiply} and {@code
   * mod}. Measured on 2048-bit Paillier (EncryptedSumBenchmark, 2 cores, quiet): the buckets lose
   * at 32 terms per sign and win by about 1.8x at 256.
   */
  static final int MIN_TERMS_FOR_BUCKETS = 128;

  private MultiExponentiation() {}

  /**
   * Computes {@code prod_i bases[i]^exponents[i] mod modulus}.
   *
   * @param bases the bases, each in {@code [0, modulus)}
   * @param exponents the exponents, each non-negative, as many as bases
   * @param modulus the modulus, above 1
   * @return the product in {@code [0, modulus)}; 1 for no terms
   * @throws IllegalArgumentException if the lengths differ, an exponent is negative, a base is out
   *     of range or the modulus is below 2
   */
  public static BigInteger product(BigInteger[] bases, BigInteger[] exponents, BigInteger modulus) {
    Objects.requireNonNull(modulus, "modulus");
    if (bases.length != exponents.length) {
      throw new IllegalArgumentException(
          bases.length + " bases but " + exponents.length + " exponents");
    }
    if (modulus.compareTo(BigInteger.TWO) < 0) {
      throw new IllegalArgumentException("modulus must be above 1");
    }
    int maxBits = 0;
    for (int i = 0; i < bases.length; i++) {
      if (exponents[i].signum() < 0) {
        throw new IllegalArgumentException("exponent " + i + " is negative");
      }
      if (bases[i].signum() < 0 || bases[i].compareTo(modulus) >= 0) {
        throw new IllegalArgumentException("base " + i + " is outside [0, modulus)");
      }
      maxBits = Math.max(maxBits, exponents[i].bitLength());
    }
    if (maxBits == 0) {
      return BigInteger.ONE;
    }
    if (bases.length < MIN_TERMS_FOR_BUCKETS) {
      BigInteger result = BigInteger.ONE;
      for (int i = 0; i < bases.length; i++) {
        result = result.multiply(bases[i].modPow(exponents[i], modulus)).mod(modulus);
      }
      return result;
    }
    return buckets(bases, exponents, modulus, maxBits, windowBits(bases.length, maxBits));
  }

  /** The window width c that minimises {@code ceil(k/c) (m + 2^(c+1))}. */
  static int windowBits(int terms, int maxBits) {
    int best = 1;
    long bestCost = Long.MAX_VALUE;
    for (int c = 1; c <= 16; c++) {
      long windows = (maxBits + c - 1) / c;
      long cost = windows * (terms + (2L << c));
      if (cost < bestCost) {
        bestCost = cost;
        best = c;
      }
    }
    return best;
  }

  static BigInteger buckets(
      BigInteger[] bases, BigInteger[] exponents, BigInteger modulus, int maxBits, int c) {
    int windows = (maxBits + c - 1) / c;
    BigInteger result = null;
    BigInteger[] bucket = new BigInteger[1 << c];
    for (int w = windows - 1; w >= 0; w--) {
      if (result != null) {
        for (int s = 0; s < c; s++) {
          result = result.multiply(result).mod(modulus);
        }
      }
      java.util.Arrays.fill(bucket, null);
      int low = w * c;
      for (int i = 0; i < bases.length; i++) {
        int digit = digit(exponents[i], low, c);
        if (digit != 0) {
          bucket[digit] =
              bucket[digit] == null ? bases[i] : bucket[digit].multiply(bases[i]).mod(modulus);
        }
      }
      // sum_d d * B_d as a product: the running product of buckets from the top, multiplied in
      // once per digit value, gives each B_d the power d.
      BigInteger running = null;
      BigInteger window = null;
      for (int d = bucket.length - 1; d >= 1; d--) {
        if (bucket[d] != null) {
          running = running == null ? bucket[d] : running.multiply(bucket[d]).mod(modulus);
        }
        if (running != null) {
          window = window == null ? running : window.multiply(running).mod(modulus);
        }
      }
      if (window != null) {
        result = result == null ? window : result.multiply(window).mod(modulus);
      }
    }
    return result == null ? BigInteger.ONE : result;
  }

  private static int digit(BigInteger exponent, int low, int width) {
    int digit = 0;
    for (int b = width - 1; b >= 0; b--) {
      digit = (digit << 1) | (exponent.testBit(low + b) ? 1 : 0);
    }
    return digit;
  }
}
