package org.cybervein.crypto.he;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.testsupport.Rejection;
import org.junit.jupiter.api.Test;

class PaillierTest {
  private final PaillierPrivateKey key = TestKeys.KEY_512;
  private final PaillierPublicKey pub = key.publicKey();
  private final FixedPointCodec codec = FixedPointCodec.of(pub, 20);
  private final PaillierEncryptor encryptor =
      PaillierEncryptor.create(pub, DeterministicRandom.fromSeed(7L));

  private PaillierCiphertext enc(double x) {
    return encryptor.encrypt(codec.encode(x));
  }

  private double dec(PaillierCiphertext c) throws InvalidCryptoInputException {
    return codec.decrypt(key, c);
  }

  @Test
  void generatesProductionKeyOf2048BitsWithTwoPrimes() throws Exception {
    PaillierPrivateKey big =
        PaillierPrivateKey.generate(PaillierKeySize.BITS_2048, DeterministicRandom.fromSeed(1L));
    assertEquals(2048, big.publicKey().bits());
    assertTrue(big.p().isProbablePrime(64));
    assertTrue(big.q().isProbablePrime(64));
    assertEquals(big.publicKey().modulus(), big.p().multiply(big.q()));
    FixedPointCodec c = FixedPointCodec.of(big.publicKey(), 52);
    PaillierEncryptor e = PaillierEncryptor.withPrivateKey(big, DeterministicRandom.fromSeed(2L));
    assertEquals(-1234.5678, c.decrypt(big, e.encrypt(c.encode(-1234.5678))));
  }

  @Test
  void keyGenerationIsReplayableFromSeedAndGivesExactSize() {
    PaillierPrivateKey a =
        PaillierPrivateKey.generateInsecureForTesting(512, DeterministicRandom.fromSeed(9L));
    PaillierPrivateKey b =
        PaillierPrivateKey.generateInsecureForTesting(512, DeterministicRandom.fromSeed(9L));
    assertEquals(a, b);
    assertEquals(512, a.publicKey().bits());
    assertNotEquals(a, TestKeys.OTHER_512);
  }

  @Test
  void refusesInsecureTestSizesBelowMinimumOrOdd() {
    DeterministicRandom r = DeterministicRandom.fromSeed(1L);
    assertThrows(
        IllegalArgumentException.class,
        () -> PaillierPrivateKey.generateInsecureForTesting(128, r));
    assertThrows(
        IllegalArgumentException.class,
        () -> PaillierPrivateKey.generateInsecureForTesting(513, r));
  }

  @Test
  void decryptsWhatItEncrypts() throws Exception {
    for (double x : new double[] {0, 1, -1, 3.25, -1e6, 123456.789, -0.5}) {
      assertEquals(Math.rint(x * (1 << 20)) / (1 << 20), dec(enc(x)));
    }
  }

  @Test
  void encryptionIsRandomised() {
    assertNotEquals(enc(5), enc(5));
  }

  @Test
  void addsSubtractsNegatesAndMultiplies() throws Exception {
    assertEquals(4.5, dec(enc(1.25).add(enc(3.25))));
    assertEquals(-2.0, dec(enc(1.25).subtract(enc(3.25))));
    assertEquals(-1.25, dec(enc(1.25).negate()));
    assertEquals(-3.75, dec(enc(1.25).multiply(-3)));
    assertEquals(0.0, dec(enc(1.25).multiply(0)));
    assertEquals(2.5, dec(enc(1.25).add(codec.encode(1.25))));
    PaillierCiphertext product = enc(1.5).multiply(codec.encode(-2.25));
    assertEquals(40, product.scale());
    assertEquals(-3.375, dec(product));
  }

  @Test
  void multiplyingByZeroLosesObfuscation() {
    assertTrue(enc(3).isObfuscated());
    assertFalse(enc(3).multiply(0).isObfuscated());
  }

  @Test
  void refusesToAddAcrossScalesUntilRescaledExplicitly() throws Exception {
    PaillierCiphertext product = enc(1.5).multiply(codec.encode(2));
    PaillierCiphertext plain = enc(1);
    assertThrows(IllegalArgumentException.class, () -> product.add(plain));
    assertEquals(4.0, dec(product.add(plain.rescale(product.scale()))));
    assertThrows(IllegalArgumentException.class, () -> product.rescale(product.scale() - 1));
  }

