package org.cybervein.crypto.he;

import static org.cybervein.api.testing.PropertyRuns.qt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import org.cybervein.api.random.DeterministicRandom;
import org.junit.jupiter.api.Test;

class ShortExponentRandomnessTest {
  private static final ShortExponentRandomness FAST =
      ShortExponentRandomness.create(
          TestKeys.KEY_512.publicKey(), DeterministicRandom.fromSeed(77L));

  @Test
  void theTableComputesThePowerOfTheFixedBase() {
    qt().forAll(longs().all())
        .checkAssert(
            seed -> {
              byte[] a = new byte[FAST.exponentBits() / 8];
              DeterministicRandom.fromSeed(seed).nextBytes(a);
              if (seed % 5 == 0) {
                a[3] = 0; // zero digits are skipped, not multiplied in
              }
              assertEquals(
                  FAST.base().modPow(new BigInteger(1, a), FAST.publicKey().modulusSquared()),
                  FAST.power(a),
                  "seed " + seed);
            });
    assertEquals(BigInteger.ONE, FAST.power(new byte[FAST.exponentBits() / 8]));
  }

  @Test
  void factorsAreEncryptionsOfZeroAndEncryptCorrectly() {
    DeterministicRandom random = DeterministicRandom.fromSeed(5L);
    PaillierEncryptor encryptor = PaillierEncryptor.withShortExponents(FAST, random);
    PaillierPublicKey pub = TestKeys.KEY_512.publicKey();
    BigInteger factor = FAST.nextFactor(random);
    assertEquals(
        BigInteger.ZERO, TestKeys.KEY_512.decrypt(new PaillierCiphertext(pub, factor, 0)).value());
    assertNotEquals(factor, FAST.nextFactor(random));
    PaillierCiphertext a = encryptor.encrypt(new PaillierPlaintext(pub, BigInteger.valueOf(41), 0));
    PaillierCiphertext b = encryptor.encrypt(new PaillierPlaintext(pub, BigInteger.ONE, 0));
    assertEquals(BigInteger.valueOf(42), TestKeys.KEY_512.decrypt(a.add(b)).value());
    assertEquals(true, a.isObfuscated());
  }

  @Test
  void refusesExponentLengthsOutsideTheDocumentedRange() {
    PaillierPublicKey pub = TestKeys.KEY_512.publicKey();
    DeterministicRandom random = DeterministicRandom.fromSeed(1L);
    assertThrows(
        IllegalArgumentException.class, () -> ShortExponentRandomness.create(pub, random, 120));
    assertThrows(
        IllegalArgumentException.class, () -> ShortExponentRandomness.create(pub, random, 260));
    assertThrows(
        IllegalArgumentException.class, () -> ShortExponentRandomness.create(pub, random, 4096));
  }
}
