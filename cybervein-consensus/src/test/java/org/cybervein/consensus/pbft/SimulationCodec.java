package org.cybervein.consensus.pbft;

import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.crypto.hash.Hasher;

/** What the simulation's Byzantine replicas need to build valid-looking protocol messages. */
final class SimulationCodec {
  private SimulationCodec() {}

  /** The digest d of a batch of request frames, as the primary computes it. */
  static Hash batchDigest(List<Bytes> requests) {
    // Placeholder until the core exposes its batch digest; see PbftSimulationTest.
    Hasher h = HashFunction.SHA256.newHasher(DomainTag.of("cybervein/pbft-batch/v1"));
    h.updateInt(requests.size());
    for (Bytes r : requests) {
      h.updateInt(r.size()).update(r);
    }
    return h.digest();
  }
}
