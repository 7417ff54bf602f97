package org.cybervein.consensus.pbft;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.MessageHandler;
import org.cybervein.api.net.Transport;
import org.cybervein.api.random.RandomSource;
import org.cybervein.api.sim.NodeContext;
import org.cybervein.api.sim.NodeFactory;
import org.cybervein.api.store.KeyValueStore;
import org.cybervein.consensus.pbft.host.ReplicaHost;

/**
 * Twins (Bano et al.): one replica's key and address run by two honest cores. Every round the other
 * nodes are split at random between the twins; a twin receives only from its side, and both send to
 * everyone. Each twin follows the protocol, so the pair equivocates exactly as a faulty replica
 * that keeps two consistent stories would, with no hand-written attack.
 */
final class TwinsNode implements NodeFactory {
  private final ReplicaConfig config;
  private final int index;
  private final NodeKeys keys;
  private final List<NodeId> others;
  private final java.util.function.Supplier<StateMachine> machines;
  private final LogContract contract;
  private final KeyValueStore[] stores;
  private final Duration round;
  private final Consumer<ReplicaHost> onStart;

  TwinsNode(
      ReplicaConfig config,
      int index,
      NodeKeys keys,
      List<NodeId> others,
      java.util.function.Supplier<StateMachine> machines,
      LogContract contract,
      KeyValueStore first,
      KeyValueStore second,
      Duration round,
      Consumer<ReplicaHost> onStart) {
    this.config = config;
    this.index = index;
    this.keys = keys;
    this.others = List.copyOf(others);
    this.machines = machines;
    this.contract = contract;
    this.stores = new KeyValueStore[] {first, second};
    this.round = round;
    this.onStart = onStart;
  }

  @Override
  public void start(NodeContext context) {
    Transport shared = context.transport();
    RandomSource random = context.random();
    TwinTransport[] twins = {new TwinTransport(shared), new TwinTransport(shared)};
    Set<NodeId> sideOne = new HashSet<>();
    Runnable reshuffle =
        new Runnable() {
          @Override
          public void run() {
            sideOne.clear();
            for (NodeId id : others) {
              if (random.nextInt(2) == 0) {
                sideOne.add(id);
              }
            }
            context.clock().schedule(round, this);
          }
        };
    reshuffle.run();
    shared.register(
        (from, message) -> twins[sideOne.contains(from) ? 1 : 0].deliver(from, message));
    for (int t = 0; t < 2; t++) {
      Replica replica = new Replica(config, index, keys, machines.get(), stores[t]);
      onStart.accept(new ReplicaHost(twins[t], context.clock(), replica, contract, e -> {}));
    }
  }

  /** One twin's view of the shared transport: sends go out, receives come from the splitter. */
  private static final class TwinTransport implements Transport {
    private final Transport shared;
    private MessageHandler handler;

    TwinTransport(Transport shared) {
      this.shared = Objects.requireNonNull(shared);
    }

    void deliver(NodeId from, Bytes message) {
      if (handler != null) {
        handler.onMessage(from, message);
      }
    }

    @Override
    public NodeId localNode() {
      return shared.localNode();
    }

    @Override
    public void send(NodeId to, Bytes message) {
      shared.send(to, message);
    }

    @Override
    public void register(MessageHandler h) {
      this.handler = Objects.requireNonNull(h);
    }
  }
}
