package org.cybervein.crypto.he;

import static org.cybervein.api.testing.PropertyRuns.qt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bucket method against the plain product of one exponentiation per term. */
class MultiExponentiationTest {
  private static BigInteger baseline(BigInteger[] b, BigInteger[] e, BigInteger m) {
    BigInteger r = BigInteger.ONE;
    for (int i = 0; i < b.length; i++) {
      r = r.multiply(b[i].modPow(e[i], m)).mod(m);
    }
    return r.mod(m);
  }

  @Test
  void agreesWithOneExponentiationPerTerm() {
    qt().forAll(longs().all(), integers().between(0, 300), integers().between(1, 130))
        .checkAssert(
            (seed, terms, bits) -> {
              Random random = new Random(seed);
              BigInteger modulus = new BigInteger(96 + random.nextInt(200), random).setBit(0);
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
