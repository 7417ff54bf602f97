package org.cybervein.crypto.he;

import static org.cybervein.api.testing.PropertyRuns.qt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The limb Montgomery product against {@code a b R^-1 mod N} computed with BigInteger. */
class MontgomeryFormTest {
  @Test
  void productIsABTimesTheInverseOfR() {
    qt().forAll(longs().all(), integers().between(2, (MontgomeryForm.MAX_LIMBS - 1) * 27 - 2))
        .checkAssert(
            (seed, bits) -> {
              Random random = new Random(seed);
              BigInteger n = new BigInteger(bits, random).setBit(bits - 1).setBit(0);
              if (n.equals(BigInteger.ONE)) {
                n = BigInteger.valueOf(3);
              }
              MontgomeryForm form = MontgomeryForm.forModulusOrNull(n);
              // operands up to 2N - 1 (the range products stay in) and the extremes
              BigInteger twoN = n.shiftLeft(1);
              BigInteger[] xs = {
                new BigInteger(twoN.bitLength() + 8, random).mod(twoN),
                twoN.subtract(BigInteger.ONE),
                BigInteger.ZERO
              };
              BigInteger rInverse = BigInteger.ONE.shiftLeft(form.rBits()).modInverse(n);
              MontgomeryForm.Scratch t = form.newScratch();
              for (BigInteger a : xs) {
                for (BigInteger b : xs) {
                  long[] out = new long[form.limbs()];
                  form.multiply(form.fromInteger(a), form.fromInteger(b), out, t);
                  assertEquals(
                      a.multiply(b).multiply(rInverse).mod(n), form.toInteger(out), "seed " + seed);
                  // in place, as the buckets use it
                  long[] la = form.fromInteger(a);
                  form.multiply(la, la, la, t);
                  assertEquals(a.multiply(a).multiply(rInverse).mod(n), form.toInteger(la));
                }
              }
            });
  }

  @Test
  void evenOrTooLargeModuliAreLeftToBigInteger() {
    assertNull(MontgomeryForm.forModulusOrNull(BigInteger.valueOf(1000)));
    assertNull(MontgomeryForm.forModulusOrNull(BigInteger.ONE));
    assertNull(
        MontgomeryForm.forModulusOrNull(
            BigInteger.ONE.shiftLeft(MontgomeryForm.MAX_LIMBS * 27).add(BigInteger.ONE)));
  }
}