  @Test
  void refusesToCombineCiphertextsUnderDifferentKeys() {
    PaillierPublicKey otherPub = TestKeys.OTHER_512.publicKey();
    PaillierCiphertext foreign =
        PaillierEncryptor.create(otherPub, DeterministicRandom.fromSeed(3L))
            .encrypt(FixedPointCodec.of(otherPub, 20).encode(1));
    assertThrows(IllegalArgumentException.class, () -> enc(1).add(foreign));
    assertThrows(IllegalArgumentException.class, () -> key.decrypt(foreign));
    assertThrows(
        IllegalArgumentException.class,
        () -> encryptor.encrypt(FixedPointCodec.of(otherPub, 20).encode(1)));
  }

  @Test
  void encodingRejectsValuesBeyondTheRangeAndNonFiniteValues() {
    double max = codec.maxMagnitude();
    assertThrows(ArithmeticException.class, () -> codec.encode(max * 2));
    assertThrows(ArithmeticException.class, () -> codec.encode(-max * 2));
    assertThrows(IllegalArgumentException.class, () -> codec.encode(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> codec.encode(Double.POSITIVE_INFINITY));
  }

  @Test
  void decodingReportsOverflowNotAWrongNumber() throws Exception {
    BigInteger max = pub.maxSignedMagnitude();
    PaillierCiphertext top = encryptor.encrypt(codec.encodeScaled(max, 0));
    assertEquals(
        InvalidCryptoInputException.Reason.OVERFLOW,
        Rejection.reasonOf(() -> codec.decrypt(key, top.add(top))));
    PaillierCiphertext bottom = top.negate();
    assertEquals(
        InvalidCryptoInputException.Reason.OVERFLOW,
        Rejection.reasonOf(() -> codec.decrypt(key, bottom.add(bottom))));
    assertEquals(max.negate(), codec.decodeScaled(key.decrypt(bottom)));
    PaillierPlaintext middle = new PaillierPlaintext(pub, pub.modulus().shiftRight(1), 0);
    assertEquals(
        InvalidCryptoInputException.Reason.OVERFLOW,
        Rejection.reasonOf(() -> codec.decode(middle)));
  }

  @Test
  void fixedPointRoundsHalfToEvenExactly() {
    assertEquals(BigInteger.valueOf(2), FixedPointCodec.scaledRound(2.5, 0));
    assertEquals(BigInteger.valueOf(4), FixedPointCodec.scaledRound(3.5, 0));
    assertEquals(BigInteger.valueOf(-2), FixedPointCodec.scaledRound(-2.5, 0));
    assertEquals(BigInteger.ONE.shiftLeft(100), FixedPointCodec.scaledRound(1.0, 100));
    assertEquals(BigInteger.ZERO, FixedPointCodec.scaledRound(Double.MIN_VALUE, 60));
    assertEquals(BigInteger.valueOf(3), FixedPointCodec.scaledRound(0.75, 2));
  }

  @Test
  void privateKeyResiduesAreNthPowers() {
    BigInteger n = pub.modulus();
    BigInteger phi = key.p().subtract(BigInteger.ONE).multiply(key.q().subtract(BigInteger.ONE));
    BigInteger nInverse = n.modInverse(phi);
    DeterministicRandom random = DeterministicRandom.fromSeed(11L);
    for (int i = 0; i < 20; i++) {
      BigInteger y = key.randomNthResidue(random);
      BigInteger r = y.mod(n).modPow(nInverse, n);
      assertEquals(y, r.modPow(n, pub.modulusSquared()), "r^n mod n^2 for the r it came from");
    }
  }

  @Test
  void unitsModuloAPrimeAreTheDrawsOfTheGeneralSampler() {
    // the fast path skips the gcd, which is 1 for every non-zero residue of a prime: same values
    for (BigInteger prime : new BigInteger[] {key.p(), key.q(), BigInteger.valueOf(3)}) {
      DeterministicRandom general = DeterministicRandom.fromSeed(21L);
      DeterministicRandom fast = DeterministicRandom.fromSeed(21L);
      for (int i = 0; i < 50; i++) {
        assertEquals(
            Sampling.unitModulo(prime, general),
            Sampling.unitModuloPrime(prime, fast),
            "draw " + i);
      }
    }
  }

  @Test
  void allThreeEncryptionPathsDecryptCorrectly() throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      RandomnessPool pool =
          RandomnessPool.create(pub, DeterministicRandom.fromSeed(4L), executor, 8);
      RandomnessPool crtPool =
          RandomnessPool.createWithPrivateKey(
              key, DeterministicRandom.fromSeed(5L), Runnable::run, 4);
      assertEquals(4, crtPool.available());
      PaillierEncryptor[] encryptors = {
        PaillierEncryptor.withPool(pool),
        PaillierEncryptor.withPool(crtPool),
        PaillierEncryptor.withPrivateKey(key, DeterministicRandom.fromSeed(6L)),
      };
      for (PaillierEncryptor e : encryptors) {
        for (int i = 0; i < 20; i++) {
          assertEquals(i - 7.5, dec(e.encrypt(codec.encode(i - 7.5))));
        }
      }
    } finally {
      executor.shutdown();
      assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void poolServesDistinctValidFactorsFromWorkerThreadsAndRefillsToCapacity() throws Exception {
    ExecutorService executor = Executors.newFixedThreadPool(2);
    try {
      RandomnessPool pool =
          RandomnessPool.create(pub, DeterministicRandom.fromSeed(12L), executor, 6);
      java.util.Set<BigInteger> seen = new java.util.HashSet<>();
      for (int i = 0; i < 40; i++) {
        BigInteger factor = pool.take();
        assertTrue(seen.add(factor), "a factor is handed out once");
        assertTrue(pub.isValidCiphertextValue(factor));
      }
      executor.shutdown();
      assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
      assertEquals(6, pool.available(), "refilled to capacity after the last take");
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void poolFallsBackToCallingThreadWhenExecutorRejects() throws Exception {
    RandomnessPool pool =
        RandomnessPool.create(
            pub,
            DeterministicRandom.fromSeed(4L),
            task -> {
              throw new java.util.concurrent.RejectedExecutionException("full");
            },
            4);
    assertEquals(0, pool.available());
    assertEquals(2.0, dec(PaillierEncryptor.withPool(pool).encrypt(codec.encode(2))));
  }

  @Test
  void obfuscateLaterGivesTheSamePlaintext() throws Exception {
    PaillierCiphertext raw = encryptor.encryptUnobfuscated(codec.encode(6.5));
    assertFalse(raw.isObfuscated());
    PaillierCiphertext sum = raw.add(encryptor.encryptUnobfuscated(codec.encode(1)));
    PaillierCiphertext sent = encryptor.obfuscate(sum);
    assertTrue(sent.isObfuscated());
    assertNotEquals(sum.value(), sent.value());
    assertEquals(7.5, dec(sent));
  }

  @Test
  void rescalingFarPastTheRangeWrapsUndetectedAsDocumented() throws Exception {
    // The documented limit of rescale (and of products): once |a 2^d| passes n the residue wraps
    // and can land back in range, where no decoder can tell it from a genuine value.
    BigInteger n = pub.modulus();
    int d = n.bitLength();
    while (BigInteger.ONE.shiftLeft(d).mod(n).compareTo(pub.maxSignedMagnitude()) > 0) {
      d++;
    }
    FixedPointCodec integers = FixedPointCodec.of(pub, 0);
    PaillierCiphertext wrapped = encryptor.encrypt(integers.encodeInteger(1)).rescale(d);
    assertEquals(d, wrapped.scale());
    assertEquals(BigInteger.ONE.shiftLeft(d).mod(n), integers.decodeScaled(key.decrypt(wrapped)));
  }

  @Test
  void toStringShowsNoSecrets() {
    String text = key.toString();
    assertFalse(text.contains(key.p().toString(16)));
    assertFalse(text.contains(key.p().toString()));
    assertEquals("PaillierPlaintext[scale=20]", codec.encode(42).toString());
  }
}
