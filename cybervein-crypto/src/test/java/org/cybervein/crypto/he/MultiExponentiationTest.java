package org.cybervein.crypto.he;

import static org.cybervein.api.testing.PropertyRuns.examples;
import static org.cybervein.api.testing.PropertyRuns.qt;
import static org.cybervein.api.testing.PropertyRuns.seed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bucket method against the plain product of one exponentiation per term. */
class MultiExponentiationTest {
  /** The naive product; {@code modPow} takes a negative exponent through the inverse. */
  private static BigInteger baseline(BigInteger[] b, BigInteger[] e, BigInteger m) {
    BigInteger r = BigInteger.ONE;
    for (int i = 0; i < b.length; i++) {
      r = r.multiply(b[i].modPow(e[i], m)).mod(m);
    }
    return r.mod(m);
  }

  /** Scalars as training forms them: round(x 2^32) for a standard normal x, some zero. */
  private static BigInteger[] trainingScalars(Random random, int terms) {
    BigInteger[] k = new BigInteger[terms];
    for (int i = 0; i < terms; i++) {
      k[i] =
          random.nextInt(10) == 0
              ? BigInteger.ZERO
              : BigInteger.valueOf(Math.round(random.nextGaussian() * 0x1p32));
    }
    return k;
  }

  /** A modulus of the given size: odd (Montgomery) or even (plain BigInteger) as asked. */
  private static BigInteger modulus(Random random, int bits, boolean odd) {
    BigInteger m = new BigInteger(bits, random).setBit(bits - 1);
    return odd ? m.setBit(0) : m.clearBit(0);
  }

  private static BigInteger[] units(Random random, BigInteger modulus, int terms) {
    BigInteger[] b = new BigInteger[terms];
    for (int i = 0; i < terms; i++) {
      do {
        b[i] = new BigInteger(modulus.bitLength() + 8, random).mod(modulus);
      } while (!b[i].gcd(modulus).equals(BigInteger.ONE));
    }
    return b;
  }

  @Test
  void signedProductAgreesWithTheNaiveProduct() {
    qt(Math.min(100, examples()))
        .forAll(
            longs().all(),
            integers().between(0, 200),
            integers().between(1, 130),
            integers().between(2, 700))
        .checkAssert(
            (seed, terms, bits, modulusBits) -> {
              Random random = new Random(seed);
              BigInteger modulus = modulus(random, modulusBits, random.nextInt(4) != 0);
              BigInteger[] bases = units(random, modulus, terms);
              BigInteger[] exponents = new BigInteger[terms];
              for (int i = 0; i < terms; i++) {
                // zero, short, long, either sign; sometimes all of one sign
                BigInteger e =
                    random.nextInt(5) == 0
                        ? BigInteger.ZERO
                        : new BigInteger(1 + random.nextInt(bits), random);
                exponents[i] = random.nextBoolean() ? e : e.negate();
              }
              assertEquals(
                  baseline(bases, exponents, modulus),
                  MultiExponentiation.signedProduct(bases, exponents, modulus),
                  "seed " + seed);
            });
  }

  @Test
  void signedProductAgreesAt2048And4096BitsWithTrainingScalars() {
    Random random = new Random(seed());
    for (int bits : new int[] {2048, 4096}) {
      BigInteger modulus = modulus(random, bits, true);
      for (int terms : new int[] {1, 7, 8, 9, 33, 140}) {
        BigInteger[] bases = units(random, modulus, terms);
        BigInteger[] exponents = trainingScalars(random, terms);
        assertEquals(
            baseline(bases, exponents, modulus),
            MultiExponentiation.signedProduct(bases, exponents, modulus),
            bits + " bits, " + terms + " terms, seed " + seed());
      }
    }
  }

