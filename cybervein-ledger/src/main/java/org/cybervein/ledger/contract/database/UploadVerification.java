package org.cybervein.ledger.contract.database;

import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.PublicKey;
import org.cybervein.consensus.pbft.CertifiedUpload;
import org.cybervein.consensus.pbft.InvalidPbftMessageException;
import org.cybervein.consensus.pbft.LoggedOperation;
import org.cybervein.consensus.pbft.UploadCertificateVerifier;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.contract.ContractStorage;

/**
 * The database contract's use of the consensus module's {@link UploadCertificateVerifier}, the one
 * verifier of UPLOAD certificates: the members' node keys are the replica keys, its refusals become
 * the ledger's reasons, and the certified log becomes the contract's log entries.
 */
final class UploadVerification {
  private UploadVerification() {}

  static CertifiedLog check(Database db, long sequence, List<Bytes> frames, Bytes log)
      throws InvalidLedgerInputException {
    if (frames.isEmpty()) {
      throw new InvalidLedgerInputException(Reason.MALFORMED, "no uploads");
    }
    List<PublicKey> keys = new ArrayList<>(db.members().size());
    for (Member m : db.members()) {
      keys.add(m.nodeKey());
    }
    CertifiedUpload certified;
    try {
      certified =
          UploadCertificateVerifier.of(keys, DatabaseCall.MAX_ENCODED_SIZE)
              .verify(sequence, frames, log);
    } catch (InvalidPbftMessageException e) {
      throw new InvalidLedgerInputException(reason(e.reason()), e.getMessage(), e);
    }
    List<LogEntry> entries = new ArrayList<>(certified.log().operations().size());
    for (LoggedOperation op : certified.log().operations()) {
      LogEntry entry =
          new LogEntry(op.operation(), op.client(), op.clientKey(), op.timestamp(), sequence);
      if (DatabaseRecords.encode(entry).size() > ContractStorage.MAX_VALUE_SIZE) {
        throw new InvalidLedgerInputException(
            Reason.CONTRACT_RULE, "a command is larger than a contract entry holds");
      }
      entries.add(entry);
    }
    return new CertifiedLog(sequence, entries, certified.upload().logDigest(), certified.signers());
  }

  /** The ledger's name for each refusal of the verifier, as the contract's rules state them. */
  private static Reason reason(InvalidPbftMessageException.Reason reason) {
    return switch (reason) {
      case OVERSIZED -> Reason.OVERSIZED;
      case NON_CANONICAL -> Reason.NON_CANONICAL;
      case UNKNOWN_SENDER -> Reason.NOT_AUTHORIZED;
      case DUPLICATE_SIGNER -> Reason.DUPLICATE;
      case WRONG_SEQUENCE, CONFLICTING_CONTENT -> Reason.CONTRACT_RULE;
      case TOO_FEW_SIGNERS, LOG_MISMATCH -> Reason.BAD_PROOF;
      case BAD_AUTHENTICATOR -> Reason.BAD_SIGNATURE;
      default -> Reason.MALFORMED;
    };
  }
}
