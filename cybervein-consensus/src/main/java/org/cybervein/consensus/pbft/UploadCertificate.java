package org.cybervein.consensus.pbft;

import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.consensus.pbft.InvalidPbftMessageException.Reason;

/**
 * The proof that log n is the agreed one: f + 1 UPLOADs with equal content for n, signed by
 * distinct replicas. At least one of them is correct, and a correct replica uploads only what it
 * executed after a commit, so the content is log n. The checks are {@link
 * UploadCertificateVerifier}'s, the one verifier of such certificates; this class applies them to
 * uploads a replica already holds as {@link SignedUpload}s.
 */
public final class UploadCertificate {
  private UploadCertificate() {}

  /**
   * Checks {@code uploads} as a certificate for log {@code sequence} and returns the log: their
   * frames must pass {@link UploadCertificateVerifier#verify}, and each upload must state the
   * content and replica of its own frame.
   *
   * @param config the replica group
   * @param verifiers the group's signature verifiers
   * @param sequence n, at least 1
   * @param uploads the signed uploads
   * @return log n
   * @throws InvalidPbftMessageException with the verifier's reason, or {@code BAD_CERTIFICATE} if
   *     an upload states other content or another replica than its frame carries
   */
  public static Upload check(
      ReplicaConfig config, ReplicaVerifiers verifiers, long sequence, List<SignedUpload> uploads)
      throws InvalidPbftMessageException {
    List<Bytes> frames = new ArrayList<>(uploads.size());
    for (SignedUpload u : uploads) {
      frames.add(u.frame());
    }
    UploadCertificateVerifier.Checked checked =
        UploadCertificateVerifier.of(config, verifiers).check(sequence, frames);
    Upload content = checked.certified().upload();
    for (int i = 0; i < uploads.size(); i++) {
      SignedUpload u = uploads.get(i);
      if (u.replica() != checked.senders()[i] || !u.upload().equals(content)) {
        throw new InvalidPbftMessageException(
            Reason.BAD_CERTIFICATE, "upload of replica " + u.replica() + " is not its frame's");
      }
    }
    return content;
  }
}
