package org.cybervein.consensus.pbft;

import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;

/**
 * One operation of the agreed log: the whitepaper's {@code <t, o>} with the client address that
 * issued it.
 *
 * @param client the client's address
 * @param timestamp t, the client's timestamp
 * @param operation o
 */
public record LoggedOperation(NodeId client, long timestamp, Bytes operation) {
  /** Rejects null parts and a negative timestamp. */
  public LoggedOperation {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(operation, "operation");
    if (timestamp < 0) {
      throw new IllegalArgumentException("timestamp must not be negative");
    }
  }
}
