package org.cybervein.crypto.he;

import static org.cybervein.api.testing.PropertyRuns.qt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

  @Test
  void alternatingModuliKeepTheirTablesAndGiveTheRightProducts() throws Exception {
    Random random = new Random(7);
    BigInteger[] moduli = new BigInteger[2];
    for (int k = 0; k < 2; k++) {
      BigInteger root = new BigInteger(512, random).setBit(511).setBit(0);
      moduli[k] = root.multiply(root);
    }
    ModulusTables first = ModulusTables.of(moduli[0]);
    ModulusTables second = ModulusTables.of(moduli[1]);
    // before the cache held more than one modulus, each switch built the tables again
    assertSame(first, ModulusTables.of(moduli[0]));
    assertSame(second, ModulusTables.of(moduli[1]));
    // two threads alternating the two moduli get the same products as BigInteger
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?>[] runs = new Future<?>[2];
      for (int t = 0; t < 2; t++) {
        long seed = t;
        runs[t] =
            pool.submit(
                () -> {
                  Random r = new Random(seed);
                  for (int round = 0; round < 20; round++) {
                    BigInteger modulus = moduli[(round + (int) seed) % 2];
                    BigInteger[] bases = new BigInteger[12];
                    BigInteger[] exponents = new BigInteger[12];
                    BigInteger expected = BigInteger.ONE;
                    for (int i = 0; i < bases.length; i++) {
                      bases[i] = new BigInteger(modulus.bitLength() - 1, r);
                      exponents[i] = new BigInteger(40, r);
                      expected =
                          expected.multiply(bases[i].modPow(exponents[i], modulus)).mod(modulus);
                    }
                    assertEquals(
                        expected,
                        MultiExponentiation.product(bases, exponents, modulus),
                        "seed " + seed + ", round " + round);
                  }
                });
      }
      for (Future<?> run : runs) {
        run.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void keepsOnlyTheLastFewModuli() {
    BigInteger oldest = BigInteger.valueOf(1_000_003L * 999_983L).pow(2);
    ModulusTables kept = ModulusTables.of(oldest);
    for (int k = 0; k < ModulusTables.CACHED; k++) {
      ModulusTables.of(BigInteger.valueOf(1_000_033L + 2 * k).pow(2));
    }
    assertNotSame(kept, ModulusTables.of(oldest));
  }
}
