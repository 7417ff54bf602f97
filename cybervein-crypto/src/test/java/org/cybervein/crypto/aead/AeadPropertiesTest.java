package org.cybervein.crypto.aead;

import static org.cybervein.api.testing.PropertyRuns.qt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.InvalidCryptoInputException.Reason;
import org.cybervein.crypto.testsupport.Rejection;
import org.cybervein.crypto.testsupport.Tamper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Laws every {@link Aead} must obey, for each {@link AeadAlgorithm}. */
class AeadPropertiesTest {

  /** Everything one example needs, drawn from one seed so a failure replays from that seed. */
  private record Example(Aead aead, AeadNonce nonce, Bytes plaintext, Bytes aad) {
    static Example draw(AeadAlgorithm algorithm, long seed, int ptLen, int aadLen) {
      DeterministicRandom random = DeterministicRandom.fromSeed(seed);
      Aead aead = Aead.of(AeadKey.generate(algorithm, random));
      AeadNonce nonce = AeadNonce.random(random);
      byte[] pt = new byte[ptLen];
      byte[] aad = new byte[aadLen];
      random.nextBytes(pt);
      random.nextBytes(aad);
      return new Example(aead, nonce, Bytes.of(pt), Bytes.of(aad));
    }

    Bytes sealed() {
      return aead.seal(nonce, plaintext, aad);
    }
  }

  @ParameterizedTest
  @EnumSource(AeadAlgorithm.class)
  void openInvertsSeal(AeadAlgorithm algorithm) {
    qt().forAll(longs().all(), integers().between(0, 200), integers().between(0, 40))
        .checkAssert(
            (seed, ptLen, aadLen) -> {
              Example ex = Example.draw(algorithm, seed, ptLen, aadLen);
              Bytes sealed = ex.sealed();
              assertEquals(ptLen + Aead.TAG_SIZE, sealed.size());
              assertEquals(ex.plaintext(), open(ex.aead(), ex.nonce(), sealed, ex.aad()));
              Bytes prefixed =
                  ex.aead()
                      .sealWithRandomNonce(
                          DeterministicRandom.fromSeed(~seed), ex.plaintext(), ex.aad());
              assertEquals(ptLen + AeadNonce.SIZE + Aead.TAG_SIZE, prefixed.size());
              try {
                assertEquals(ex.plaintext(), ex.aead().openWithPrefixedNonce(prefixed, ex.aad()));
              } catch (InvalidCryptoInputException e) {
                throw new AssertionError(e);
              }
            });
  }

  @ParameterizedTest
  @EnumSource(AeadAlgorithm.class)
  void anyBitFlipInCiphertextOrTagFailsAuthentication(AeadAlgorithm algorithm) {
    qt().forAll(
            longs().all(),
            integers().between(0, 100),
            integers().between(0, 20),
            integers().allPositive())
        .checkAssert(
            (seed, ptLen, aadLen, position) -> {
              Example ex = Example.draw(algorithm, seed, ptLen, aadLen);
              Bytes flipped = Tamper.flipBit(ex.sealed(), position);
              assertEquals(
                  Reason.AUTHENTICATION_FAILED,
                  Rejection.reasonOf(() -> ex.aead().open(ex.nonce(), flipped, ex.aad())));
            });
  }

  @ParameterizedTest
  @EnumSource(AeadAlgorithm.class)
  void anyBitFlipInNonceOrAssociatedDataFailsAuthentication(AeadAlgorithm algorithm) {
    qt().forAll(
            longs().all(),
            integers().between(0, 100),
            integers().between(1, 20),
            integers().allPositive())
        .checkAssert(
            (seed, ptLen, aadLen, position) -> {
              Example ex = Example.draw(algorithm, seed, ptLen, aadLen);
              Bytes sealed = ex.sealed();
              AeadNonce otherNonce = new AeadNonce(Tamper.flipBit(ex.nonce().bytes(), position));
              assertEquals(
                  Reason.AUTHENTICATION_FAILED,
                  Rejection.reasonOf(() -> ex.aead().open(otherNonce, sealed, ex.aad())));
              Bytes otherAad = Tamper.flipBit(ex.aad(), position);
              assertEquals(
                  Reason.AUTHENTICATION_FAILED,
                  Rejection.reasonOf(() -> ex.aead().open(ex.nonce(), sealed, otherAad)));
            });
  }

  @ParameterizedTest
  @EnumSource(AeadAlgorithm.class)
  void rejectsCiphertextUnderAnotherKey(AeadAlgorithm algorithm) {
    qt().forAll(longs().all(), integers().between(0, 100))
        .checkAssert(
            (seed, ptLen) -> {
              Example ex = Example.draw(algorithm, seed, ptLen, 0);
              Aead other =
                  Aead.of(AeadKey.generate(algorithm, DeterministicRandom.fromSeed(~seed)));
              assertEquals(
                  Reason.AUTHENTICATION_FAILED,
                  Rejection.reasonOf(() -> other.open(ex.nonce(), ex.sealed(), ex.aad())));
            });
  }

