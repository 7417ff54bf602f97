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
              assertEquals(a + b, decoded(fp, key.decrypt(c.add(ea, eb)), 1), 1e-8);
              BigInteger product = FixedPoint.multiplySigned(c, ea, FixedPoint.scaled(k, 1));
              assertEquals(a * k, decoded(fp, key.decrypt(product), 2), 1e-6);
              BigInteger shifted = c.addPlaintext(product, fp.encode(b, 2));
              assertEquals(a * k + b, decoded(fp, key.decrypt(shifted), 2), 1e-6);
              assertEquals(-a, decoded(fp, key.decrypt(c.negate(ea)), 1), 1e-8);
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

  /** Decodes a residue the laws keep in range; an overflow would break the law under test. */
  private static double decoded(FixedPoint fp, BigInteger residue, int scale) {
    try {
      return fp.decode(residue, scale);
    } catch (org.cybervein.fl.InvalidFederatedMessageException e) {
      throw new AssertionError(e);
    }
  }
}
