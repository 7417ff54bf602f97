package org.cybervein.api.net;

import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;

/**
 * How a protocol core reaches other nodes: the host's network, injected.
 *
 * <p>Delivery is best effort, as on a real network: a message may be lost, duplicated, delayed or
 * reordered, and protocols built on a transport must tolerate all of it. Received messages are
 * handed to the {@link MessageHandler} the host registered with {@link #register}. The bytes that
 * arrive are untrusted; the core decodes and authenticates them itself.
 */
public interface Transport {
  /**
   * The node this transport sends from.
   *
   * @return the local node's id
   */
  NodeId localNode();

  /**
   * Sends {@code message} to {@code to}. Never blocks on the network and never throws because of
   * it: a message that cannot be delivered is dropped.
   *
   * @param to the receiving node
   * @param message the bytes to deliver; the transport neither frames nor interprets them
   */
  void send(NodeId to, Bytes message);

  /**
   * Sets the handler that receives this node's incoming messages, replacing any earlier one.
   * Messages that arrive while no handler is registered are dropped.
   *
   * @param handler called with each incoming message
   */
  void register(MessageHandler handler);
}
