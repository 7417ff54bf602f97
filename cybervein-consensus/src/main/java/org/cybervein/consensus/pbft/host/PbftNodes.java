package org.cybervein.consensus.pbft.host;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.cybervein.api.NodeId;
import org.cybervein.api.sim.NodeFactory;
import org.cybervein.api.store.KeyValueStore;
import org.cybervein.consensus.pbft.Action;
import org.cybervein.consensus.pbft.Client;
import org.cybervein.consensus.pbft.LogContract;
import org.cybervein.consensus.pbft.NodeKeys;
import org.cybervein.consensus.pbft.Replica;
import org.cybervein.consensus.pbft.ReplicaConfig;
import org.cybervein.consensus.pbft.StateMachine;

/**
 * {@link NodeFactory} adapters that run PBFT replicas and clients on the {@link
 * org.cybervein.api.sim.SimulatedNetwork} (or any host that starts nodes from a factory).
 */
public final class PbftNodes {
  private PbftNodes() {}

  /**
   * A replica. {@code store} and {@code contract} live outside the factory so they survive a
   * restart; {@code machine} is asked for the state machine of each incarnation (the replica
   * restores it from the store's latest checkpoint and re-executes the committed log after it).
   *
   * @param onStart told of the host of each incarnation
   * @param onExecuted told of every executed log
   * @param config the replicas and protocol limits
   * @param index this replica's index, from 0 to n - 1
   * @param keys this replica's keys
   * @param machine makes the state machine of each incarnation
   * @param contract the database contract logs are inserted into
   * @param store the replica's durable log and checkpoints
   * @return the factory to add to a simulated network
   */
  public static NodeFactory replica(
      ReplicaConfig config,
      int index,
      NodeKeys keys,
      Supplier<StateMachine> machine,
      LogContract contract,
      KeyValueStore store,
      Consumer<ReplicaHost> onStart,
      Consumer<Action.Executed> onExecuted) {
    return context -> {
      Replica replica = new Replica(config, index, keys, machine.get(), store);
      onStart.accept(
          new ReplicaHost(context.transport(), context.clock(), replica, contract, onExecuted));
    };
  }

  /**
   * A client at the node's address, whose first request has timestamp {@code firstTimestamp} plus a
   * million times the incarnation (so a restarted client never reuses a timestamp).
   *
   * @param onStart told of the host of each incarnation, through which operations are submitted
   * @param config the replicas and protocol limits
   * @param keys this client's keys
   * @param firstTimestamp the timestamp of the first incarnation's first request
   * @return the factory to add to a simulated network
   */
  public static NodeFactory client(
      ReplicaConfig config, NodeKeys keys, long firstTimestamp, Consumer<ClientHost> onStart) {
    return context -> {
      NodeId address = context.nodeId();
      Client client =
          new Client(
              config, keys, address, firstTimestamp + 1_000_000L * (context.incarnation() - 1));
      onStart.accept(new ClientHost(context.transport(), context.clock(), client));
    };
  }
}
