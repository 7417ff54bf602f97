package org.cybervein.storageproofs.pospace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.crypto.merkle.MerkleProof;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.InvalidStorageProofException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class SpaceVerifierTest {
  private static final long N = 1 << 10;
  private static final int K = 12;
  private static final SpaceProver PROVER =
      SpaceProver.initInMemory(PospaceFixtures.mu("verifier"), N, PospaceFixtures.SMALL);
  private static final SpaceCommitment C = PROVER.commitment();
  private static final VerifiedSpaceCommitment V = PospaceFixtures.verified(PROVER);
  private static final Bytes SEED = PospaceFixtures.seed(42);

  private static void rejects(Reason reason, Executable check) {
    InvalidStorageProofException e = assertThrows(InvalidStorageProofException.class, check);
    assertEquals(reason, e.reason(), e.getMessage());
  }

  private static Hash flip(Hash h) {
    byte[] b = h.toByteArray();
    b[0] ^= 1;
    return Hash.of(b);
  }

  private static StorageProof withOpening(StorageProof proof, int j, LabelOpening replacement) {
    List<LabelOpening> openings = new ArrayList<>(proof.openings());
    openings.set(j, replacement);
    return new StorageProof(proof.nodeCount(), openings);
  }

  @Test
  void rejectsStorageProofWithTamperedLabel() {
    StorageProof proof = PROVER.proveStorage(SEED, K);
    for (int j = 0; j < K; j++) {
      LabelOpening o = proof.openings().get(j);
      StorageProof bad = withOpening(proof, j, new LabelOpening(flip(o.label()), o.path()));
      rejects(Reason.BAD_MERKLE_PATH, () -> SpaceVerifier.checkStorage(V, SEED, K, bad));
    }
  }

  @Test
  void rejectsStorageProofWithTamperedSibling() {
    StorageProof proof = PROVER.proveStorage(SEED, K);
    LabelOpening o = proof.openings().get(3);
    for (int s = 0; s < o.path().path().size(); s++) {
      List<Hash> path = new ArrayList<>(o.path().path());
      path.set(s, flip(path.get(s)));
      MerkleProof tampered = new MerkleProof(o.index(), N, path);
      StorageProof bad = withOpening(proof, 3, new LabelOpening(o.label(), tampered));
      rejects(Reason.BAD_MERKLE_PATH, () -> SpaceVerifier.checkStorage(V, SEED, K, bad));
    }
  }

  @Test
  void rejectsStorageProofThatOpensAnotherIndex() {
    StorageProof proof = PROVER.proveStorage(SEED, K);
    long challenged = proof.openings().get(0).index();
    // A valid opening, but of a node the verifier did not ask for.
    StorageProof bad = withOpening(proof, 0, PROVER.open((challenged + 1) % N));
    rejects(Reason.WRONG_CHALLENGE, () -> SpaceVerifier.checkStorage(V, SEED, K, bad));
  }

  @Test
  void rejectsStorageProofForAnotherSeedOrCountOrCommitment() {
    StorageProof proof = PROVER.proveStorage(SEED, K);
    rejects(
        Reason.WRONG_CHALLENGE,
        () -> SpaceVerifier.checkStorage(V, PospaceFixtures.seed(43), K, proof));
    rejects(Reason.WRONG_CHALLENGE, () -> SpaceVerifier.checkStorage(V, SEED, K + 1, proof));
    List<LabelOpening> fewer = proof.openings().subList(0, K - 1);
    rejects(
        Reason.WRONG_CHALLENGE,
        () -> SpaceVerifier.checkStorage(V, SEED, K, new StorageProof(N, fewer)));
    SpaceProver other =
        SpaceProver.initInMemory(PospaceFixtures.mu("someone else"), N, PospaceFixtures.SMALL);
    assertFalse(SpaceVerifier.verifyStorage(PospaceFixtures.verified(other), SEED, K, proof));
    SpaceProver bigger =
        SpaceProver.initInMemory(PospaceFixtures.mu("verifier"), 2 * N, PospaceFixtures.SMALL);
    rejects(
        Reason.WRONG_NODE_COUNT,
        () -> SpaceVerifier.checkStorage(PospaceFixtures.verified(bigger), SEED, K, proof));
  }

  @Test
  void rejectsCommitProofWithTamperedChallengedLabel() {
    CommitProof proof = PROVER.proveCommit(SEED, K);
    List<CommitOpening> openings = new ArrayList<>(proof.openings());
    CommitOpening o = openings.get(2);
    openings.set(
        2,
        new CommitOpening(new LabelOpening(flip(o.node().label()), o.node().path()), o.parents()));
    rejects(
        Reason.BAD_MERKLE_PATH,
        () -> SpaceVerifier.checkCommit(C, SEED, K, new CommitProof(N, openings)));
  }

  @Test
  void rejectsCommitmentWhoseLabelsWereNotComputedFromTheirParents() {
    // A prover that commits to labels it did not compute honestly: the tree is consistent, so
    // every Merkle path verifies, and only recomputing l_v from the parents catches it.
    long n = 256;
    SpaceProver honest =
        SpaceProver.initInMemory(PospaceFixtures.mu("liar"), n, PospaceFixtures.SMALL);
    List<Hash> labels = new ArrayList<>();
    for (long v = 0; v < n; v++) {
      labels.add(honest.label(v));
    }
    Bytes seed = PospaceFixtures.seed(7);
    long victim = Challenges.derive(ProofKind.COMMIT, honest.commitment(), seed, 1).get(0);
    // Changing one label changes gamma and so the challenges: search for a forged label whose
    // gamma challenges the forged node, as a grinding prover would.
    for (int attempt = 0; attempt < 100_000; attempt++) {
      List<Hash> forged = new ArrayList<>(labels);
      forged.set((int) victim, PospaceFixtures.mu("forged " + attempt));
      var tree = org.cybervein.crypto.merkle.MerkleTree.ofLeafHashes(forged);
      SpaceCommitment fc =
          new SpaceCommitment(honest.commitment().mu(), n, PospaceFixtures.SMALL, tree.root());
      List<Long> ch = Challenges.derive(ProofKind.COMMIT, fc, seed, 1);
      if (ch.get(0) != victim) {
        continue;
      }
      SpaceGraph graph = fc.spaceGraph();
      List<LabelOpening> parents = new ArrayList<>();
      for (long p : graph.parents(victim)) {
        parents.add(new LabelOpening(forged.get((int) p), tree.proof(p)));
      }
      CommitOpening opening =
          new CommitOpening(
              new LabelOpening(forged.get((int) victim), tree.proof(victim)), parents);
      CommitProof proof = new CommitProof(n, List.of(opening));
      rejects(Reason.BAD_LABEL, () -> SpaceVerifier.checkCommit(fc, seed, 1, proof));
      return;
    }
    throw new AssertionError("no forged commitment challenged its forged node");
  }

  @Test
  void rejectsCommitProofWithWrongOrMissingParents() {
    CommitProof proof = PROVER.proveCommit(SEED, K);
    int j = 0;
    while (proof.openings().get(j).parents().size() < 2) {
      j++;
    }
    CommitOpening o = proof.openings().get(j);
    List<LabelOpening> swapped = new ArrayList<>(o.parents());
    LabelOpening first = swapped.get(0);
    swapped.set(0, swapped.get(1));
    swapped.set(1, first);
    List<CommitOpening> openings = new ArrayList<>(proof.openings());
    if (!first.equals(swapped.get(0))) {
      openings.set(j, new CommitOpening(o.node(), swapped));
      rejects(
          Reason.WRONG_CHALLENGE,
          () -> SpaceVerifier.checkCommit(C, SEED, K, new CommitProof(N, openings)));
    }
    openings.set(j, new CommitOpening(o.node(), o.parents().subList(1, o.parents().size())));
    rejects(
        Reason.WRONG_CHALLENGE,
        () -> SpaceVerifier.checkCommit(C, SEED, K, new CommitProof(N, openings)));
    List<LabelOpening> tamperedParent = new ArrayList<>(o.parents());
    LabelOpening p0 = tamperedParent.get(0);
    tamperedParent.set(0, new LabelOpening(flip(p0.label()), p0.path()));
    openings.set(j, new CommitOpening(o.node(), tamperedParent));
    rejects(
        Reason.BAD_MERKLE_PATH,
        () -> SpaceVerifier.checkCommit(C, SEED, K, new CommitProof(N, openings)));
  }

  @Test
  void commitAndStorageChallengesAreSeparated() {
    // A storage proof's openings reused as a commit proof's nodes do not answer the challenges.
    StorageProof storage = PROVER.proveStorage(SEED, K);
    List<CommitOpening> asCommit = new ArrayList<>();
    for (LabelOpening o : storage.openings()) {
      asCommit.add(new CommitOpening(o, List.of()));
    }
    assertFalse(SpaceVerifier.verifyCommit(C, SEED, K, new CommitProof(N, asCommit)));
  }
}
