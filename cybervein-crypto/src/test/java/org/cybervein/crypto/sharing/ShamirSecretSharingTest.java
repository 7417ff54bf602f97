package org.cybervein.crypto.sharing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.testing.PropertyRuns;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.junit.jupiter.api.Test;

class ShamirSecretSharingTest {

  private static Bytes secret(long seed, int length) {
    byte[] b = new byte[length];
    new Random(seed).nextBytes(b);
    return Bytes.of(b);
  }

  @Test
  void anyThresholdSubsetInAnyOrderRecoversTheSecret() {
    PropertyRuns.qt(Math.min(100, PropertyRuns.examples()))
        .forAll(longs().all(), integers().between(1, 12), integers().between(0, 8))
        .checkAssert(
            (seed, threshold, extra) -> {
              int n = threshold + extra;
              Bytes s = secret(seed, 1 + (int) Math.floorMod(seed, 48));
              List<SecretShare> shares =
                  ShamirSecretSharing.split(s, threshold, n, DeterministicRandom.fromSeed(seed));
              List<SecretShare> shuffled = new ArrayList<>(shares);
              Collections.shuffle(shuffled, new Random(seed));
              try {
                assertEquals(
                    s, ShamirSecretSharing.combine(shuffled.subList(0, threshold), threshold));
              } catch (InvalidCryptoInputException e) {
                throw new AssertionError(e);
              }
            });
  }

  @Test
  void fewerSharesThanThresholdAreRejected() {
    List<SecretShare> shares =
        ShamirSecretSharing.split(secret(1, 32), 3, 5, DeterministicRandom.fromSeed(1));
    InvalidCryptoInputException e =
        assertThrows(
            InvalidCryptoInputException.class,
            () -> ShamirSecretSharing.combine(shares.subList(0, 2), 3));
    assertEquals(InvalidCryptoInputException.Reason.TRUNCATED, e.reason());
  }

  @Test
  void duplicateIndexesAndUnequalLengthsAreRejected() {
    List<SecretShare> shares =
        ShamirSecretSharing.split(secret(2, 32), 2, 3, DeterministicRandom.fromSeed(2));
    assertEquals(
        InvalidCryptoInputException.Reason.MALFORMED,
        assertThrows(
                InvalidCryptoInputException.class,
                () -> ShamirSecretSharing.combine(List.of(shares.get(0), shares.get(0)), 2))
            .reason());
    SecretShare shorter = new SecretShare(2, shares.get(1).value().slice(0, 31));
    assertEquals(
        InvalidCryptoInputException.Reason.WRONG_LENGTH,
        assertThrows(
                InvalidCryptoInputException.class,
                () -> ShamirSecretSharing.combine(List.of(shares.get(0), shorter), 2))
            .reason());
  }

  @Test
  void aWrongShareGivesAWrongSecretNotTheRightOne() {
    Bytes s = secret(3, 16);
    List<SecretShare> shares = ShamirSecretSharing.split(s, 2, 2, DeterministicRandom.fromSeed(3));
    byte[] tampered = shares.get(1).value().toByteArray();
    tampered[0] ^= 1;
    SecretShare bad = new SecretShare(2, Bytes.of(tampered));
    try {
      assertNotEquals(s, ShamirSecretSharing.combine(List.of(shares.get(0), bad), 2));
    } catch (InvalidCryptoInputException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Fewer than t shares say nothing: with t = 2, one share's byte is uniform whatever the secret.
   * Over many dealings of two different secrets, the first share byte takes every value 0..255.
   */
  @Test
  void oneShareBelowThresholdIsUniformWhateverTheSecret() {
    DeterministicRandom random = DeterministicRandom.fromSeed(PropertyRuns.seed());
    for (byte fixed : new byte[] {0, (byte) 0xff}) {
      Set<Integer> values = new HashSet<>();
      int[] counts = new int[256];
      for (int i = 0; i < 25_600; i++) {
        int v =
            ShamirSecretSharing.split(Bytes.of(new byte[] {fixed}), 2, 3, random)
                    .get(0)
                    .value()
                    .toByteArray()[0]
                & 0xff;
        values.add(v);
        counts[v]++;
      }
      assertEquals(256, values.size());
      // each value expected 100 times; 6 sigma is 60
      for (int c : counts) {
        if (c < 40 || c > 160) {
          throw new AssertionError("share byte is not uniform: a value occurred " + c + " times");
        }
      }
    }
  }

  @Test
  void rejectsImpossibleParameters() {
    DeterministicRandom r = DeterministicRandom.fromSeed(4);
    assertThrows(
        IllegalArgumentException.class, () -> ShamirSecretSharing.split(secret(4, 8), 0, 3, r));
    assertThrows(
        IllegalArgumentException.class, () -> ShamirSecretSharing.split(secret(4, 8), 4, 3, r));
    assertThrows(
        IllegalArgumentException.class, () -> ShamirSecretSharing.split(secret(4, 8), 2, 256, r));
    assertThrows(
        IllegalArgumentException.class,
        () -> ShamirSecretSharing.split(Bytes.of(new byte[0]), 1, 1, r));
    assertThrows(IllegalArgumentException.class, () -> new SecretShare(0, secret(4, 8)));
  }

  @Test
  void knownSmallCaseInterpolatesByHand() throws InvalidCryptoInputException {
    // f(x) = 0x42 + 0x07 x over GF(2^8): f(1) = 0x45, f(2) = 0x42 ^ 0x0e = 0x4c
    SecretShare a = new SecretShare(1, Bytes.of(new byte[] {0x45}));
    SecretShare b = new SecretShare(2, Bytes.of(new byte[] {0x4c}));
    assertEquals(Bytes.of(new byte[] {0x42}), ShamirSecretSharing.combine(List.of(a, b), 2));
  }
}
