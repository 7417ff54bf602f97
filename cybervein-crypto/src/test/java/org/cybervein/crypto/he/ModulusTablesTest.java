package org.cybervein.crypto.he;

import static org.cybervein.api.testing.PropertyRuns.qt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The cached inverse (Newton lift for squares) and powers of R against BigInteger. */
class ModulusTablesTest {
  @Test
  void inverseAndPowersOfRAgreeWithBigInteger() {
    qt(50)
        .forAll(longs().all(), integers().between(8, 600))
        .checkAssert(
            (seed, bits) -> {
              Random random = new Random(seed);
              BigInteger root = new BigInteger(bits, random).setBit(bits - 1).setBit(0);
              // a Paillier-like square and a modulus that is no square
              for (BigInteger modulus :
                  new BigInteger[] {root.multiply(root), root.multiply(root).add(BigInteger.TWO)}) {
                ModulusTables tables = ModulusTables.of(modulus);
                BigInteger x;
                do {
                  x = new BigInteger(modulus.bitLength() + 8, random).mod(modulus);
                } while (!x.gcd(modulus).equals(BigInteger.ONE));
                assertEquals(x.modInverse(modulus), tables.inverse(x), "seed " + seed);
                BigInteger r = BigInteger.ONE.shiftLeft(tables.form().rBits());
                for (BigInteger d :
                    new BigInteger[] {
                      BigInteger.ZERO,
                      BigInteger.ONE,
                      BigInteger.valueOf(random.nextLong() >>> 1),
                      new BigInteger(70, random)
                    }) {
                  assertEquals(
                      x.multiply(r.modPow(d, modulus)).mod(modulus),
                      tables.timesPowerOfR(x, d),
                      "seed " + seed + ", d = " + d);
                }
              }
            });
  }

  @Test
  void nonUnitsHaveNoInverse() {
    BigInteger root = BigInteger.valueOf(1_000_003L * 999_983L);
    ModulusTables square = ModulusTables.of(root.multiply(root));
    assertThrows(ArithmeticException.class, () -> square.inverse(BigInteger.valueOf(999_983L)));
    ModulusTables other = ModulusTables.of(BigInteger.valueOf(1_000_003L * 6));
    assertThrows(ArithmeticException.class, () -> other.inverse(BigInteger.valueOf(3)));
  }
}
