package org.cybervein.consensus.pbft;

import java.util.List;
import java.util.Objects;
import org.cybervein.api.Bytes;

/**
 * What a valid UPLOAD certificate proves: log n, the content that f + 1 distinct replicas signed
 * (see {@link UploadCertificateVerifier}).
 *
 * @param upload log n, decoded
 * @param encodedUpload the {@code PbftUpload} bytes every signer's body carried, in their one
 *     canonical encoding (what a contract hashes to name the log)
 * @param signers the indexes of the replicas whose uploads the certificate holds, ascending
 */
public record CertifiedUpload(Upload upload, Bytes encodedUpload, List<Integer> signers) {
  /**
   * Copies the signer list and rejects null parts and an empty signer list.
   *
   * @param upload log n, decoded
   * @param encodedUpload the canonical {@code PbftUpload} bytes that every signer signed
   * @param signers the indexes of the replicas whose signed uploads make up the certificate,
   *     ascending; copied
   * @throws IllegalArgumentException if {@code signers} is empty
   * @throws NullPointerException if a part or a signer index is null
   */
  public CertifiedUpload {
    Objects.requireNonNull(upload, "upload");
    Objects.requireNonNull(encodedUpload, "encodedUpload");
    signers = List.copyOf(signers);
    if (signers.isEmpty()) {
      throw new IllegalArgumentException("a certified upload has at least one signer");
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