  @ParameterizedTest
  @EnumSource(AeadAlgorithm.class)
  void rejectsTruncatedCiphertext(AeadAlgorithm algorithm) {
    qt().forAll(
            longs().all(),
            integers().between(0, 100),
            integers().between(0, 20),
            integers().allPositive())
        .checkAssert(
            (seed, ptLen, aadLen, cut) -> {
              Example ex = Example.draw(algorithm, seed, ptLen, aadLen);
              Bytes sealed = ex.sealed();
              int keep = cut % sealed.size();
              Bytes truncated = sealed.slice(0, keep);
              Reason reason =
                  Rejection.reasonOf(() -> ex.aead().open(ex.nonce(), truncated, ex.aad()));
              assertEquals(
                  keep < Aead.TAG_SIZE ? Reason.TRUNCATED : Reason.AUTHENTICATION_FAILED, reason);
              Bytes prefixed = ex.nonce().bytes().concat(truncated);
              Reason prefixedReason =
                  Rejection.reasonOf(() -> ex.aead().openWithPrefixedNonce(prefixed, ex.aad()));
              assertEquals(
                  keep < Aead.TAG_SIZE ? Reason.TRUNCATED : Reason.AUTHENTICATION_FAILED,
                  prefixedReason);
            });
  }

  @ParameterizedTest
  @EnumSource(AeadAlgorithm.class)
  void rejectsRandomBytesWithCryptoInputExceptionOnly(AeadAlgorithm algorithm) {
    qt().forAll(longs().all(), integers().between(0, 120))
        .checkAssert(
            (seed, len) -> {
              DeterministicRandom random = DeterministicRandom.fromSeed(seed);
              Aead aead = Aead.of(AeadKey.generate(algorithm, random));
              byte[] junk = new byte[len];
              random.nextBytes(junk);
              Reason reason =
                  Rejection.reasonOf(
                      () -> aead.open(AeadNonce.random(random), Bytes.of(junk), Bytes.EMPTY));
              assertTrue(reason == Reason.TRUNCATED || reason == Reason.AUTHENTICATION_FAILED);
              Reason prefixedReason =
                  Rejection.reasonOf(() -> aead.openWithPrefixedNonce(Bytes.of(junk), Bytes.EMPTY));
              assertTrue(
                  prefixedReason == Reason.TRUNCATED
                      || prefixedReason == Reason.AUTHENTICATION_FAILED);
            });
  }

  @Test
  void sealsTwiceUnderOneNonceWithoutJdkReuseError() throws Exception {
    // The JDK refuses a second encryption by one Cipher under the same key and nonce; a Cipher
    // per call keeps seal deterministic instead. Repeating a nonce remains the caller's mistake.
    for (AeadAlgorithm algorithm : AeadAlgorithm.values()) {
      Example ex = Example.draw(algorithm, 7, 33, 5);
      assertEquals(ex.sealed(), ex.sealed());
    }
  }

  @Test
  void sharesOneInstanceAcrossThreads() throws Exception {
    Example ex = Example.draw(AeadAlgorithm.AES_256_GCM, 11, 1000, 10);
    Bytes expected = ex.sealed();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Bytes>> results =
          pool.invokeAll(
              java.util.Collections.nCopies(
                  64,
                  () -> {
                    Bytes sealed = ex.sealed();
                    assertEquals(ex.plaintext(), ex.aead().open(ex.nonce(), sealed, ex.aad()));
                    return sealed;
                  }));
      for (Future<Bytes> f : results) {
        assertEquals(expected, f.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void keyOfWrongSizeIsRejected() {
    for (AeadAlgorithm algorithm : AeadAlgorithm.values()) {
      for (int size : new int[] {0, 15, 17, 31, 33, algorithm.keySize() - 1}) {
        if (size == algorithm.keySize()) {
          continue;
        }
        Bytes key = Bytes.of(new byte[size]);
        assertEquals(
            Reason.WRONG_LENGTH, Rejection.reasonOf(() -> AeadKey.fromBytes(algorithm, key)));
      }
    }
  }

  @Test
  void nonceOfWrongSizeIsRejected() {
    for (int size : new int[] {0, 8, 11, 13, 16}) {
      Bytes nonce = Bytes.of(new byte[size]);
      assertEquals(Reason.WRONG_LENGTH, Rejection.reasonOf(() -> AeadNonce.decode(nonce)));
      assertThrows(IllegalArgumentException.class, () -> new AeadNonce(nonce));
    }
  }

  @Test
  void keyToStringKeepsTheKeySecret() throws Exception {
    Bytes material = Bytes.fromHex("00112233445566778899aabbccddeeff");
    AeadKey key = AeadKey.fromBytes(AeadAlgorithm.AES_128_GCM, material);
    assertFalse(key.toString().contains(material.toHex()));
    assertEquals(material, key.toBytes());
    assertNotEquals(-1, key.toString().indexOf("AES_128_GCM"));
  }

  private static Bytes open(Aead aead, AeadNonce nonce, Bytes sealed, Bytes aad) {
    try {
      return aead.open(nonce, sealed, aad);
    } catch (InvalidCryptoInputException e) {
      throw new AssertionError("open failed: " + e.reason(), e);
    }
  }
}
