package org.cybervein.fl.vertical;

import static org.cybervein.testing.PropertyRuns.qt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import org.cybervein.api.random.DeterministicRandom;
import org.junit.jupiter.api.Test;

/** The per-row shortcuts give exactly what the plain definitions give. */
class FastPathsTest {
  private static final GradientCipher KEY =
      PaillierCipherSuite.insecureForTesting(512)
          .generate(DeterministicRandom.fromSeed(11L))
          .publicKey();

  @Test
  void scaledEqualsTheExactDecimalRounding() {
    qt().forAll(doubles().between(-1e25, 1e25), integers().between(1, 3))
        .checkAssert(
            (v, scale) ->
                assertEquals(
                    new BigDecimal(v)
                        .multiply(
                            new BigDecimal(
                                BigInteger.ONE.shiftLeft(FixedPoint.PRECISION_BITS * scale)))
                        .setScale(0, RoundingMode.HALF_EVEN)
                        .toBigIntegerExact(),
                    FixedPoint.scaled(v, scale),
                    v + " at scale " + scale));
    // ties round to even, as HALF_EVEN does
    assertEquals(
        BigInteger.ZERO, FixedPoint.scaled(Math.scalb(0.5, -FixedPoint.PRECISION_BITS), 1));
    assertEquals(BigInteger.TWO, FixedPoint.scaled(Math.scalb(1.5, -FixedPoint.PRECISION_BITS), 1));
  }

  @Test
  void batchCiphertextCheckAgreesWithTheSingleCheck() {
    BigInteger n = KEY.plaintextModulus();
    qt().withExamples(30)
        .forAll(longs().all(), integers().between(1, 20), integers().between(-1, 19))
        .checkAssert(
            (seed, count, bad) -> {
              DeterministicRandom random = DeterministicRandom.fromSeed(seed);
              BigInteger[] cs = new BigInteger[count];
              for (int i = 0; i < count; i++) {
                cs[i] = KEY.encrypt(BigInteger.valueOf(i), random);
              }
              if (bad >= 0 && bad < count) {
                // not prime to n, or out of range
                cs[bad] = seed % 2 == 0 ? n.multiply(BigInteger.valueOf(7)) : n.multiply(n);
              }
              boolean each = true;
              for (BigInteger c : cs) {
                each &= KEY.isCiphertext(c);
              }
              assertEquals(each, KEY.areCiphertexts(cs), "seed " + seed);
              assertEquals(bad < 0 || bad >= count, each);
            });
    assertFalse(KEY.areCiphertexts(new BigInteger[] {BigInteger.ZERO}));
    assertTrue(KEY.areCiphertexts(new BigInteger[] {BigInteger.ONE}));
  }

  @Test
  void directPowersEqualTheValidatedOnes() {
    DeterministicRandom random = DeterministicRandom.fromSeed(4L);
    BigInteger n = KEY.plaintextModulus();
    BigInteger c = KEY.encrypt(BigInteger.valueOf(5), random);
    BigInteger nSquared = n.multiply(n);
    assertEquals(
        c.modPow(BigInteger.valueOf(1L << 30), nSquared),
        KEY.multiply(c, BigInteger.valueOf(1L << 30)));
    assertEquals(c.modInverse(nSquared), KEY.negate(c));
  }
}
