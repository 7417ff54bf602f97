package org.cybervein.crypto.he;

import static org.cybervein.api.testing.PropertyRuns.qt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.random.RandomSource;
import org.cybervein.api.testing.PropertyRuns;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.testsupport.Rejection;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** The homomorphic laws over random signed values, many of them near the encoding limits. */
class PaillierPropertiesTest {
  private static final PaillierPrivateKey KEY = TestKeys.KEY_1024;
  private static final PaillierPublicKey PUB = KEY.publicKey();
  private static final BigInteger MAX = PUB.maxSignedMagnitude();
  private static final FixedPointCodec CODEC = FixedPointCodec.of(PUB, 0);
  private static final PaillierEncryptor ENCRYPTOR =
      PaillierEncryptor.withPrivateKey(KEY, DeterministicRandom.fromSeed(PropertyRuns.seed()));
  private static final PaillierEncryptor PUBLIC_ENCRYPTOR =
      PaillierEncryptor.create(PUB, DeterministicRandom.fromSeed(PropertyRuns.seed() + 1));

  /** A signed value within {@code bound}: half of them within 2^20 of +-bound, half uniform. */
  static BigInteger signedNear(BigInteger bound, RandomSource random) {
    BigInteger magnitude;
    if (random.nextInt(2) == 0) {
      magnitude = bound.subtract(Sampling.below(BigInteger.ONE.shiftLeft(20), random));
    } else {
      magnitude = Sampling.below(bound.add(BigInteger.ONE), random);
    }
    return random.nextInt(2) == 0 ? magnitude : magnitude.negate();
  }

  static Gen<RandomSource> randoms() {
    return longs().all().map(DeterministicRandom::fromSeed);
  }

  private static BigInteger decryptSigned(PaillierCiphertext c) throws InvalidCryptoInputException {
    return CODEC.decodeScaled(KEY.decrypt(c));
  }

  @Test
  void sumOfEncryptionsDecryptsToSumOrReportsOverflow() {
    qt(Math.min(100, PropertyRuns.examples()))
        .forAll(randoms())
        .checkAssert(
            random -> {
              BigInteger a = signedNear(MAX, random);
              BigInteger b = signedNear(MAX, random);
              PaillierCiphertext sum =
                  ENCRYPTOR
                      .encrypt(CODEC.encodeScaled(a, 0))
                      .add(PUBLIC_ENCRYPTOR.encrypt(CODEC.encodeScaled(b, 0)));
              BigInteger expected = a.add(b);
              if (expected.abs().compareTo(MAX) <= 0) {
                assertEquals(expected, unchecked(sum));
              } else {
                assertEquals(
                    InvalidCryptoInputException.Reason.OVERFLOW,
                    Rejection.reasonOf(() -> decryptSigned(sum)));
              }
            });
  }

  @Test
  void scalarTimesEncryptionDecryptsToProduct() {
    qt(Math.min(100, PropertyRuns.examples()))
        .forAll(randoms(), longs().between(-1_000_000_000_000L, 1_000_000_000_000L))
        .checkAssert(
            (random, k) -> {
              BigInteger kk = BigInteger.valueOf(k);
              BigInteger bound = k == 0 ? MAX : MAX.divide(kk.abs());
              BigInteger a = signedNear(bound, random);
              PaillierCiphertext c = ENCRYPTOR.encrypt(CODEC.encodeScaled(a, 0));
              assertEquals(kk.multiply(a), unchecked(c.multiply(k)));
              assertEquals(a.negate(), unchecked(c.negate()));
            });
  }

  @Test
  void inverseModuloNSquaredIsTheModularInverse() {
    BigInteger nSquared = PUB.modulusSquared();
    qt(Math.min(100, PropertyRuns.examples()))
        .forAll(randoms())
        .checkAssert(
            random -> {
              BigInteger c = Sampling.below(nSquared, random);
              if (!PUB.isValidCiphertextValue(c)) {
                c = BigInteger.ONE;
              }
              assertEquals(c.modInverse(nSquared), PUB.inverse(c));
            });
    assertEquals(BigInteger.ONE, PUB.inverse(BigInteger.ONE));
    assertEquals(nSquared.subtract(BigInteger.ONE), PUB.inverse(nSquared.subtract(BigInteger.ONE)));
    assertThrows(ArithmeticException.class, () -> PUB.inverse(KEY.p().multiply(BigInteger.TWO)));
  }

  @Test
  void fixedPointSumsAndProductsOfDoublesAreExactOnTheGrid() {
    FixedPointCodec codec = FixedPointCodec.of(PUB, 30);
    qt().forAll(
            longs().between(-(1L << 52), 1L << 52),
            longs().between(-(1L << 52), 1L << 52),
            integers().between(-40, 40))
        .checkAssert(
            (x, y, e) -> {
              // a is rounded to the 2^-30 grid (sa); b is on it already. Grid values encode
              // exactly.
              double a = Math.scalb((double) x, Math.min(e, 0) - 30);
              double b = Math.scalb((double) y, -30);
              double sa = Math.scalb(Math.rint(Math.scalb(a, 30)), -30);
              try {
                PaillierCiphertext ca = PUBLIC_ENCRYPTOR.encrypt(codec.encode(sa));
                PaillierCiphertext cb = ENCRYPTOR.encrypt(codec.encode(b));
                BigInteger exactSum =
                    FixedPointCodec.scaledRound(sa, 30).add(FixedPointCodec.scaledRound(b, 30));
                assertEquals(exactSum, codec.decodeScaled(KEY.decrypt(ca.add(cb))));
                assertEquals(
                    Math.scalb(exactSum.doubleValue(), -30), codec.decrypt(KEY, ca.add(cb)));
                BigInteger exactProduct =
                    FixedPointCodec.scaledRound(sa, 30)
                        .multiply(FixedPointCodec.scaledRound(b, 30));
                PaillierCiphertext product = ca.multiply(codec.encode(b));
                assertEquals(60, product.scale());
                assertEquals(exactProduct, codec.decodeScaled(KEY.decrypt(product)));
              } catch (InvalidCryptoInputException ex) {
                throw new AssertionError(ex);
              }
            });
  }

  @Test
  void doublesRoundTripThroughEncryptionToTheNearestGridPoint() {
    FixedPointCodec codec = FixedPointCodec.of(PUB, FixedPointCodec.DEFAULT_FRACTIONAL_BITS);
    qt().forAll(longs().all(), integers().between(-60, 200))
        .checkAssert(
            (bits, exponent) -> {
              double x = Math.scalb((double) bits, exponent);
              double expected = Math.scalb(Math.rint(Math.scalb(x, 52)), -52);
              try {
                assertEquals(
                    expected, codec.decrypt(KEY, PUBLIC_ENCRYPTOR.encrypt(codec.encode(x))));
              } catch (InvalidCryptoInputException ex) {
                throw new AssertionError(ex);
              }
            });
  }

  private static BigInteger unchecked(PaillierCiphertext c) {
    try {
      return decryptSigned(c);
    } catch (InvalidCryptoInputException e) {
      throw new AssertionError(e);
    }
  }
}
