package org.cybervein.consensus.pbft;

import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;

/**
 * Log n: the operations a replica executed at sequence number n, in execution order (a whole batch;
 * empty for a null request filled in by a view change), to be written to the database's contract.
 * On the wire it is a {@code PbftLog}; its digest is what UPLOAD {@code <n, d>} signs.
 *
 * @param sequence n, at least 1
 * @param operations the batch's operations in execution order
 */
public record OperationLog(long sequence, List<LoggedOperation> operations) {
  /**
   * Copies the list and rejects a sequence number below 1.
   *
   * @param sequence n, at least 1
   * @param operations the batch's operations in execution order
   */
  public OperationLog {
    operations = List.copyOf(operations);
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence must be at least 1, got " + sequence);
    }
  }

  /**
   * The canonical encoding of this log as a {@code PbftLog}.
   *
   * @return the encoded log
   */
  public Bytes encode() {
    return Bytes.encodingOf(Codec.log(this));
  }

  /**
   * The log digest d of this log: {@link UploadCertificateVerifier#logDigest} of {@link #encode()}.
   *
   * @return d
   */
  public Hash digest() {
    return UploadCertificateVerifier.logDigest(encode());
  }
}
