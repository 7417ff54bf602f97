package org.cybervein.consensus.pbft;

import java.util.BitSet;
import java.util.List;
import org.cybervein.consensus.pbft.InvalidPbftMessageException.Reason;

/**
 * The proof that log n is the agreed one: f + 1 UPLOADs with equal content for n, signed by
 * distinct replicas. At least one of them is correct, and a correct replica uploads only what it
 * executed after a commit, so the content is log n.
 */
public final class UploadCertificate {
  private UploadCertificate() {}

  /**
   * Checks {@code uploads} as a certificate for log {@code sequence} and returns the log.
   *
   * @param config the replicas and the fault bound f
   * @param verifiers the replicas' verifying keys
   * @param sequence the sequence number n the certificate is for
   * @param uploads the signed uploads offered as its certificate
   * @return the certified log
   * @throws InvalidPbftMessageException with {@code BAD_CERTIFICATE} if fewer than f + 1 distinct
   *     replicas validly signed equal content for {@code sequence}
   */
  public static Upload check(
      ReplicaConfig config, ReplicaVerifiers verifiers, long sequence, List<SignedUpload> uploads)
      throws InvalidPbftMessageException {
    if (uploads.isEmpty()) {
      throw new InvalidPbftMessageException(Reason.BAD_CERTIFICATE, "no uploads");
    }
    Upload content = uploads.get(0).upload();
    if (content.sequence() != sequence) {
      throw new InvalidPbftMessageException(Reason.BAD_CERTIFICATE, "wrong sequence");
    }
    BitSet signers = new BitSet();
    for (SignedUpload u : uploads) {
      if (u.replica() >= config.size()
          || signers.get(u.replica())
          || !u.upload().equals(content)
          || !u.verify(verifiers)) {
        throw new InvalidPbftMessageException(
            Reason.BAD_CERTIFICATE, "upload of replica " + u.replica() + " does not count");
      }
      signers.set(u.replica());
    }
    if (signers.cardinality() < config.f() + 1) {
      throw new InvalidPbftMessageException(
          Reason.BAD_CERTIFICATE, "only " + signers.cardinality() + " signers, need f + 1");
    }
    return content;
  }
}
