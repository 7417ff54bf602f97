package org.cybervein.consensus.pbft;

import java.util.List;
import java.util.Optional;
import org.cybervein.api.Bytes;

/**
 * The database's smart contract as PBFT sees it: where the agreed operation log lands. After a
 * replica executes log n it broadcasts UPLOAD {@code <n, d>}, d the digest of log n; once it holds
 * f + 1 signed UPLOADs with its own content for n, it asks its host to insert them with the log
 * ({@link Action.InsertLog}), and the host calls {@link #insert} (the replica core itself never
 * calls the contract) and reports the outcome back. Several replicas may insert the same n; the
 * contract keeps the first valid one, so each log lands once.
 *
 * <p>The ledger's database contract implements it; tests use an in-memory one. An implementation
 * must itself check the certificate ({@link UploadCertificateVerifier}, the one verifier of UPLOAD
 * certificates, or {@link UploadCertificate#check} on held uploads), since it cannot trust the
 * replica calling it.
 */
public interface LogContract {
  /** What {@link #insert} did. */
  enum Outcome {
    /** The entry was new and is now held. */
    INSERTED,
    /** The contract already held log n; nothing changed. */
    ALREADY_PRESENT,
    /**
     * The uploads are not f + 1 valid signatures on equal content for n, or the log is not the one
     * they sign; nothing changed.
     */
    REJECTED
  }

  /**
   * Offers log {@code sequence} with its signed uploads and the log they certify.
   *
   * @param sequence n
   * @param uploads at least f + 1 signed UPLOADs {@code <n, d>} from distinct replicas with equal
   *     content
   * @param log the encoded {@code PbftLog} of log n, whose digest is d
   * @return whether the log was inserted, was already held, or was rejected
   */
  Outcome insert(long sequence, List<SignedUpload> uploads, Bytes log);

  /**
   * True if log {@code sequence} is held.
   *
   * @param sequence the sequence number n
   * @return true if the contract holds a log for n
   */
  boolean contains(long sequence);

  /**
   * Log {@code sequence}, if held.
   *
   * @param sequence the sequence number n
   * @return the log, or empty if none is held for n
   */
  Optional<OperationLog> entry(long sequence);
}
