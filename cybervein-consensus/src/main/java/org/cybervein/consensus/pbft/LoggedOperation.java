package org.cybervein.consensus.pbft;

import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.PublicKey;

/**
 * One operation of the agreed log: the whitepaper's {@code <t, o>} with the client address that
 * issued it and the client's signing key (a client is its address and key together, so nobody
 * holding another key can consume its timestamps by using its address).
 *
 * @param client the client's address
 * @param clientKey the client's Ed25519 signing key
 * @param timestamp t, the client's timestamp
 * @param operation o
 */
public record LoggedOperation(NodeId client, PublicKey clientKey, long timestamp, Bytes operation) {
  /**
   * Rejects null parts and a negative timestamp.
   *
   * @param client the client's address
   * @param clientKey the client's Ed25519 signing key
   * @param timestamp t, the client's timestamp
   * @param operation o
   */
  public LoggedOperation {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(clientKey, "clientKey");
    Objects.requireNonNull(operation, "operation");
    if (timestamp < 0) {
      throw new IllegalArgumentException("timestamp must not be negative");
    }
  }
}
