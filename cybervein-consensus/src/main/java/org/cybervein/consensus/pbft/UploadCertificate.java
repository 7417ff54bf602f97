package org.cybervein.consensus.pbft;

import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.consensus.pbft.InvalidPbftMessageException.Reason;

/**
 * The proof that log n is the agreed one: f + 1 UPLOADs {@code <n, d>} with equal content, signed
 * by distinct replicas, and the log that hashes to d. At least one signer is correct, and a correct
 * replica uploads only the digest of what it executed after a commit, so the log is log n. The
 * checks are {@link UploadCertificateVerifier}'s, the one verifier of such certificates; this class
 * applies them to uploads a replica already holds as {@link SignedUpload}s.
 */
public final class UploadCertificate {
  private UploadCertificate() {}

  /**
   * Checks {@code uploads} with {@code log} as a certificate for log {@code sequence} and returns
   * the log: their frames and the log must pass {@link UploadCertificateVerifier#verify}, and each
   * upload must state the content and replica of its own frame.
   *
   * @param config the replica group
   * @param verifiers the group's signature verifiers
   * @param sequence n, at least 1
   * @param uploads the signed uploads
   * @param log the encoded {@code PbftLog} the uploads certify
   * @return log n
   * @throws InvalidPbftMessageException with the verifier's reason, or {@code BAD_CERTIFICATE} if
   *     an upload states other content or another replica than its frame carries
   */
  public static OperationLog check(
      ReplicaConfig config,
      ReplicaVerifiers verifiers,
      long sequence,
      List<SignedUpload> uploads,
      Bytes log)
      throws InvalidPbftMessageException {
    List<Bytes> frames = new ArrayList<>(uploads.size());
    for (SignedUpload u : uploads) {
      frames.add(u.frame());
    }
    UploadCertificateVerifier.Checked checked =
        UploadCertificateVerifier.of(config, verifiers).check(sequence, frames, log);
    Upload content = checked.certified().upload();
    for (int i = 0; i < uploads.size(); i++) {
      SignedUpload u = uploads.get(i);
      if (u.replica() != checked.senders()[i] || !u.upload().equals(content)) {
        throw new InvalidPbftMessageException(
            Reason.BAD_CERTIFICATE, "upload of replica " + u.replica() + " is not its frame's");
      }
    }
    return checked.certified().log();
  }
}
