package org.cybervein.storageproofs.pospace;

import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.storageproofs.InvalidStorageProofException;

/** Shared inputs for the proof-of-space tests: a few small graphs and identities. */
final class PospaceFixtures {
  private PospaceFixtures() {}

  /** A small graph: 4 layers, the default degrees. */
  static final GraphParameters SMALL =
      new GraphParameters(4, 6, 8, GraphParameters.DEFAULT_GRAPH_SEED);

  static Hash mu(String name) {
    return HashFunction.SHA256.hash(DomainTag.of("cybervein/test/mu/v1"), Bytes.utf8(name));
  }

  static Bytes seed(long i) {
    return Bytes.utf8("seed-" + i);
  }

  /**
   * The prover's commitment as a verifier holds it after its commit proof passed, with a few commit
   * challenges of a fixed seed: the honest way to a {@link VerifiedSpaceCommitment}.
   */
  static VerifiedSpaceCommitment verified(SpaceProver prover) {
    Bytes seed = Bytes.utf8("commit seed");
    try {
      return SpaceVerifier.checkCommit(prover.commitment(), seed, 4, prover.proveCommit(seed, 4));
    } catch (InvalidStorageProofException e) {
      throw new AssertionError("an honest commit proof was refused", e);
    }
  }
}
