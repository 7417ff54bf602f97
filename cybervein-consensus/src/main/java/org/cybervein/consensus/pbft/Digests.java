package org.cybervein.consensus.pbft;

import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.crypto.hash.Hasher;

/**
 * The tagged SHA-256 digests of PBFT: a batch's d, a checkpoint's state digest and the log digest
 * an UPLOAD signs.
 */
final class Digests {
  static final DomainTag BATCH = DomainTag.of("cybervein/pbft/batch/v1");
  static final DomainTag SNAPSHOT = DomainTag.of("cybervein/pbft/snapshot/v1");
  static final DomainTag LOG = DomainTag.of("cybervein/pbft/log/v1");

  private Digests() {}

  /** d = H(tag || count || (len || frame)*), over the request frames exactly as carried. */
  static Hash batch(List<Bytes> requestFrames) {
    Hasher h = HashFunction.SHA256.newHasher(BATCH).updateInt(requestFrames.size());
    for (Bytes f : requestFrames) {
      h.updateInt(f.size()).update(f);
    }
    return h.digest();
  }

  /** The checkpoint's state digest: H(tag || snapshot bytes). */
  static Hash snapshot(Bytes snapshot) {
    return HashFunction.SHA256.hash(SNAPSHOT, snapshot);
  }

  /** The log digest of UPLOAD {@code <n, d>}: H(tag || encoded PbftLog), the bytes as carried. */
  static Hash log(Bytes encodedLog) {
    return HashFunction.SHA256.hash(LOG, encodedLog);
  }
}
