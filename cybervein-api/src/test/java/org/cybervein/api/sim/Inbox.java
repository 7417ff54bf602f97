package org.cybervein.api.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.MessageHandler;

/** A node that only records what it receives, and when. */
final class Inbox implements MessageHandler {
  /** One received message. */
  record Received(Instant at, NodeId from, Bytes message) {}

  private final SimulatedNetwork network;
  final List<Received> received = new ArrayList<>();

  Inbox(SimulatedNetwork network) {
    this.network = network;
  }

  /** A factory whose every incarnation registers this inbox. */
  NodeFactory factory() {
    return context -> context.transport().register(this);
  }

  @Override
  public void onMessage(NodeId from, Bytes message) {
    received.add(new Received(network.now(), from, message));
  }

  List<Bytes> messages() {
    return received.stream().map(Received::message).toList();
  }
}
