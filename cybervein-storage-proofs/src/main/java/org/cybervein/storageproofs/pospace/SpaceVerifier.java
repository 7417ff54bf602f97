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
 *
 * <p>Order of use: {@link #checkCommit} on a commitment and its commit proof gives a {@link
 * VerifiedSpaceCommitment}; only that is accepted by {@link #checkStorage}, since a storage proof
 * binds gamma, n and the seed but not mu or the graph (see {@link VerifiedSpaceCommitment}).
 *
 * <p>The verifier fixes k and the seed from its own rules (never from the proof) and the proof must
 * hold exactly k openings. A k outside {@code [1, }{@value Challenges#MAX_CHALLENGES}{@code ]} or a
 * seed longer than {@value Challenges#MAX_SEED_SIZE} bytes is refused with {@code INVALID_VALUE}
 * like any other bad input, so that a k or seed that reached the verifier from a peer cannot make
 * it throw anything but the documented exception.
 */
public final class SpaceVerifier {
  private SpaceVerifier() {}

  /**
   * Algorithm 3, verifier side: the proof must open exactly the k storage challenges of this
   * commitment and seed, in order, each label with a valid audit path to gamma.
   *
   * @param verified the prover's commitment, whose commit proof passed
   * @param seed the round's public seed, at most {@value Challenges#MAX_SEED_SIZE} bytes
   * @param k the number of storage challenges the verifier's rules demand, 1 to {@value
   *     Challenges#MAX_CHALLENGES}
   * @param proof the prover's answer
   * @throws InvalidStorageProofException {@code INVALID_VALUE} for a k or seed out of range, then
   *     {@code WRONG_NODE_COUNT}, {@code WRONG_CHALLENGE} or {@code BAD_MERKLE_PATH} saying what
   *     failed first
   */
  public static void checkStorage(
      VerifiedSpaceCommitment verified, Bytes seed, int k, StorageProof proof)
      throws InvalidStorageProofException {
    Objects.requireNonNull(verified, "verified");
    Objects.requireNonNull(proof, "proof");
    SpaceCommitment commitment = verified.commitment();
    List<Long> challenges = challenges(ProofKind.STORAGE, commitment, seed, k);
    checkShape(commitment, proof.nodeCount(), challenges.size(), proof.openings().size());
    for (int j = 0; j < challenges.size(); j++) {
      checkOpening(commitment, proof.openings().get(j), challenges.get(j), "challenge " + j);
    }
  }

  /**
   * {@link #checkStorage} as a yes/no answer.
   *
   * @param verified the prover's commitment, whose commit proof passed
   * @param seed the round's public seed
   * @param k the number of storage challenges
   * @param proof the prover's answer
   * @return true if {@link #checkStorage} accepts the proof
   */
  public static boolean verifyStorage(
      VerifiedSpaceCommitment verified, Bytes seed, int k, StorageProof proof) {
    try {
      checkStorage(verified, seed, k, proof);
      return true;
    } catch (InvalidStorageProofException e) {
      return false;
    }
  }

  /**
   * Algorithm 2, verifier side: for each of the k commit challenges v, in order, the proof must
   * open v and exactly the parents of v in G, all with valid audit paths to gamma, and the label
   * recomputed from the parents' labels and mu must equal the opened l_v. This is the check that
   * binds gamma to mu and G, and the only way to a {@link VerifiedSpaceCommitment}.
   *
   * @param commitment the prover's published commitment
   * @param seed the public seed of the commit proof, at most {@value Challenges#MAX_SEED_SIZE}
   *     bytes
   * @param k the number of commit challenges the verifier's rules demand, 1 to {@value
   *     Challenges#MAX_CHALLENGES}
   * @param proof the prover's answer
   * @return the commitment, now verified: the one argument {@link #checkStorage} takes
   * @throws InvalidStorageProofException {@code INVALID_VALUE} for a k or seed out of range, then
   *     {@code WRONG_NODE_COUNT}, {@code WRONG_CHALLENGE}, {@code BAD_MERKLE_PATH} or {@code
   *     BAD_LABEL} saying what failed first
   */
  public static VerifiedSpaceCommitment checkCommit(
      SpaceCommitment commitment, Bytes seed, int k, CommitProof proof)
      throws InvalidStorageProofException {
    Objects.requireNonNull(commitment, "commitment");
    Objects.requireNonNull(proof, "proof");
    List<Long> challenges = challenges(ProofKind.COMMIT, commitment, seed, k);
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
    return new VerifiedSpaceCommitment(commitment);
  }

  /**
   * The verified form of a commitment that a registry recorded only after {@link #checkCommit}
   * returned for it, read back from that registry (the ledger's {@code poc} contract state, for
   * instance, which its registration call writes after the commit proof passed). Never call it on a
   * commitment from a peer or a block: each call site is a trust decision, and there should be one
   * per registry.
   *
   * @param recorded the commitment as the registry recorded it
   * @return the commitment, treated as verified
   */
  public static VerifiedSpaceCommitment restoreRegistered(SpaceCommitment recorded) {
    return new VerifiedSpaceCommitment(Objects.requireNonNull(recorded, "recorded"));
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

  /** The challenges, after refusing a k or seed out of range as bad input rather than a bug. */
  private static List<Long> challenges(
      ProofKind kind, SpaceCommitment commitment, Bytes seed, int k)
      throws InvalidStorageProofException {
    Objects.requireNonNull(seed, "seed");
    if (k < 1 || k > Challenges.MAX_CHALLENGES) {
      throw new InvalidStorageProofException(
          Reason.INVALID_VALUE,
          "challenge count must be in [1, " + Challenges.MAX_CHALLENGES + "], got " + k);
    }
    if (seed.size() > Challenges.MAX_SEED_SIZE) {
      throw new InvalidStorageProofException(
          Reason.INVALID_VALUE,
          "seed must be at most " + Challenges.MAX_SEED_SIZE + " bytes, got " + seed.size());
    }
    return Challenges.derive(kind, commitment, seed, k);
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
