package org.cybervein.storageproofs.pospace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.ByteBuffer;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.testing.PropertyRuns;
import org.junit.jupiter.api.Test;

class ChallengesTest {
  private static final Hash GAMMA = PospaceFixtures.mu("gamma");

  @Test
  void challengesAreInRangeDeterministicAndOfTheAskedCount() {
    PropertyRuns.qt()
        .forAll(longs().between(1, 1L << 40), integers().between(1, 300), integers().all())
        .checkAssert(
            (n, k, s) -> {
              List<Long> a =
                  Challenges.derive(ProofKind.STORAGE, GAMMA, n, PospaceFixtures.seed(s), k);
              assertEquals(k, a.size());
              assertEquals(
                  a, Challenges.derive(ProofKind.STORAGE, GAMMA, n, PospaceFixtures.seed(s), k));
              for (long c : a) {
                assertTrue(c >= 0 && c < n, c + " not in [0, " + n + ")");
              }
            });
  }

  @Test
  void challengesDependOnKindSeedAndGamma() {
    long n = 1L << 30;
    List<Long> base = Challenges.derive(ProofKind.STORAGE, GAMMA, n, Bytes.utf8("s"), 8);
    assertNotEquals(base, Challenges.derive(ProofKind.COMMIT, GAMMA, n, Bytes.utf8("s"), 8));
    assertNotEquals(base, Challenges.derive(ProofKind.STORAGE, GAMMA, n, Bytes.utf8("t"), 8));
    assertNotEquals(
        base, Challenges.derive(ProofKind.STORAGE, PospaceFixtures.mu("x"), n, Bytes.utf8("s"), 8));
    // A longer list extends a shorter one: the prefix does not depend on k.
    assertEquals(
        base, Challenges.derive(ProofKind.STORAGE, GAMMA, n, Bytes.utf8("s"), 20).subList(0, 8));
  }

  @Test
  void followsTheDocumentedDerivationWithRejection() {
    // n just above 2^62 rejects about a third of the candidates, so rejection is exercised.
    long n = (1L << 62) + 12345;
    Bytes seed = Bytes.utf8("reject");
    List<Long> got = Challenges.derive(ProofKind.STORAGE, GAMMA, n, seed, 40);
    java.math.BigInteger two63 = java.math.BigInteger.ONE.shiftLeft(63);
    java.math.BigInteger limit = two63.subtract(two63.mod(java.math.BigInteger.valueOf(n)));
    int rejected = 0;
    int at = 0;
    for (long j = 0; at < 40; j++) {
      byte[] in =
          ByteBuffer.allocate(32 + 8 + 4 + seed.size() + 8)
              .put(GAMMA.toByteArray())
              .putLong(n)
              .putInt(seed.size())
              .put(seed.toByteArray())
              .putLong(j)
              .array();
      ByteBuffer block =
          ByteBuffer.wrap(
              HashFunction.SHA256.hash(ProofKind.STORAGE.challengeTag(), in).toByteArray());
      for (int w = 0; w < 4 && at < 40; w++) {
        long r = block.getLong() >>> 1;
        if (java.math.BigInteger.valueOf(r).compareTo(limit) < 0) {
          assertEquals(r % n, (long) got.get(at++));
        } else {
          rejected++;
        }
      }
    }
    assertTrue(rejected > 0, "expected some rejected candidates");
  }

  @Test
  void challengesAreUniformOverASmallRange() {
    int n = 10;
    int k = 4000;
    int[] counts = new int[n];
    for (long c : Challenges.derive(ProofKind.STORAGE, GAMMA, n, Bytes.utf8("uniform"), k)) {
      counts[(int) c]++;
    }
    double chi2 = 0;
    for (int count : counts) {
      double e = (double) k / n;
      chi2 += (count - e) * (count - e) / e;
    }
    // 9 degrees of freedom: P(chi2 > 33.7) < 1e-4.
    assertTrue(chi2 < 33.7, "chi-square " + chi2);
  }

  @Test
  void rejectsBadArguments() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Challenges.derive(ProofKind.STORAGE, GAMMA, 10, Bytes.EMPTY, 0));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Challenges.derive(
                ProofKind.STORAGE, GAMMA, 10, Bytes.EMPTY, Challenges.MAX_CHALLENGES + 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> Challenges.derive(ProofKind.STORAGE, GAMMA, 10, Bytes.of(new byte[257]), 1));
    assertThrows(IllegalArgumentException.class, () -> Challenges.requiredCount(40, 0));
    assertThrows(IllegalArgumentException.class, () -> Challenges.requiredCount(40, 1));
    assertThrows(IllegalArgumentException.class, () -> Challenges.requiredCount(128, 0.001));
  }

  @Test
  void requiredCountIsTheSmallestSufficientCount() {
    PropertyRuns.qt()
        .forAll(integers().between(1, 128), integers().between(5, 900))
        .checkAssert(
            (lambda, permille) -> {
              double delta = permille / 1000.0;
              int k;
              try {
                k = Challenges.requiredCount(lambda, delta);
              } catch (IllegalArgumentException tooMany) {
                return;
              }
              double target = Math.pow(2, -lambda);
              assertTrue(Challenges.passProbability(delta, k) <= target * (1 + 1e-9));
              assertTrue(k == 1 || Challenges.passProbability(delta, k - 1) > target);
            });
  }
}
