package org.cybervein.consensus.pbft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.sim.SimulatedNetwork;
import org.cybervein.api.store.InMemoryKeyValueStore;
import org.cybervein.consensus.pbft.host.ClientHost;
import org.cybervein.consensus.pbft.host.PbftNodes;
import org.cybervein.consensus.pbft.host.ReplicaHost;

/**
 * A PBFT group on the simulated network, with the safety invariant checked after every event: no
 * two replicas executed different logs at the same sequence number.
 */
final class SimGroup {
  final SimulatedNetwork net;
  final ReplicaConfig config;
  final List<NodeKeys> keys = new ArrayList<>();
  final List<InMemoryKeyValueStore> stores = new ArrayList<>();
  final ReplicaHost[] hosts;
  final CounterMachine[] machines;
  final TestContract contract;
  final TreeMap<Long, List<LoggedOperation>> agreed = new TreeMap<>();
  final Map<NodeId, ClientHost> clients = new HashMap<>();
  final List<Bytes> results = new ArrayList<>();

  SimGroup(long seed, int n, AuthMode mode, UnaryOperator<ReplicaConfig> tune) {
    net = SimulatedNetwork.builder(seed).traceCapacity(0).build();
    DeterministicRandom random = DeterministicRandom.fromSeed(seed);
    List<PeerIdentity> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      NodeKeys k = NodeKeys.generate(random);
      keys.add(k);
      ids.add(k.identity(NodeId.of("r" + i)));
    }
    config = tune.apply(ReplicaConfig.of(ids, mode));
    contract = new TestContract(config);
    hosts = new ReplicaHost[n];
    machines = new CounterMachine[n];
    for (int i = 0; i < n; i++) {
      int index = i;
      InMemoryKeyValueStore store = new InMemoryKeyValueStore();
      stores.add(store);
      net.addNode(
          config.node(i),
          PbftNodes.replica(
              config,
              i,
              keys.get(i),
              () -> machines[index] = new CounterMachine(),
              contract,
              store,
              h -> hosts[index] = h,
              this::executed));
    }
    net.addInvariant(this::checkInvariants);
  }

  private void executed(Action.Executed e) {
    List<LoggedOperation> prior = agreed.putIfAbsent(e.sequence(), e.operations());
    if (prior != null && !prior.equals(e.operations())) {
      throw new AssertionError("two logs executed at " + e.sequence());
    }
  }

  void checkInvariants() {
    for (int i = 0; i < hosts.length; i++) {
      if (net.isUp(config.node(i))) {
        hosts[i].replica().checkInvariants();
      }
    }
  }

  ClientHost addClient(String name, long seed) {
    NodeKeys k = NodeKeys.generate(DeterministicRandom.fromSeed(seed));
    net.addNode(
        NodeId.of(name), PbftNodes.client(config, k, 1, h -> clients.put(NodeId.of(name), h)));
    return clients.get(NodeId.of(name));
  }

  /** Submits {@code count} operations per client and runs until all complete. */
  boolean runOps(int count, java.time.Duration timeout) {
    int[] done = {0};
    int expected = count * clients.size();
    for (Map.Entry<NodeId, ClientHost> e : clients.entrySet()) {
      for (int j = 0; j < count; j++) {
        e.getValue()
            .submit(
                Bytes.utf8(e.getKey().value() + "-op-" + j),
                r -> {
                  results.add(r);
                  done[0]++;
                });
      }
    }
    return net.runUntil(() -> done[0] == expected, timeout);
  }

  Replica replica(int i) {
    return hosts[i].replica();
  }

  /** Every up replica executed up to at least {@code n}, with equal states at equal points. */
  void assertConverged(long n) {
    net.runUntil(
        () -> {
          for (int i = 0; i < hosts.length; i++) {
            if (net.isUp(config.node(i)) && replica(i).lastExecuted() < n) {
              return false;
            }
          }
          return true;
        },
        java.time.Duration.ofSeconds(60));
    long max = 0;
    int reference = -1;
    for (int i = 0; i < hosts.length; i++) {
      if (net.isUp(config.node(i))) {
        max = Math.max(max, replica(i).lastExecuted());
        reference = reference < 0 ? i : reference;
      }
    }
    for (int i = 0; i < hosts.length; i++) {
      if (net.isUp(config.node(i))) {
        assertEquals(max, replica(i).lastExecuted(), "replica " + i + " executed");
        assertEquals(replica(reference).stateDigest(), replica(i).stateDigest(), "replica " + i);
      }
    }
  }
}
