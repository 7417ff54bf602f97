package org.cybervein.storageproofs.pospace;

import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;

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
}
