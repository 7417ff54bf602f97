package org.cybervein.consensus.pbft;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.store.InMemoryKeyValueStore;

/**
 * A rough in-process throughput probe (not a test, not a benchmark): four replicas and many clients
 * exchange messages through one FIFO queue, timers ignored. Run with {@code main}.
 */
final class ThroughputProbe {
  private ThroughputProbe() {}

  public static void main(String[] args) {
    AuthMode mode = AuthMode.valueOf(args.length > 0 ? args[0] : "MAC_AUTHENTICATORS");
    int clientCount = args.length > 1 ? Integer.parseInt(args[1]) : 512;
    int ops = args.length > 2 ? Integer.parseInt(args[2]) : 200_000;
    DeterministicRandom random = DeterministicRandom.fromSeed(1);
    List<NodeKeys> keys = new ArrayList<>();
    List<PeerIdentity> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      keys.add(NodeKeys.generate(random));
      ids.add(keys.get(i).identity(NodeId.of("r" + i)));
    }
    ReplicaConfig config = ReplicaConfig.of(ids, mode).withBatching(256, 1 << 20);
    Map<NodeId, Replica> replicas = new HashMap<>();
    for (int i = 0; i < 4; i++) {
      replicas.put(
          config.node(i),
          new Replica(config, i, keys.get(i), new CounterMachine(), new InMemoryKeyValueStore()));
    }
    Map<NodeId, Client> clients = new HashMap<>();
    ArrayDeque<Object[]> queue = new ArrayDeque<>();
    int[] completed = {0};
    int[] issued = {0};
    for (int c = 0; c < clientCount; c++) {
      NodeId id = NodeId.of("c" + c);
      Client client = new Client(config, NodeKeys.generate(random), id, 1);
      clients.put(id, client);
    }
    long start = System.nanoTime();
    for (Map.Entry<NodeId, Client> e : clients.entrySet()) {
      issued[0]++;
      enqueue(queue, e.getKey(), e.getValue().invoke(Bytes.utf8("op")));
    }
    while (!queue.isEmpty() && completed[0] < ops) {
      Object[] m = queue.poll();
      NodeId from = (NodeId) m[0];
      NodeId to = (NodeId) m[1];
      Bytes msg = (Bytes) m[2];
      Replica r = replicas.get(to);
      if (r != null) {
        enqueue(queue, to, r.onMessage(from, msg));
        continue;
      }
      Client c = clients.get(to);
      for (Action a : c.onMessage(from, msg)) {
        if (a instanceof Action.Completed) {
          completed[0]++;
          if (issued[0] < ops) {
            issued[0]++;
            enqueue(queue, to, c.invoke(Bytes.utf8("op")));
          }
        }
      }
    }
    double secs = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "%s clients=%d completed=%d in %.2f s: %.0f ops/s, executed=%d%n",
        mode,
        clientCount,
        completed[0],
        secs,
        completed[0] / secs,
        replicas.get(config.node(0)).lastExecuted());
  }

  private static void enqueue(ArrayDeque<Object[]> queue, NodeId from, List<Action> actions) {
    for (Action a : actions) {
      if (a instanceof Action.Send s) {
        queue.add(new Object[] {from, s.to(), s.message()});
      }
    }
  }
}
