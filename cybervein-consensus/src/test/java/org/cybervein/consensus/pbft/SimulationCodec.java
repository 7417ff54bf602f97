package org.cybervein.consensus.pbft;

import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;

/** What the simulation's Byzantine replicas need to build valid-looking protocol messages. */
final class SimulationCodec {
  private SimulationCodec() {}

  /** The digest d of a batch of request frames, as the primary computes it. */
  static Hash batchDigest(List<Bytes> requests) {
    return Digests.batch(requests);
  }
}
