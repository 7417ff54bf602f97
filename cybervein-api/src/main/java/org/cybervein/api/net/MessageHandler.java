package org.cybervein.api.net;

import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;

/** Receives the messages a {@link Transport} delivers to its node. */
@FunctionalInterface
public interface MessageHandler {
  /**
   * Handles one message. {@code from} is what the transport claims; it authenticates nothing.
   *
   * @param from the sending node as reported by the transport
   * @param message the received bytes, untrusted
   */
  void onMessage(NodeId from, Bytes message);
}
