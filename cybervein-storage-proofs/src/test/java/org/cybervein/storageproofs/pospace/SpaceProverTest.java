package org.cybervein.storageproofs.pospace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Hash;
import org.cybervein.crypto.merkle.FileHashArray;
import org.cybervein.crypto.merkle.HeapHashArray;
import org.cybervein.testing.PropertyRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpaceProverTest {
  @Test
  void initMatchesTheReferenceImplementation() {
    GraphParameters[] graphs = {
      GraphParameters.DEFAULT,
      PospaceFixtures.SMALL,
      new GraphParameters(1, 3, 0, GraphParameters.DEFAULT_GRAPH_SEED),
      new GraphParameters(3, 1, 2, PospaceFixtures.mu("other graph"))
    };
    long[] sizes = {64, 96, 768, 1 << 11};
    for (GraphParameters g : graphs) {
      for (long n : sizes) {
        if (n % g.layers() != 0) {
          continue;
        }
        Hash mu = PospaceFixtures.mu("prover " + n);
        ReferenceSpaceInit reference = new ReferenceSpaceInit(mu, n, g);
        SpaceProver prover = SpaceProver.initInMemory(mu, n, g);
        assertEquals(reference.gamma, prover.commitment().gamma(), g + " n=" + n);
        for (long v = 0; v < n; v++) {
          assertEquals(reference.parents(v), prover.graph().parents(v), "parents of " + v);
          assertEquals(reference.labels.get((int) v), prover.label(v), "label " + v);
        }
      }
    }
  }

  @Test
  void streamingInitToFileEqualsInMemoryInit(@TempDir Path dir) throws Exception {
    // The suite's one larger run: 2^16 labels, 4 MiB of file.
    long n = 1 << 16;
    Hash mu = PospaceFixtures.mu("file");
    SpaceProver inMemory = SpaceProver.initInMemory(mu, n, GraphParameters.DEFAULT);
    Path file = dir.resolve("labels.bin");
    SpaceCommitment commitment;
    try (FileHashArray store = FileHashArray.create(file, SpaceProver.storageSize(n))) {
      SpaceProver onFile =
          SpaceProver.init(mu, n, GraphParameters.DEFAULT, store, InitProgress.NONE);
      commitment = onFile.commitment();
      assertEquals(inMemory.commitment(), commitment);
      store.flush();
    }
    // Reopened after a "restart", the file still answers challenges that verify.
    try (FileHashArray store = FileHashArray.open(file)) {
      SpaceProver reopened = SpaceProver.open(commitment, store);
      assertTrue(
          SpaceVerifier.verifyStorage(
              PospaceFixtures.verified(reopened),
              PospaceFixtures.seed(1),
              20,
              reopened.proveStorage(PospaceFixtures.seed(1), 20)));
    }
  }

  @Test
  void reopeningWithAnotherCommitmentIsRefused() {
    long n = 256;
    HeapHashArray store = new HeapHashArray(SpaceProver.storageSize(n));
    SpaceProver prover =
        SpaceProver.init(
            PospaceFixtures.mu("a"), n, GraphParameters.DEFAULT, store, InitProgress.NONE);
    SpaceCommitment c = prover.commitment();
    SpaceCommitment other =
        new SpaceCommitment(c.mu(), c.nodeCount(), c.graph(), PospaceFixtures.mu("not gamma"));
    assertThrows(IllegalArgumentException.class, () -> SpaceProver.open(other, store));
  }

  @Test
  void progressIsMonotoneAndEndsComplete() {
    long n = 5 * SpaceProver.PROGRESS_STEP + 8; // not a multiple of the step
    List<long[]> calls = new ArrayList<>();
    SpaceProver.init(
        PospaceFixtures.mu("progress"),
        n,
        new GraphParameters(2, 6, 8, GraphParameters.DEFAULT_GRAPH_SEED),
        new HeapHashArray(SpaceProver.storageSize(n)),
        (done, total) -> calls.add(new long[] {done, total}));
    assertTrue(calls.size() >= 5, "expected a report per step, got " + calls.size());
    long last = 0;
    for (long[] c : calls) {
      assertEquals(n, c[1]);
      assertTrue(c[0] >= last && c[0] <= n, "progress went from " + last + " to " + c[0]);
      last = c[0];
    }
    assertEquals(n, calls.get(calls.size() - 1)[0]);
    assertEquals(1, calls.stream().filter(c -> c[0] == n).count(), "(n, n) comes once, last");
  }

  @Test
  void labelsDependOnMu() {
    SpaceProver a = SpaceProver.initInMemory(PospaceFixtures.mu("a"), 64, GraphParameters.DEFAULT);
    SpaceProver b = SpaceProver.initInMemory(PospaceFixtures.mu("b"), 64, GraphParameters.DEFAULT);
    assertNotEquals(a.commitment().gamma(), b.commitment().gamma());
    for (long v = 0; v < 64; v++) {
      assertNotEquals(a.label(v), b.label(v));
    }
  }

  @Test
  void honestProofsAlwaysVerify() {
    long n = 1 << 12;
    SpaceProver prover =
        SpaceProver.initInMemory(PospaceFixtures.mu("honest"), n, PospaceFixtures.SMALL);
    SpaceCommitment c = prover.commitment();
    VerifiedSpaceCommitment v = PospaceFixtures.verified(prover);
    PropertyRuns.qt(Integer.getInteger("qt.examples", 200) / 4)
        .forAll(integers().all(), integers().between(1, 40))
        .checkAssert(
            (s, k) -> {
              var seed = PospaceFixtures.seed(s);
              assertTrue(SpaceVerifier.verifyStorage(v, seed, k, prover.proveStorage(seed, k)));
              assertTrue(SpaceVerifier.verifyCommit(c, seed, k, prover.proveCommit(seed, k)));
            });
  }

  @Test
  void initRejectsATooSmallStoreAndBadSizes() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            SpaceProver.init(
                PospaceFixtures.mu("x"),
                64,
                GraphParameters.DEFAULT,
                new HeapHashArray(SpaceProver.storageSize(64) - 1),
                InitProgress.NONE));
    assertThrows(
        IllegalArgumentException.class,
        () -> SpaceProver.initInMemory(PospaceFixtures.mu("x"), 65, GraphParameters.DEFAULT));
    assertThrows(
        IllegalArgumentException.class,
        () -> SpaceProver.initInMemory(PospaceFixtures.mu("x"), 8, GraphParameters.DEFAULT));
  }
}
