package org.cybervein.ledger.contract.database;

import java.util.List;
import java.util.Objects;
import org.cybervein.api.Hash;

/**
 * What a valid certificate of f + 1 signed UPLOADs proves: log n's content.
 *
 * @param sequence n
 * @param entries the log array's entries for n, in execution order
 * @param uploadDigest the log digest d the certifying UPLOADs {@code <n, d>} signed
 * @param signers the replica indexes of the members who signed, ascending
 */
public record CertifiedLog(
    long sequence, List<LogEntry> entries, Hash uploadDigest, List<Integer> signers) {
  /**
   * Checks the parts and copies the lists.
   *
   * @param sequence n
   * @param entries the log array's entries for n, in execution order
   * @param uploadDigest the log digest d the certifying UPLOADs {@code <n, d>} signed
   * @param signers the replica indexes of the members who signed, ascending
   */
  public CertifiedLog {
    entries = List.copyOf(entries);
    signers = List.copyOf(signers);
    Objects.requireNonNull(uploadDigest, "uploadDigest");
    if (sequence < 1 || signers.isEmpty()) {
      throw new IllegalArgumentException("sequence or signers out of range");
    }
  }
}
