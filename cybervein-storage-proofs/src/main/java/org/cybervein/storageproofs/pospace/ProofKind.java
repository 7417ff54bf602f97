package org.cybervein.storageproofs.pospace;

import org.cybervein.crypto.hash.DomainTag;

/**
 * The two proofs of proof of space. Each derives its challenges under its own domain tag, so the
 * challenges of a commit proof and of a storage proof made from the same seed are independent: an
 * answer to one is no answer to the other.
 */
public enum ProofKind {
  /** Algorithm 2: the commitment gamma was computed correctly (challenged labels and parents). */
  COMMIT("cybervein/pospace/commit-challenge/v1"),
  /** Algorithm 3: the prover still stores the committed labels. */
  STORAGE("cybervein/pospace/storage-challenge/v1");

  private final DomainTag tag;

  ProofKind(String tag) {
    this.tag = DomainTag.of(tag);
  }

  /**
   * The domain tag its challenges are hashed under.
   *
   * @return the tag
   */
  public DomainTag challengeTag() {
    return tag;
  }
}
