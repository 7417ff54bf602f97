package org.cybervein.consensus.pbft;

import java.util.Objects;
import org.cybervein.api.Bytes;

/**
 * A client REQUEST {@code <o, t, addr, Sign>} as a replica received it: the parsed fields and the
 * authenticated frame exactly as it travelled (the frame is what batches carry and digests cover).
 *
 * @param client the client's identity, the whitepaper's addr with its keys
 * @param timestamp t; a client's timestamps only grow
 * @param operation o
 * @param readOnly true for a read answered from the local database without ordering
 * @param frame the encoded, authenticated PbftFrame
 */
public record Request(
    PeerIdentity client, long timestamp, Bytes operation, boolean readOnly, Bytes frame) {
  /**
   * Rejects null parts and a negative timestamp.
   *
   * @param client the client's identity, the whitepaper's addr with its keys
   * @param timestamp t; a client's timestamps only grow
   * @param operation o
   * @param readOnly true for a read answered from the local database without ordering
   * @param frame the encoded, authenticated PbftFrame
   */
  public Request {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(frame, "frame");
    if (timestamp < 0) {
      throw new IllegalArgumentException("negative timestamp");
    }
  }

  /**
   * The logged form {@code <t, o>} with the client's address.
   *
   * @return the logged operation
   */
  public LoggedOperation logged() {
    return new LoggedOperation(client.node(), client.signingKey(), timestamp, operation);
  }
}
