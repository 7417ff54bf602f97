package org.cybervein.api.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.MessageHandler;
import org.cybervein.api.net.Transport;
import org.cybervein.api.time.Clock;
import org.cybervein.api.time.Timer;

/**
 * A node's slot in the {@link SimulatedNetwork}: which incarnation is live, its handler, its
 * pending timers. The transport and clock handed to an incarnation check {@link #isLive} on every
 * call, which is what makes an old incarnation inert.
 */
final class SimNode {
  final NodeId id;
  final NodeFactory factory;
  private int incarnation;
  private boolean up;
  private Optional<MessageHandler> handler = Optional.empty();
  // Only ever iterated to cancel all of them, where order does not matter.
  private final Set<ScheduledEvent> pendingTimers = new HashSet<>();

  SimNode(NodeId id, NodeFactory factory) {
    this.id = id;
    this.factory = factory;
  }

  boolean isUp() {
    return up;
  }

  int incarnation() {
    return incarnation;
  }

  boolean isLive(int someIncarnation) {
    return up && incarnation == someIncarnation;
  }

  Optional<MessageHandler> handler() {
    return handler;
  }

  /** Begins the next incarnation and returns its number. */
  int startNextIncarnation() {
    incarnation++;
    up = true;
    handler = Optional.empty();
    return incarnation;
  }

  void crash() {
    up = false;
    handler = Optional.empty();
    for (ScheduledEvent timer : pendingTimers) {
      timer.cancel();
    }
    pendingTimers.clear();
  }

  void addTimer(ScheduledEvent timer) {
    pendingTimers.add(timer);
  }

  void removeTimer(ScheduledEvent timer) {
    pendingTimers.remove(timer);
  }

  /** The transport of one incarnation. */
  static final class NodeTransport implements Transport {
    private final SimulatedNetwork network;
    private final SimNode node;
    private final int incarnation;

    NodeTransport(SimulatedNetwork network, SimNode node, int incarnation) {
      this.network = network;
      this.node = node;
      this.incarnation = incarnation;
    }

    @Override
    public NodeId localNode() {
      return node.id;
    }

    @Override
    public void send(NodeId to, Bytes message) {
      network.send(node, incarnation, Objects.requireNonNull(to, "to"), message);
    }

    /** Ignored once this incarnation has crashed. */
    @Override
    public void register(MessageHandler newHandler) {
      Objects.requireNonNull(newHandler, "handler");
      if (node.isLive(incarnation)) {
        node.handler = Optional.of(newHandler);
      }
    }
  }

  /** The clock of one incarnation. */
  static final class NodeClock implements Clock {
    private final SimulatedNetwork network;
    private final SimNode node;
    private final int incarnation;

    NodeClock(SimulatedNetwork network, SimNode node, int incarnation) {
      this.network = network;
      this.node = node;
      this.incarnation = incarnation;
    }

    @Override
    public Instant now() {
      return network.now();
    }

    @Override
    public Timer schedule(Duration delay, Runnable action) {
      return network.scheduleTimer(node, incarnation, delay, action);
    }
  }
}
