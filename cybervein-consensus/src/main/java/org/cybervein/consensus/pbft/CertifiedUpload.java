package org.cybervein.consensus.pbft;

import java.util.List;
import java.util.Objects;
import org.cybervein.api.Bytes;

/**
 * What a valid UPLOAD certificate proves: log n, whose digest f + 1 distinct replicas signed (see
 * {@link UploadCertificateVerifier}).
 *
 * @param upload the UPLOAD {@code <n, d>} every signer signed
 * @param log log n, decoded
 * @param encodedLog the {@code PbftLog} bytes as carried, which hash to d
 * @param signers the indexes of the replicas whose uploads the certificate holds, ascending
 */
public record CertifiedUpload(
    Upload upload, OperationLog log, Bytes encodedLog, List<Integer> signers) {
  /**
   * Copies the signer list and rejects null parts, an empty signer list and a log of another
   * sequence number than the upload's.
   *
   * @param upload the UPLOAD {@code <n, d>} every signer signed
   * @param log log n, decoded
   * @param encodedLog the {@code PbftLog} bytes as carried, which hash to d
   * @param signers the indexes of the replicas whose signed uploads make up the certificate,
   *     ascending; copied
   * @throws IllegalArgumentException if {@code signers} is empty or the sequence numbers differ
   * @throws NullPointerException if a part or a signer index is null
   */
  public CertifiedUpload {
    Objects.requireNonNull(upload, "upload");
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(encodedLog, "encodedLog");
    signers = List.copyOf(signers);
    if (signers.isEmpty()) {
      throw new IllegalArgumentException("a certified upload has at least one signer");
    }
    if (log.sequence() != upload.sequence()) {
      throw new IllegalArgumentException("log " + log.sequence() + " for upload " + upload);
    }
  }

  /**
   * The sequence number n of the log.
   *
   * @return n, at least 1
   */
  public long sequence() {
    return upload.sequence();
  }
}