  @Test
  void signedProductsAreTheRowsOneByOne() {
    Random random = new Random(seed());
    BigInteger modulus = modulus(random, 1024, true);
    BigInteger[] bases = units(random, modulus, 40);
    BigInteger[][] rows = new BigInteger[5][];
    for (int j = 0; j < rows.length; j++) {
      rows[j] = trainingScalars(random, bases.length);
    }
    rows[3] = new BigInteger[bases.length];
    Arrays.fill(rows[3], BigInteger.ZERO);
    BigInteger[] products = MultiExponentiation.signedProducts(bases, rows, modulus);
    assertEquals(rows.length, products.length);
    for (int j = 0; j < rows.length; j++) {
      assertEquals(baseline(bases, rows[j], modulus), products[j], "row " + j);
    }
    // the same rows as tasks on two threads
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      assertArrayEquals(products, MultiExponentiation.signedProducts(bases, rows, modulus, pool));
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void nonUnitBasesGiveTheNaiveProductUnlessTheirInverseIsNeeded() {
    Random random = new Random(seed());
    BigInteger p = BigInteger.probablePrime(200, random);
    BigInteger modulus = p.multiply(BigInteger.probablePrime(200, random));
    BigInteger[] bases = units(random, modulus, 40);
    BigInteger[] exponents = trainingScalars(random, bases.length);
    // positive exponents on a multiple of p and on 0: a signed digit puts them in the
    // denominator, which then is no unit; the result must still be the naive product
    bases[2] = p.multiply(BigInteger.valueOf(3));
    exponents[2] = BigInteger.valueOf(0xFFFF_FFFFL);
    bases[5] = BigInteger.ZERO;
    exponents[5] = BigInteger.valueOf(7);
    assertEquals(
        baseline(bases, exponents, modulus),
        MultiExponentiation.signedProduct(bases, exponents, modulus));
    bases[5] = BigInteger.ONE;
    assertEquals(
        baseline(bases, exponents, modulus),
        MultiExponentiation.signedProduct(bases, exponents, modulus));
    // a negative exponent on it needs its inverse: refused as modPow refuses it
    exponents[2] = BigInteger.valueOf(-5);
    assertThrows(
        ArithmeticException.class,
        () -> MultiExponentiation.signedProduct(bases, exponents, modulus));
    assertThrows(ArithmeticException.class, () -> baseline(bases, exponents, modulus));
  }

  @Test
  void signedDigitsAddUpToTheExponent() {
    qt().forAll(longs().all(), integers().between(1, 12), integers().between(1, 200))
        .checkAssert(
            (seed, c, bits) -> {
              Random random = new Random(seed);
              BigInteger e = new BigInteger(random.nextInt(bits + 1), random);
              e = random.nextBoolean() ? e : e.negate();
              for (boolean signed : new boolean[] {false, true}) {
                int windows = (e.abs().bitLength() + (signed ? 1 : 0) + c - 1) / c;
                int[] digits = new int[windows + 1];
                MultiExponentiation.recode(e, c, windows, signed, digits, 1);
                BigInteger sum = BigInteger.ZERO;
                for (int w = windows - 1; w >= 0; w--) {
                  int d = digits[1 + w];
                  assertTrue(
                      signed ? Math.abs(d) <= 1 << (c - 1) : d >= 0 && d < 1 << c, "digit " + d);
                  sum = sum.shiftLeft(c).add(BigInteger.valueOf(d));
                }
                assertEquals(signed ? e : e.abs(), sum, "seed " + seed + ", c = " + c);
              }
            });
  }

  @Test
  void everyWindowWidthGivesTheSameProductInMontgomeryForm() {
    Random random = new Random(11);
    BigInteger modulus = BigInteger.probablePrime(300, random).multiply(BigInteger.valueOf(3));
    BigInteger[] bases = units(random, modulus, 37);
    BigInteger[] exponents = new BigInteger[bases.length];
    for (int i = 0; i < bases.length; i++) {
      exponents[i] = new BigInteger(70, random);
    }
    exponents[3] = BigInteger.ONE.shiftLeft(69); // a single top bit
    exponents[4] = BigInteger.ONE.shiftLeft(70).subtract(BigInteger.ONE); // all ones
    BigInteger unsigned = baseline(bases, exponents, modulus);
    BigInteger[] positive = exponents.clone();
    exponents[6] = exponents[6].negate();
    exponents[7] = exponents[4].negate();
    BigInteger signed = baseline(bases, exponents, modulus);
    for (int c = 1; c <= 12; c++) {
      assertEquals(
          signed,
          MultiExponentiation.montgomeryBuckets(bases, exponents, modulus, c, true),
          "c = " + c);
    }
    for (int c = 1; c <= 12; c++) {
      assertEquals(
          unsigned,
          MultiExponentiation.montgomeryBuckets(bases, positive, modulus, c, false),
          "c = " + c);
    }
  }

  @Test
  void agreesWithOneExponentiationPerTerm() {
    qt().forAll(longs().all(), integers().between(0, 300), integers().between(1, 130))
        .checkAssert(
            (seed, terms, bits) -> {
              Random random = new Random(seed);
              // odd (Montgomery) and even (BigInteger) moduli
              BigInteger modulus = new BigInteger(96 + random.nextInt(200), random);
              modulus = random.nextInt(4) == 0 ? modulus.clearBit(0) : modulus.setBit(0);
              if (modulus.compareTo(BigInteger.TWO) < 0) {
                modulus = BigInteger.valueOf(3);
              }
              BigInteger[] bases = new BigInteger[terms];
              BigInteger[] exponents = new BigInteger[terms];
              for (int i = 0; i < terms; i++) {
                bases[i] = new BigInteger(modulus.bitLength() + 8, random).mod(modulus);
                // sparse, dense and zero exponents of mixed lengths
                exponents[i] =
                    random.nextInt(5) == 0
                        ? BigInteger.ZERO
                        : new BigInteger(1 + random.nextInt(bits), random);
              }
              assertEquals(
                  baseline(bases, exponents, modulus),
                  MultiExponentiation.product(bases, exponents, modulus),
                  "seed " + seed);
            });
  }

  @Test
  void everyWindowWidthGivesTheSameProduct() {
    Random random = new Random(7);
    BigInteger modulus = BigInteger.probablePrime(256, random);
    BigInteger[] bases = new BigInteger[33];
    BigInteger[] exponents = new BigInteger[33];
    for (int i = 0; i < bases.length; i++) {
      bases[i] = new BigInteger(250, random);
      exponents[i] = new BigInteger(70, random);
    }
    exponents[3] = BigInteger.ONE.shiftLeft(69); // a single top bit
    BigInteger expected = baseline(bases, exponents, modulus);
    for (int c = 1; c <= 12; c++) {
      assertEquals(
          expected, MultiExponentiation.buckets(bases, exponents, modulus, 70, c), "c = " + c);
    }
  }

  @Test
  void edgeCases() {
    BigInteger m = BigInteger.valueOf(1_000_003);
    assertEquals(
        BigInteger.ONE, MultiExponentiation.product(new BigInteger[0], new BigInteger[0], m));
    BigInteger[] zeros = {BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO};
    BigInteger[] some = {BigInteger.TWO, BigInteger.valueOf(5), BigInteger.ZERO, BigInteger.ONE};
    assertEquals(BigInteger.ONE, MultiExponentiation.product(some, zeros, m));
    // a zero base with a positive exponent makes the product zero
    BigInteger[] exps = {BigInteger.ONE, BigInteger.ONE, BigInteger.TEN, BigInteger.ONE};
    assertEquals(BigInteger.ZERO, MultiExponentiation.product(some, exps, m));
  }

  @Test
  void refusesMisuse() {
    BigInteger m = BigInteger.valueOf(101);
    BigInteger[] one = {BigInteger.TWO};
    assertThrows(
        IllegalArgumentException.class,
        () -> MultiExponentiation.product(one, new BigInteger[0], m));
    assertThrows(
        IllegalArgumentException.class,
        () -> MultiExponentiation.product(one, new BigInteger[] {BigInteger.valueOf(-1)}, m));
    assertThrows(
        IllegalArgumentException.class,
        () -> MultiExponentiation.product(new BigInteger[] {m}, one, m));
    assertThrows(
        IllegalArgumentException.class,
        () -> MultiExponentiation.product(one, one, BigInteger.ONE));
  }

  @Test
  void windowGrowsWithTheNumberOfTerms() {
    int previous = 0;
    for (int terms : new int[] {4, 16, 64, 256, 4096, 65536}) {
      int c = MultiExponentiation.windowBits(terms, 40);
      assertEquals(true, c >= previous, terms + " terms: c = " + c);
      previous = c;
    }
  }
}
