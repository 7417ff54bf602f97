package org.cybervein.fl.vertical;

import static org.cybervein.testing.PropertyRuns.qt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import java.math.BigInteger;
import java.util.List;
import org.cybervein.api.random.DeterministicRandom;
import org.junit.jupiter.api.Test;

/**
 * The homomorphic laws the protocol relies on, for both ciphers, through the fixed-point encoding
 * at the scales the protocol uses.
 */
class CipherLawsTest {
  private static final List<GradientDecryptor> KEYS =
      List.of(
          new MockCipherSuite().generate(DeterministicRandom.fromSeed(1L)),
          PaillierCipherSuite.insecureForTesting(512).generate(DeterministicRandom.fromSeed(2L)));

  @Test
  void sumsAndSignedScalarProductsDecryptToTheirPlainValues() {
    qt(Math.min(60, org.cybervein.testing.PropertyRuns.examples()))
        .forAll(
            doubles().between(-1e3, 1e3),
            doubles().between(-1e3, 1e3),
            doubles().between(-50, 50),
            integers().between(0, 1))
        .checkAssert(
            (a, b, k, which) -> {
              GradientDecryptor key = KEYS.get(which);
              GradientCipher c = key.publicKey();
              FixedPoint fp = new FixedPoint(c.plaintextModulus());
              DeterministicRandom r = DeterministicRandom.fromSeed(Double.doubleToLongBits(a));
              BigInteger ea = c.encrypt(fp.encode(a, 1), r);
              BigInteger eb = c.encrypt(fp.encode(b, 1), r);
              // each encoding rounds by at most half a unit of 2^-P
              double unit = Math.scalb(1.0, -FixedPoint.PRECISION_BITS);
              assertEquals(a + b, decoded(fp, key.decrypt(c.add(ea, eb)), 1), unit);
              BigInteger product = FixedPoint.multiplySigned(c, ea, FixedPoint.scaled(k, 1));
              double productError = (Math.abs(a) + Math.abs(k) + 1) * unit;
              assertEquals(a * k, decoded(fp, key.decrypt(product), 2), productError);
              BigInteger shifted = c.addPlaintext(product, fp.encode(b, 2));
              assertEquals(a * k + b, decoded(fp, key.decrypt(shifted), 2), productError + unit);
              assertEquals(-a, decoded(fp, key.decrypt(c.negate(ea)), 1), unit);
            });
  }

  @Test
  void aMaskAddedAndRemovedLeavesTheValueExactly() {
    for (GradientDecryptor key : KEYS) {
      GradientCipher c = key.publicKey();
      FixedPoint fp = new FixedPoint(c.plaintextModulus());
      DeterministicRandom r = DeterministicRandom.fromSeed(3L);
      BigInteger value = fp.encode(-123.456, 3);
      BigInteger mask = fp.uniform(r);
      BigInteger masked = key.decrypt(c.addPlaintext(c.encrypt(value, r), mask));
      assertEquals(value, masked.subtract(mask).mod(c.plaintextModulus()));
    }
  }

  @Test
  void multiExponentiationDotEqualsThePerTermSumForEveryCipher() {
    qt(Math.min(40, org.cybervein.testing.PropertyRuns.examples()))
        .forAll(
            org.quicktheories.generators.SourceDSL.longs().all(),
            integers().between(1, 70),
            integers().between(0, 1))
        .checkAssert(
            (seed, count, which) -> {
              GradientDecryptor key = KEYS.get(which);
              GradientCipher c = key.publicKey();
              java.util.Random random = new java.util.Random(seed);
              DeterministicRandom r = DeterministicRandom.fromSeed(seed);
              BigInteger[] cts = new BigInteger[count];
              BigInteger[] ks = new BigInteger[count];
              BigInteger expected = BigInteger.ZERO;
              for (int i = 0; i < count; i++) {
                BigInteger a = new BigInteger(60, random);
                cts[i] = c.encrypt(a, r);
                // standardised features at scale 1: about half negative, some zero
                ks[i] =
                    random.nextInt(6) == 0
                        ? BigInteger.ZERO
                        : new BigInteger(1 + random.nextInt(40), random)
                            .multiply(BigInteger.valueOf(random.nextBoolean() ? 1 : -1));
                expected = expected.add(a.multiply(ks[i]));
              }
              BigInteger n = c.plaintextModulus();
              BigInteger fast = c.dot(cts, ks);
              // the interface's default, the per-term loop, as the reference
              GradientCipher reference =
                  new GradientCipher() {
                    @Override
                    public String suite() {
                      return c.suite();
                    }

                    @Override
                    public org.cybervein.api.Bytes encoded() {
                      return c.encoded();
                    }

                    @Override
                    public BigInteger plaintextModulus() {
                      return n;
                    }

                    @Override
                    public int maxCiphertextBytes() {
                      return c.maxCiphertextBytes();
                    }

                    @Override
                    public boolean isCiphertext(BigInteger v) {
                      return c.isCiphertext(v);
                    }

                    @Override
                    public BigInteger encrypt(
                        BigInteger m, org.cybervein.api.random.RandomSource s) {
                      return c.encrypt(m, s);
                    }

                    @Override
                    public BigInteger add(BigInteger x, BigInteger y) {
                      return c.add(x, y);
                    }

                    @Override
                    public BigInteger addPlaintext(BigInteger x, BigInteger m) {
                      return c.addPlaintext(x, m);
                    }

                    @Override
                    public BigInteger multiply(BigInteger x, BigInteger k) {
                      return c.multiply(x, k);
                    }

                    @Override
                    public BigInteger negate(BigInteger x) {
                      return c.negate(x);
                    }
                  };
              BigInteger slow = reference.dot(cts, ks);
              assertEquals(expected.mod(n), key.decrypt(fast), "seed " + seed);
              // no fresh randomness on either path: the very same ciphertext value
              assertEquals(slow, fast, "seed " + seed);
            });
  }

  /** Decodes a residue the laws keep in range; an overflow would break the law under test. */
  private static double decoded(FixedPoint fp, BigInteger residue, int scale) {
    try {
      return fp.decode(residue, scale);
    } catch (org.cybervein.fl.InvalidFederatedMessageException e) {
      throw new AssertionError(e);
    }
  }
}
