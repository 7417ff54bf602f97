package org.cybervein.storageproofs.pospace;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.InvalidStorageProofException.Reason;

/**
 * Verifies proofs of space against a commitment the verifier already holds (from the ledger) and a
 * public seed: it derives the challenges itself, so a proof cannot pick what it answers. Needs only
 * {@code cybervein-api} and {@code cybervein-crypto}. Stateless and thread-safe.
 */
public final class SpaceVerifier {
  private SpaceVerifier() {}

  /**
   * Algorithm 3, verifier side: the proof must open exactly the k storage challenges of this
   * commitment and seed, in order, each label with a valid audit path to gamma.
   *
   * @param commitment the prover's published commitment
   * @param seed the round's public seed
   * @param k the number of storage challenges
   * @param proof the prover's answer
   * @throws InvalidStorageProofException {@code WRONG_NODE_COUNT}, {@code WRONG_CHALLENGE} or
   *     {@code BAD_MERKLE_PATH} saying what failed first
   */
  public static void checkStorage(SpaceCommitment commitment, Bytes seed, int k, StorageProof proof)
      throws InvalidStorageProofException {
    Objects.requireNonNull(proof, "proof");
    List<Long> challenges = Challenges.derive(ProofKind.STORAGE, commitment, seed, k);
    checkShape(commitment, proof.nodeCount(), challenges.size(), proof.openings().size());
    for (int j = 0; j < challenges.size(); j++) {
      checkOpening(commitment, proof.openings().get(j), challenges.get(j), "challenge " + j);
    }
  }

  /**
   * {@link #checkStorage} as a yes/no answer.
   *
   * @param commitment the prover's published commitment
   * @param seed the round's public seed
   * @param k the number of storage challenges
   * @param proof the prover's answer
   * @return true if {@link #checkStorage} accepts the proof
   */
  public static boolean verifyStorage(
      SpaceCommitment commitment, Bytes seed, int k, StorageProof proof) {
    try {
      checkStorage(commitment, seed, k, proof);
      return true;
    } catch (InvalidStorageProofException e) {
      return false;
    }
  }

  /**
   * Algorithm 2, verifier side: for each of the k commit challenges v, in order, the proof must
   * open v and exactly the parents of v in G, all with valid audit paths to gamma, and the label
   * recomputed from the parents' labels and mu must equal the opened l_v.
   *
   * @param commitment the prover's published commitment
   * @param seed the round's public seed
   * @param k the number of commit challenges
   * @param proof the prover's answer
   * @throws InvalidStorageProofException {@code WRONG_NODE_COUNT}, {@code WRONG_CHALLENGE}, {@code
   *     BAD_MERKLE_PATH} or {@code BAD_LABEL} saying what failed first
   */
  public static void checkCommit(SpaceCommitment commitment, Bytes seed, int k, CommitProof proof)
      throws InvalidStorageProofException {
    Objects.requireNonNull(proof, "proof");
    List<Long> challenges = Challenges.derive(ProofKind.COMMIT, commitment, seed, k);
    checkShape(commitment, proof.nodeCount(), challenges.size(), proof.openings().size());
    SpaceGraph graph = commitment.spaceGraph();
    long[] parents = new long[commitment.graph().maxParents()];
    for (int j = 0; j < challenges.size(); j++) {
      long v = challenges.get(j);
      String what = "challenge " + j;
      CommitOpening opening = proof.openings().get(j);
      checkOpening(commitment, opening.node(), v, what);
      int m = graph.parents(v, parents);
      if (opening.parents().size() != m) {
        throw new InvalidStorageProofException(
            Reason.WRONG_CHALLENGE,
            what
                + ": node "
                + v
                + " has "
                + m
                + " parents, "
                + opening.parents().size()
                + " opened");
      }
      List<Hash> parentLabels = new ArrayList<>(m);
      for (int p = 0; p < m; p++) {
        LabelOpening po = opening.parents().get(p);
        checkOpening(commitment, po, parents[p], what + " parent " + p);
        parentLabels.add(po.label());
      }
      Hash recomputed = NodeLabeler.label(commitment.mu(), v, parentLabels);
      if (!recomputed.equals(opening.node().label())) {
        throw new InvalidStorageProofException(
            Reason.BAD_LABEL, what + ": label of node " + v + " is not H(mu, v, parent labels)");
      }
    }
  }

  /**
   * {@link #checkCommit} as a yes/no answer.
   *
   * @param commitment the prover's published commitment
   * @param seed the round's public seed
   * @param k the number of commit challenges
   * @param proof the prover's answer
   * @return true if {@link #checkCommit} accepts the proof
   */
  public static boolean verifyCommit(
      SpaceCommitment commitment, Bytes seed, int k, CommitProof proof) {
    try {
      checkCommit(commitment, seed, k, proof);
      return true;
    } catch (InvalidStorageProofException e) {
      return false;
    }
  }

  private static void checkShape(SpaceCommitment commitment, long proofN, int k, int opened)
      throws InvalidStorageProofException {
    if (proofN != commitment.nodeCount()) {
      throw new InvalidStorageProofException(
          Reason.WRONG_NODE_COUNT,
          "proof is for " + proofN + " nodes, the commitment for " + commitment.nodeCount());
    }
    if (opened != k) {
      throw new InvalidStorageProofException(
          Reason.WRONG_CHALLENGE, "expected " + k + " openings, got " + opened);
    }
  }

  private static void checkOpening(
      SpaceCommitment commitment, LabelOpening opening, long index, String what)
      throws InvalidStorageProofException {
    if (opening.index() != index) {
      throw new InvalidStorageProofException(
          Reason.WRONG_CHALLENGE, what + ": expected node " + index + ", got " + opening.index());
    }
    if (!opening.verifies(commitment.gamma(), commitment.nodeCount(), index)) {
      throw new InvalidStorageProofException(
          Reason.BAD_MERKLE_PATH, what + ": label of node " + index + " is not committed in gamma");
    }
  }
}
