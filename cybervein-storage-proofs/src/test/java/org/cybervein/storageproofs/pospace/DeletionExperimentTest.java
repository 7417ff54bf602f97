package org.cybervein.storageproofs.pospace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.testing.PropertyRuns;
import org.junit.jupiter.api.Test;

/**
 * The soundness claim of {@link Challenges}: a prover that deleted a fraction delta of its labels
 * and answers from what it kept passes k storage challenges with probability (1 - delta)^k. Over
 * many trials (a fresh deletion set and a fresh public seed each) the observed catch rate must lie
 * within a binomial confidence interval of 1 - (1 - delta)^k.
 */
class DeletionExperimentTest {
  private static final long N = 1 << 10;
  private static final SpaceProver PROVER =
      SpaceProver.initInMemory(PospaceFixtures.mu("deleter"), N, PospaceFixtures.SMALL);

  @Test
  void requiredCountMatchesTheIssueExample() {
    assertEquals(264, Challenges.requiredCount(40, 0.1));
    assertTrue(Challenges.passProbability(0.1, 264) <= Math.pow(2, -40));
    assertTrue(Challenges.passProbability(0.1, 263) > Math.pow(2, -40));
  }

  @Test
  void proverDeletingDeltaIsCaughtAtThePredictedRate() {
    runExperiment(10, 0.1, Integer.getInteger("pos.trials", 3000));
    runExperiment(3, 0.3, Integer.getInteger("pos.trials", 3000));
  }

  private static void runExperiment(int k, double delta, int trials) {
    long seed = PropertyRuns.seed();
    System.out.println("deletion experiment k=" + k + " delta=" + delta + ", seed " + seed);
    // A fast test-only generator: the trials draw about 300,000 numbers.
    SplittableRandom random = new SplittableRandom(seed ^ k);
    int deleted = (int) Math.round(delta * N);
    double realDelta = (double) deleted / N;
    SpaceCommitment c = PROVER.commitment();
    VerifiedSpaceCommitment verified = PospaceFixtures.verified(PROVER);
    int caught = 0;
    for (int t = 0; t < trials; t++) {
      boolean[] gone = chooseDeleted(random, deleted);
      Bytes challengeSeed = Bytes.of(randomBytes(random));
      StorageProof proof = cheatingProof(c, gone, challengeSeed, k);
      if (!SpaceVerifier.verifyStorage(verified, challengeSeed, k, proof)) {
        caught++;
      }
    }
    double p = 1 - Challenges.passProbability(realDelta, k);
    double sd = Math.sqrt(p * (1 - p) / trials);
    double observed = (double) caught / trials;
    System.out.printf(
        "  %d trials: caught %.4f, predicted 1 - (1 - %.4f)^%d = %.4f +- %.4f (1 sd)%n",
        trials, observed, realDelta, k, p, sd);
    // 4.5 standard deviations: a false alarm about once in 150,000 runs.
    assertTrue(
        Math.abs(observed - p) <= 4.5 * sd,
        "caught " + observed + ", predicted " + p + " +- " + 4.5 * sd);
  }

  /** Answers every challenge it can from its kept labels; guesses a label for a deleted one. */
  private static StorageProof cheatingProof(SpaceCommitment c, boolean[] gone, Bytes seed, int k) {
    List<LabelOpening> openings = new ArrayList<>();
    for (long v : Challenges.derive(ProofKind.STORAGE, c, seed, k)) {
      LabelOpening honest = PROVER.open(v);
      openings.add(gone[(int) v] ? new LabelOpening(Hash.ZERO, honest.path()) : honest);
    }
    return new StorageProof(c.nodeCount(), openings);
  }

  private static boolean[] chooseDeleted(SplittableRandom random, int count) {
    boolean[] gone = new boolean[(int) N];
    int chosen = 0;
    while (chosen < count) {
      int v = random.nextInt((int) N);
      if (!gone[v]) {
        gone[v] = true;
        chosen++;
      }
    }
    return gone;
  }

  private static byte[] randomBytes(SplittableRandom random) {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return b;
  }
}
