package org.cybervein.ledger.contract.database;

import java.util.List;
import java.util.Objects;
import org.cybervein.api.Hash;

/**
 * Log n of a database as the contract holds it: the entries of the batch PBFT executed at sequence
 * number n, in execution order (empty for a null request a view change filled in).
 *
 * @param sequence n, at least 1
 * @param entries the log array's entries for n
 * @param uploadDigest the log digest d the certifying UPLOADs signed ({@link
 *     DatabaseContract#uploadDigest})
 * @param block the index of the block that inserted it
 * @param transaction the id of the inserting transaction
 */
public record DatabaseLog(
    long sequence, List<LogEntry> entries, Hash uploadDigest, long block, Hash transaction) {
  /**
   * Checks the parts and copies the list.
   *
   * @param sequence n, at least 1
   * @param entries the log array's entries for n
   * @param uploadDigest the log digest d the certifying UPLOADs signed ({@link
   *     DatabaseContract#uploadDigest})
   * @param block the index of the block that inserted it
   * @param transaction the id of the inserting transaction
   */
  public DatabaseLog {
    entries = List.copyOf(entries);
    Objects.requireNonNull(uploadDigest, "uploadDigest");
    Objects.requireNonNull(transaction, "transaction");
    if (sequence < 1 || block < 0) {
      throw new IllegalArgumentException("sequence or block out of range");
    }
    for (LogEntry e : entries) {
      if (e.sequence() != sequence) {
        throw new IllegalArgumentException("an entry of another log");
      }
    }
  }
}
