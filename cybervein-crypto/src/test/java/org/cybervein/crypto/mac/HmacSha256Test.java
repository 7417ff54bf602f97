package org.cybervein.crypto.mac;

import static org.cybervein.api.testing.PropertyRuns.qt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.InvalidCryptoInputException.Reason;
import org.cybervein.crypto.testsupport.Rejection;
import org.cybervein.crypto.testsupport.Tamper;
import org.junit.jupiter.api.Test;

class HmacSha256Test {

  @Test
  void verifiesItsOwnTagsFullAndTruncated() {
    qt().forAll(longs().all(), integers().between(0, 300), integers().between(16, 32))
        .checkAssert(
            (seed, len, tagLen) -> {
              DeterministicRandom random = DeterministicRandom.fromSeed(seed);
              HmacSha256 mac = new HmacSha256(HmacSha256Key.generate(random));
              byte[] msg = new byte[len];
              random.nextBytes(msg);
              Bytes tag = mac.compute(Bytes.of(msg));
              assertEquals(HmacSha256.TAG_SIZE, tag.size());
              try {
                mac.verify(Bytes.of(msg), tag);
                mac.verifyTruncated(Bytes.of(msg), tag.slice(0, tagLen));
              } catch (InvalidCryptoInputException e) {
                throw new AssertionError(e);
              }
            });
  }

  /**
   * The precomputed pads give the JDK's HmacSHA256 tag for keys shorter than, equal to and longer
   * than the 64-byte block (a long key is hashed first) and messages of any length.
   */
  @Test
  void agreesWithTheJdksHmacForKeysAroundTheBlockSize() {
    qt().forAll(longs().all(), integers().between(16, 200), integers().between(0, 300))
        .checkAssert(
            (seed, keyLen, len) -> {
              DeterministicRandom random = DeterministicRandom.fromSeed(seed);
              byte[] key = new byte[keyLen];
              random.nextBytes(key);
              byte[] msg = new byte[len];
              random.nextBytes(msg);
              try {
                HmacSha256 mac = new HmacSha256(HmacSha256Key.fromBytes(Bytes.of(key)));
                Mac jdk = Mac.getInstance("HmacSHA256");
                jdk.init(new SecretKeySpec(key, "HmacSHA256"));
                byte[] expected = jdk.doFinal(msg);
                assertEquals(Bytes.of(expected), mac.compute(Bytes.of(msg)));
                assertEquals(Bytes.of(expected), mac.compute(Bytes.of(msg)), "and again");
              } catch (GeneralSecurityException | InvalidCryptoInputException e) {
                throw new AssertionError(e);
              }
            });
  }

  @Test
  void oneMacSharedByManyThreadsGivesEachTheRightTag() throws Exception {
    HmacSha256 mac = new HmacSha256(HmacSha256Key.generate(DeterministicRandom.fromSeed(7)));
    int threads = 4;
    int perThread = 2000;
    Bytes[] expected = new Bytes[perThread];
    for (int i = 0; i < perThread; i++) {
      expected[i] = mac.compute(Bytes.utf8("message " + i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(
            pool.submit(
                () -> {
                  int wrong = 0;
                  for (int i = 0; i < perThread; i++) {
                    if (!mac.compute(Bytes.utf8("message " + i)).equals(expected[i])) {
                      wrong++;
                    }
                  }
                  return wrong;
                }));
      }
      for (Future<Integer> r : results) {
        assertEquals(0, r.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anyBitFlipInMessageOrTagFailsVerification() {
    qt().forAll(longs().all(), integers().between(1, 300), integers().allPositive())
        .checkAssert(
            (seed, len, position) -> {
              DeterministicRandom random = DeterministicRandom.fromSeed(seed);
              HmacSha256 mac = new HmacSha256(HmacSha256Key.generate(random));
              byte[] msg = new byte[len];
              random.nextBytes(msg);
              Bytes message = Bytes.of(msg);
              Bytes tag = mac.compute(message);
              Bytes otherMessage = Tamper.flipBit(message, position);
              Bytes otherTag = Tamper.flipBit(tag, position);
              assertEquals(
                  Reason.AUTHENTICATION_FAILED,
                  Rejection.reasonOf(() -> mac.verify(otherMessage, tag)));
              assertEquals(
                  Reason.AUTHENTICATION_FAILED,
                  Rejection.reasonOf(() -> mac.verify(message, otherTag)));
              Bytes truncatedFlipped = Tamper.flipBit(tag.slice(0, 16), position);
              assertEquals(
                  Reason.AUTHENTICATION_FAILED,
                  Rejection.reasonOf(() -> mac.verifyTruncated(message, truncatedFlipped)));
            });
  }

  @Test
  void rejectsTagsOfWrongLengthWithCryptoInputExceptionOnly() {
    qt().forAll(longs().all(), integers().between(0, 100))
        .checkAssert(
            (seed, tagLen) -> {
              DeterministicRandom random = DeterministicRandom.fromSeed(seed);
              HmacSha256 mac = new HmacSha256(HmacSha256Key.generate(random));
              byte[] junk = new byte[tagLen];
              random.nextBytes(junk);
              Bytes msg = Bytes.utf8("prepare v=3 n=17");
              Reason full = Rejection.reasonOf(() -> mac.verify(msg, Bytes.of(junk)));
              assertEquals(
                  tagLen == HmacSha256.TAG_SIZE
                      ? Reason.AUTHENTICATION_FAILED
                      : Reason.WRONG_LENGTH,
                  full);
              Reason truncated = Rejection.reasonOf(() -> mac.verifyTruncated(msg, Bytes.of(junk)));
              assertEquals(
                  tagLen >= HmacSha256.MIN_TRUNCATED_TAG_SIZE && tagLen <= HmacSha256.TAG_SIZE
                      ? Reason.AUTHENTICATION_FAILED
                      : Reason.WRONG_LENGTH,
                  truncated);
            });
  }

  @Test
  void rejectsKeysShorterThanSixteenBytes() throws Exception {
    for (int size = 0; size < HmacSha256Key.MIN_SIZE; size++) {
      Bytes key = Bytes.of(new byte[size]);
      assertEquals(Reason.WRONG_LENGTH, Rejection.reasonOf(() -> HmacSha256Key.fromBytes(key)));
    }
    HmacSha256Key.fromBytes(Bytes.of(new byte[HmacSha256Key.MIN_SIZE]));
    HmacSha256Key.fromBytes(Bytes.of(new byte[200]));
  }

  @Test
  void keyToStringKeepsTheKeySecret() throws Exception {
    Bytes material = Bytes.fromHex("00112233445566778899aabbccddeeff");
    HmacSha256Key key = HmacSha256Key.fromBytes(material);
    assertFalse(key.toString().contains(material.toHex()));
    assertEquals(material, key.toBytes());
  }
}
