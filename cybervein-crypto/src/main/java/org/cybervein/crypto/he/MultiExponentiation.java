package org.cybervein.crypto.he;

import java.math.BigInteger;
import java.util.Arrays;
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
 * <p>Signed exponents ({@link #signedProduct}, {@link #signedProducts}): the digits are signed, in
 * {@code (-2^(c-1), 2^(c-1)]}, and a negative digit (of a positive or a negative exponent)
 * multiplies its base into a second set of buckets, the denominator, inverted once at the end
 * (Paillier: {@code [[-a]] = [[a]]^-1}). Both signs then share one pass over the terms and half as
 * many buckets per set, instead of two products apart. {@link #signedProducts} forms several sums
 * over the same bases (one per feature) and converts the bases once.
 *
 * <p>For an odd modulus (every Paillier {@code n^2}) the group operation is a Montgomery product on
 * 27-bit limbs (see {@code MontgomeryForm}), several times cheaper than {@code
 * multiply(..).mod(M)}: the bases enter as they are, without conversion, and the power of R this
 * leaves on the result is removed by one exponentiation at the end. Even moduli use {@code
 * BigInteger} throughout.
 *
 * <p>Results are exactly the naive product for every input, including bases that are not units:
 * when the denominator of a signed product is not invertible, the product is computed again with
 * the negative exponents apart, and only a non-invertible product of the bases with negative
 * exponents is refused. No secret is involved, so the running time depends on the exponents' digits
 * (it is not constant-time, and need not be for public ciphertexts and a party's own scalars).
 */
public final class MultiExponentiation {
  /**
   * Below this many terms one {@code modPow} per term (the JDK's Montgomery intrinsics) is cheaper
   * than the fixed cost of the bucket method: the exponentiation that removes the Montgomery
   * factor, the inversion and the squarings between windows. Measured on 2048-bit Paillier (the
   * multi-exponentiation micro benchmark): the buckets win from about 8 terms.
   */
  static final int MIN_TERMS_FOR_BUCKETS = 8;

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
    checkModulus(modulus);
    checkBases(bases, modulus);
    checkExponents(exponents, bases.length, false, "");
    int maxBits = maxBits(exponents);
    if (maxBits == 0) {
      return BigInteger.ONE;
    }
    if (bases.length < MIN_TERMS_FOR_BUCKETS) {
      return perTerm(bases, exponents, modulus);
    }
    MontgomeryForm form = ModulusTables.of(modulus).form();
    if (form == null) {
      return buckets(bases, exponents, modulus, maxBits, windowBits(bases.length, maxBits));
    }
    long[][] limbs = toLimbs(form, bases);
    int c = windowBits(bases.length, maxBits);
    Sums sums = montgomeryBuckets(form, limbs, exponents, maxBits, c, false);
    return sums.join(form, exponentSum(exponents)).orElseThrow();
  }

  /**
   * Computes {@code prod_i bases[i]^exponents[i] mod modulus} for exponents of either sign, a
   * negative exponent standing for a power of the base's inverse.
   *
   * @param bases the bases, each in {@code [0, modulus)}
   * @param exponents the exponents, any sign, as many as bases
   * @param modulus the modulus, above 1
   * @return the product in {@code [0, modulus)}; 1 for no terms
   * @throws IllegalArgumentException if the lengths differ, a base is out of range or the modulus
   *     is below 2
   * @throws ArithmeticException if the product of the bases with negative exponents is not
   *     invertible modulo {@code modulus}
   */
  public static BigInteger signedProduct(
      BigInteger[] bases, BigInteger[] exponents, BigInteger modulus) {
    return signedProducts(bases, new BigInteger[][] {exponents}, modulus)[0];
  }

  /**
   * Computes, for every row j of {@code exponents}, {@code prod_i bases[i]^exponents[j][i] mod
   * modulus} (exponents of either sign, as in {@link #signedProduct}): the sums of every feature
   * over the same encrypted values, with the bases converted once.
   *
   * @param bases the bases shared by all rows, each in {@code [0, modulus)}
   * @param exponents one row of exponents per product, each row as long as bases
   * @param modulus the modulus, above 1
   * @return one product per row, each in {@code [0, modulus)}
   * @throws IllegalArgumentException if a row's length differs from the bases', a base is out of
   *     range or the modulus is below 2
   * @throws ArithmeticException if, in some row, the product of the bases with negative exponents
   *     is not invertible modulo {@code modulus}
   */
  public static BigInteger[] signedProducts(
      BigInteger[] bases, BigInteger[][] exponents, BigInteger modulus) {
    return signedProducts(bases, exponents, modulus, Runnable::run);
  }

  /**
   * {@link #signedProducts(BigInteger[], BigInteger[][], BigInteger)} with one task per row on an
   * injected executor (the caller's pool; no thread is created here), the calling thread waiting
   * for all. The result is the same as on one thread.
   *
   * @param bases the bases shared by all rows, each in {@code [0, modulus)}
   * @param exponents one row of exponents per product, each row as long as bases
   * @param modulus the modulus, above 1
   * @param executor runs the rows' tasks
   * @return one product per row, each in {@code [0, modulus)}
   * @throws IllegalArgumentException if a row's length differs from the bases', a base is out of
   *     range or the modulus is below 2
   * @throws ArithmeticException if, in some row, the product of the bases with negative exponents
   *     is not invertible modulo {@code modulus}
   * @throws java.util.concurrent.RejectedExecutionException if the executor refuses a task
   */
  public static BigInteger[] signedProducts(
      BigInteger[] bases,
      BigInteger[][] exponents,
      BigInteger modulus,
      java.util.concurrent.Executor executor) {
    Objects.requireNonNull(executor, "executor");
    checkModulus(modulus);
    checkBases(bases, modulus);
    for (int j = 0; j < exponents.length; j++) {
      checkExponents(exponents[j], bases.length, true, "row " + j + ": ");
    }
    ModulusTables tables = ModulusTables.of(modulus);
    MontgomeryForm form = bases.length < MIN_TERMS_FOR_BUCKETS ? null : tables.form();
    BigInteger[] results = new BigInteger[exponents.length];
    if (form == null) {
      for (int j = 0; j < exponents.length; j++) {
        results[j] = apart(bases, exponents[j], modulus);
      }
      return results;
    }
    // Bases into Montgomery form (one product each) spare every row the exponentiation that
    // removes R from an unconverted result; worth it when rows are many or terms few.
    boolean converted = bases.length < CONVERSION_PER_ROW * exponents.length;
    long[][] limbs = toLimbs(form, bases);
    if (converted) {
      long[] rSquared = tables.rSquared();
      MontgomeryForm.Scratch t = form.newScratch();
      for (long[] base : limbs) {
        form.multiply(base, rSquared, base, t);
      }
    }
    BigInteger[] numerators = new BigInteger[exponents.length];
    BigInteger[] denominators = new BigInteger[exponents.length];
    java.util.List<java.util.concurrent.CompletableFuture<BigInteger[]>> rows =
        new java.util.ArrayList<>(exponents.length);
    for (BigInteger[] row : exponents) {
      rows.add(
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> quotient(form, limbs, row, converted), executor));
    }
    for (int j = 0; j < exponents.length; j++) {
      BigInteger[] quotient = rows.get(j).join();
      numerators[j] = quotient[0];
      denominators[j] = quotient[1];
    }
    BigInteger[] inverses = inverses(denominators, modulus);
    for (int j = 0; j < exponents.length; j++) {
      results[j] =
          inverses[j] == null
              ? apart(bases, exponents[j], modulus)
              : numerators[j].multiply(inverses[j]).mod(modulus);
    }
    return results;
  }

  /** One row's {numerator, denominator}: read-only shared bases, everything else its own. */
  private static BigInteger[] quotient(
      MontgomeryForm form, long[][] limbs, BigInteger[] row, boolean converted) {
    int maxBits = maxBits(row);
    if (maxBits == 0) {
      return new BigInteger[] {BigInteger.ONE, BigInteger.ONE};
    }
    // one more window bit: a signed digit can carry into the top
    int c = windowBits(limbs.length, maxBits + 1);
    Sums sums = montgomeryBuckets(form, limbs, row, maxBits, c, true);
    return converted ? sums.quotientOfConverted(form) : sums.quotient(form, exponentSum(row));
  }

  /**
   * Terms per row below which the bases are converted into Montgomery form: a conversion costs one
   * product per base, the removal of {@code R^D} it spares about 20 (one per set bit of D, a 40-bit
   * number) and the conversion out of the result.
   */
  static final int CONVERSION_PER_ROW = 20;

  /**
   * The inverses of all values at the price of one inversion (Montgomery's trick: invert the
   * product, then peel off one factor at a time with three multiplications each); null for a value
   * that is not a unit.
   */
  private static BigInteger[] inverses(BigInteger[] values, BigInteger modulus) {
    BigInteger[] inverses = new BigInteger[values.length];
    BigInteger[] prefix = new BigInteger[values.length];
    BigInteger running = BigInteger.ONE;
    for (int j = 0; j < values.length; j++) {
      if (!values[j].equals(BigInteger.ONE)) {
        running = running.multiply(values[j]).mod(modulus);
      }
      prefix[j] = running;
    }
    if (!running.gcd(modulus).equals(BigInteger.ONE)) {
      // some value is no unit: each on its own, so that the others still get theirs
      for (int j = 0; j < values.length; j++) {
        inverses[j] =
            values[j].gcd(modulus).equals(BigInteger.ONE) ? values[j].modInverse(modulus) : null;
      }
      return inverses;
    }
    BigInteger inverse = ModulusTables.of(modulus).inverse(running);
    for (int j = values.length - 1; j >= 0; j--) {
      if (values[j].equals(BigInteger.ONE)) {
        inverses[j] = BigInteger.ONE;
      } else {
        BigInteger before = j == 0 ? BigInteger.ONE : prefix[j - 1];
        inverses[j] = inverse.multiply(before).mod(modulus);
        inverse = inverse.multiply(values[j]).mod(modulus);
      }
    }
    return inverses;
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

  /**
   * The signed product with the negative exponents apart: two non-negative products and one
   * inversion; what a non-invertible denominator falls back to.
   */
  private static BigInteger apart(BigInteger[] bases, BigInteger[] exponents, BigInteger modulus) {
    int negatives = 0;
    for (BigInteger e : exponents) {
      negatives += e.signum() < 0 ? 1 : 0;
    }
    BigInteger[] posBases = new BigInteger[bases.length - negatives];
    BigInteger[] posExps = new BigInteger[posBases.length];
    BigInteger[] negBases = new BigInteger[negatives];
    BigInteger[] negExps = new BigInteger[negatives];
    int p = 0;
    int q = 0;
    for (int i = 0; i < bases.length; i++) {
      if (exponents[i].signum() < 0) {
        negBases[q] = bases[i];
        negExps[q++] = exponents[i].negate();
      } else {
        posBases[p] = bases[i];
        posExps[p++] = exponents[i];
      }
    }
    BigInteger result = product(posBases, posExps, modulus);
    if (negatives > 0) {
      BigInteger inverse = ModulusTables.of(modulus).inverse(product(negBases, negExps, modulus));
      result = result.multiply(inverse).mod(modulus);
    }
    return result;
  }

  private static BigInteger perTerm(
      BigInteger[] bases, BigInteger[] exponents, BigInteger modulus) {
    BigInteger result = BigInteger.ONE;
    for (int i = 0; i < bases.length; i++) {
      result = result.multiply(bases[i].modPow(exponents[i], modulus)).mod(modulus);
    }
    return result.mod(modulus);
  }

  /** Numerator and denominator of a bucket run, in Montgomery limbs, each absent if empty. */
  private record Sums(long[] numerator, long[] denominator) {
    /**
     * {@code {a, b}} with {@code a / b} the product, for unconverted bases. Every Montgomery
     * product left a factor {@code R^-1}: a value built from bases whose exponents add up to K
     * stands for its product times {@code R^(1-K)}, so the quotient needs {@code R^D} with {@code D
     * = sum e_i - [numerator] + [denominator]}, put on whichever side makes it a positive power.
     */
    BigInteger[] quotient(MontgomeryForm form, BigInteger exponentSum) {
      BigInteger modulus = form.modulus();
      BigInteger d = exponentSum;
      BigInteger num = BigInteger.ONE;
      BigInteger den = BigInteger.ONE;
      if (numerator != null) {
        num = form.toInteger(numerator);
        d = d.subtract(BigInteger.ONE);
      }
      if (denominator != null) {
        den = form.toInteger(denominator);
        d = d.add(BigInteger.ONE);
      }
      ModulusTables tables = ModulusTables.of(modulus);
      if (d.signum() > 0) {
        num = tables.timesPowerOfR(num, d);
      } else if (d.signum() < 0) {
        den = tables.timesPowerOfR(den, d.negate());
      }
      return new BigInteger[] {num, den};
    }

    /** {@code {a, b}} with {@code a / b} the product, for bases in Montgomery form (x R). */
    BigInteger[] quotientOfConverted(MontgomeryForm form) {
      return new BigInteger[] {fromMontgomery(form, numerator), fromMontgomery(form, denominator)};
    }

    private static BigInteger fromMontgomery(MontgomeryForm form, long[] value) {
      if (value == null) {
        return BigInteger.ONE;
      }
      long[] one = new long[form.limbs()];
      one[0] = 1;
      long[] out = new long[form.limbs()];
      form.multiply(value, one, out, form.newScratch());
      return form.toInteger(out);
    }

    /** The quotient for unconverted bases, or empty if the denominator is not a unit. */
    java.util.Optional<BigInteger> join(MontgomeryForm form, BigInteger exponentSum) {
      BigInteger[] q = quotient(form, exponentSum);
      BigInteger modulus = form.modulus();
      if (q[1].equals(BigInteger.ONE)) {
        return java.util.Optional.of(q[0]);
      }
      if (!q[1].gcd(modulus).equals(BigInteger.ONE)) {
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(
          q[0].multiply(ModulusTables.of(modulus).inverse(q[1])).mod(modulus));
    }
  }

  /**
   * Pippenger's method on Montgomery limbs. Unsigned: digits in {@code [0, 2^c)}, all in the
   * numerator. Signed: digits in {@code (-2^(c-1), 2^(c-1)]}, each term's sign applied, negative
   * ones in the denominator.
   */
  private static Sums montgomeryBuckets(
      MontgomeryForm form,
      long[][] bases,
      BigInteger[] exponents,
      int maxBits,
      int c,
      boolean signed) {
    int m = bases.length;
    int windows = signed ? (maxBits + 1 + c - 1) / c : (maxBits + c - 1) / c;
    int[] digits = new int[m * windows];
    for (int i = 0; i < m; i++) {
      recode(exponents[i], c, windows, signed, digits, i * windows);
    }
    int size = signed ? (1 << (c - 1)) + 1 : 1 << c;
    int s = form.limbs();
    MontgomeryForm.Scratch t = form.newScratch();
    Buckets num = new Buckets(size, s);
    Buckets den = signed ? new Buckets(size, s) : null;
    long[] accNum = null;
    long[] accDen = null;
    long[] window = new long[s];
    long[] running = new long[s];
    for (int w = windows - 1; w >= 0; w--) {
      num.clear();
      if (den != null) {
        den.clear();
      }
      for (int i = 0; i < m; i++) {
        int digit = digits[i * windows + w];
        if (digit > 0) {
          num.put(digit, bases[i], form, t);
        } else if (digit < 0) {
          den.put(-digit, bases[i], form, t);
        }
      }
      accNum = fold(form, num, accNum, c, window, running, t);
      if (den != null) {
        accDen = fold(form, den, accDen, c, window, running, t);
      }
    }
    return new Sums(accNum, accDen);
  }

  /**
   * acc^(2^c) times {@code prod_d B_d^d}; the running product of the buckets from the top,
   * multiplied in once per digit value, gives each bucket the power of its digit. Returns the new
   * accumulator (null while nothing was multiplied in).
   */
  private static long[] fold(
      MontgomeryForm form,
      Buckets buckets,
      long[] acc,
      int c,
      long[] window,
      long[] running,
      MontgomeryForm.Scratch t) {
    if (acc != null) {
      for (int k = 0; k < c; k++) {
        form.multiply(acc, acc, acc, t);
      }
    }
    boolean haveRunning = false;
    boolean haveWindow = false;
    for (int d = buckets.filled.length - 1; d >= 1; d--) {
      if (buckets.filled[d]) {
        if (haveRunning) {
          form.multiply(running, buckets.values[d], running, t);
        } else {
          System.arraycopy(buckets.values[d], 0, running, 0, running.length);
          haveRunning = true;
        }
      }
      if (haveRunning) {
        if (haveWindow) {
          form.multiply(window, running, window, t);
        } else {
          System.arraycopy(running, 0, window, 0, window.length);
          haveWindow = true;
        }
      }
    }
    if (!haveWindow) {
      return acc;
    }
    if (acc == null) {
      return window.clone();
    }
    form.multiply(acc, window, acc, t);
    return acc;
  }

  /** One set of buckets, indexed by digit magnitude (0 unused). */
  private static final class Buckets {
    final long[][] values;
    final boolean[] filled;

    Buckets(int size, int limbs) {
      values = new long[size][limbs];
      filled = new boolean[size];
    }

    void clear() {
      Arrays.fill(filled, false);
    }

    void put(int digit, long[] base, MontgomeryForm form, MontgomeryForm.Scratch t) {
      if (filled[digit]) {
        form.multiply(values[digit], base, values[digit], t);
      } else {
        System.arraycopy(base, 0, values[digit], 0, base.length);
        filled[digit] = true;
      }
    }
  }

  /**
   * Writes the c-bit digits of e, least significant window first, into {@code out[from ..
   * from+windows)}: unsigned in {@code [0, 2^c)}, or signed in {@code (-2^(c-1), 2^(c-1)]} with e's
   * sign applied (a digit above half borrows from the next window).
   */
  static void recode(BigInteger e, int c, int windows, boolean signed, int[] out, int from) {
    BigInteger magnitude = e.abs();
    int sign = e.signum() < 0 ? -1 : 1;
    boolean small = magnitude.bitLength() <= 62;
    long bits = small ? magnitude.longValue() : 0;
    int mask = (1 << c) - 1;
    int half = 1 << (c - 1);
    int carry = 0;
    for (int w = 0; w < windows; w++) {
      int low = w * c;
      int digit;
      if (small) {
        digit = low >= 63 ? 0 : (int) ((bits >>> low) & mask);
      } else {
        digit = 0;
        for (int b = c - 1; b >= 0; b--) {
          digit = (digit << 1) | (magnitude.testBit(low + b) ? 1 : 0);
        }
      }
      if (signed) {
        digit += carry;
        // above half borrows; at most half stays, so the top window (below half) never carries
        carry = digit > half ? 1 : 0;
        digit -= carry << c;
        out[from + w] = sign * digit;
      } else {
        out[from + w] = digit;
      }
    }
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
      Arrays.fill(bucket, null);
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
    return result == null ? BigInteger.ONE : result.mod(modulus);
  }

  /** The Montgomery bucket method at a given window width, for tests of every width. */
  static BigInteger montgomeryBuckets(
      BigInteger[] bases, BigInteger[] exponents, BigInteger modulus, int c, boolean signed) {
    MontgomeryForm form = MontgomeryForm.forModulusOrNull(modulus);
    Sums sums =
        montgomeryBuckets(form, toLimbs(form, bases), exponents, maxBits(exponents), c, signed);
    return sums.join(form, exponentSum(exponents)).orElseThrow(ArithmeticException::new);
  }

  private static int digit(BigInteger exponent, int low, int width) {
    int digit = 0;
    for (int b = width - 1; b >= 0; b--) {
      digit = (digit << 1) | (exponent.testBit(low + b) ? 1 : 0);
    }
    return digit;
  }

  private static long[][] toLimbs(MontgomeryForm form, BigInteger[] bases) {
    long[][] limbs = new long[bases.length][];
    for (int i = 0; i < bases.length; i++) {
      limbs[i] = form.fromInteger(bases[i]);
    }
    return limbs;
  }

  private static BigInteger exponentSum(BigInteger[] exponents) {
    BigInteger sum = BigInteger.ZERO;
    long small = 0;
    for (BigInteger e : exponents) {
      if (e.bitLength() < 40) {
        // 2^23 terms of 40 bits before a long could overflow: flush well before
        small += e.longValue();
        if (Math.abs(small) > (1L << 61)) {
          sum = sum.add(BigInteger.valueOf(small));
          small = 0;
        }
      } else {
        sum = sum.add(e);
      }
    }
    return sum.add(BigInteger.valueOf(small));
  }

  private static int maxBits(BigInteger[] exponents) {
    int maxBits = 0;
    for (BigInteger e : exponents) {
      // of the magnitude: bitLength() of -2^k is k, one short
      maxBits = Math.max(maxBits, e.abs().bitLength());
    }
    return maxBits;
  }

  private static void checkModulus(BigInteger modulus) {
    Objects.requireNonNull(modulus, "modulus");
    if (modulus.compareTo(BigInteger.TWO) < 0) {
      throw new IllegalArgumentException("modulus must be above 1");
    }
  }

  private static void checkBases(BigInteger[] bases, BigInteger modulus) {
    for (int i = 0; i < bases.length; i++) {
      if (bases[i].signum() < 0 || bases[i].compareTo(modulus) >= 0) {
        throw new IllegalArgumentException("base " + i + " is outside [0, modulus)");
      }
    }
  }

  private static void checkExponents(
      BigInteger[] exponents, int terms, boolean signed, String where) {
    if (exponents.length != terms) {
      throw new IllegalArgumentException(
          where + terms + " bases but " + exponents.length + " exponents");
    }
    for (int i = 0; i < exponents.length; i++) {
      if (!signed && exponents[i].signum() < 0) {
        throw new IllegalArgumentException(where + "exponent " + i + " is negative");
      }
    }
  }
}
