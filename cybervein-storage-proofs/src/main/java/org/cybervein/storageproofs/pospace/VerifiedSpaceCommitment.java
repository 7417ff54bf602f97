package org.cybervein.storageproofs.pospace;

import java.util.Objects;

/**
 * A {@link SpaceCommitment} whose commit proof (Algorithm 2) passed: the only kind of commitment a
 * storage proof (Algorithm 3) is checked against.
 *
 * <p>Why the type: a storage proof's challenges and openings depend only on gamma, n and the seed,
 * not on mu or the graph. Anyone can copy another prover's gamma and n into a commitment under
 * their own mu, and the victim's storage proofs would answer it. The commit proof is what binds
 * gamma to mu and G (it recomputes challenged labels from mu and their parents), so a verifier must
 * accept storage proofs only for a commitment whose commit proof it (or the registry it trusts)
 * checked. This type is obtained from {@link SpaceVerifier#checkCommit} or, for a registry reading
 * back what it recorded after that check, from {@link SpaceVerifier#restoreRegistered}; there is no
 * public constructor.
 *
 * <p>Equal by its commitment.
 */
public final class VerifiedSpaceCommitment {
  private final SpaceCommitment commitment;

  VerifiedSpaceCommitment(SpaceCommitment commitment) {
    this.commitment = Objects.requireNonNull(commitment, "commitment");
  }

  /**
   * The commitment (mu, n, G, gamma) whose commit proof passed.
   *
   * @return the commitment
   */
  public SpaceCommitment commitment() {
    return commitment;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VerifiedSpaceCommitment v && v.commitment.equals(commitment);
  }

  @Override
  public int hashCode() {
    return commitment.hashCode();
  }

  @Override
  public String toString() {
    return "Verified" + commitment;
  }
}
