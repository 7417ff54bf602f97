package org.cybervein.ledger.contract.database;

import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.PublicKey;

/**
 * One element of the whitepaper's log array: the executable command, its initiator, the initiator's
 * timestamp and the sequence number of the log (the PBFT sequence number n of the batch that
 * executed it).
 *
 * @param command the executable command, as the client sent it
 * @param initiator the initiating client's address
 * @param initiatorKey the initiating client's Ed25519 key
 * @param timestamp the client's timestamp t
 * @param sequence the log's sequence number n, at least 1
 */
public record LogEntry(
    Bytes command, NodeId initiator, PublicKey initiatorKey, long timestamp, long sequence) {
  /**
   * Checks the parts.
   *
   * @param command the executable command, as the client sent it
   * @param initiator the initiating client's address
   * @param initiatorKey the initiating client's Ed25519 key
   * @param timestamp the client's timestamp t
   * @param sequence the log's sequence number n, at least 1
   */
  public LogEntry {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(initiator, "initiator");
    Objects.requireNonNull(initiatorKey, "initiatorKey");
    if (timestamp < 0 || sequence < 1) {
      throw new IllegalArgumentException("timestamp or sequence out of range");
    }
  }
}
