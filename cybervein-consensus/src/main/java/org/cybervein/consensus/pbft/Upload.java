package org.cybervein.consensus.pbft;

import java.util.Objects;
import org.cybervein.api.Hash;

/**
 * UPLOAD {@code <n, d>}: a replica executed log n (an {@link OperationLog}), whose digest is d.
 * What a replica signs is this small pair, not the log: the log travels once, next to f + 1 signed
 * UPLOADs, only where a transferable proof is needed (see {@link UploadCertificateVerifier}).
 *
 * @param sequence n, at least 1
 * @param logDigest d, {@link OperationLog#digest()} of log n
 */
public record Upload(long sequence, Hash logDigest) {
  /**
   * Rejects a sequence number below 1 and a null digest.
   *
   * @param sequence n, at least 1
   * @param logDigest d, the digest of log n
   */
  public Upload {
    Objects.requireNonNull(logDigest, "logDigest");
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence must be at least 1, got " + sequence);
    }
  }

  /**
   * The UPLOAD of {@code log}: its sequence number and its digest.
   *
   * @param log log n
   * @return {@code <n, d>}
   */
  public static Upload of(OperationLog log) {
    return new Upload(log.sequence(), log.digest());
  }

  // Written out (the record's own values): compared for every UPLOAD a replica holds, where the
  // record's generated method, built from method handles, was not always inlined.
  @Override
  public boolean equals(Object o) {
    return o instanceof Upload u && sequence == u.sequence && logDigest.equals(u.logDigest);
  }

  @Override
  public int hashCode() {
    return 31 * Long.hashCode(sequence) + logDigest.hashCode();
  }
}
