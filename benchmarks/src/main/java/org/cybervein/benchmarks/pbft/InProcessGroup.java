package org.cybervein.benchmarks.pbft;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.NodeId;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.store.InMemoryKeyValueStore;
import org.cybervein.consensus.pbft.Action;
import org.cybervein.consensus.pbft.AuthMode;
import org.cybervein.consensus.pbft.Client;
import org.cybervein.consensus.pbft.InMemoryLogContract;
import org.cybervein.consensus.pbft.LogContract;
import org.cybervein.consensus.pbft.NodeKeys;
import org.cybervein.consensus.pbft.PeerIdentity;
import org.cybervein.consensus.pbft.Replica;
import org.cybervein.consensus.pbft.ReplicaConfig;
import org.cybervein.consensus.pbft.SequenceNumber;
import org.cybervein.consensus.pbft.StateMachine;

/**
 * A PBFT group driven directly in one thread: the replica and client cores, and a FIFO router that
 * hands each sent message to its receiver's core. No network model, no loss, no timers (nothing is
 * lost, so nothing needs a retransmission or a view change): what it measures is the cost of the
 * protocol's own work (encoding, authentication, bookkeeping) for committed operations.
 *
 * <p>The replicas share one in-memory contract: the router inserts each certified log a replica
 * offers and tells every replica once the contract holds it, so the others settle their uploads
 * without checking signatures, as a host that watches the contract would.
 *
 * <p>Clients run a closed loop: each has one request outstanding and sends the next one as soon as
 * the previous completes, so with enough clients the primary always has a full batch to propose.
 */
final class InProcessGroup {
  private record Envelope(NodeId from, NodeId to, Bytes message) {}

  /** A state machine that does no work, so the figures are the protocol's alone. */
  private static final class NullMachine implements StateMachine {
    private long executed;

    @Override
    public Bytes execute(Bytes operation) {
      executed++;
      return Bytes.EMPTY;
    }

    @Override
    public Bytes snapshot() {
      return Bytes.EMPTY;
    }

    @Override
    public void restore(Bytes snapshot) {}

    @Override
    public Hash digest() {
      return Hash.ZERO;
    }
  }

  private final Map<NodeId, Replica> replicas = new HashMap<>();
  private final InMemoryLogContract contract;
  private final Map<NodeId, Client> clients = new HashMap<>();
  private final List<NodeId> clientIds = new ArrayList<>();
  private final Map<NodeId, Long> startedAt = new HashMap<>();
  private final ArrayDeque<Envelope> queue = new ArrayDeque<>();
  private final Bytes operation;
  private long completed;
  private long delivered;
  private long[] latencies = new long[1 << 16];
  private int latencyCount;

  InProcessGroup(int size, AuthMode mode, int batchSize, int clientCount, int operationSize) {
    DeterministicRandom random = DeterministicRandom.fromSeed(0x5046_5442L);
    List<NodeKeys> keys = new ArrayList<>();
    List<PeerIdentity> identities = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      NodeKeys k = NodeKeys.generate(random);
      keys.add(k);
      identities.add(k.identity(new NodeId("r" + i)));
    }
    ReplicaConfig config =
        ReplicaConfig.of(identities, mode)
            .withBatching(batchSize, Math.max(1 << 20, batchSize * (operationSize + 1024)));
    contract = new InMemoryLogContract(config);
    for (int i = 0; i < size; i++) {
      replicas.put(
          config.node(i),
          new Replica(config, i, keys.get(i), new NullMachine(), new InMemoryKeyValueStore()));
    }
    contract.addListener(
        log -> {
          for (Map.Entry<NodeId, Replica> e : replicas.entrySet()) {
            perform(
                e.getKey(),
                e.getValue()
                    .onInsertion(
                        SequenceNumber.of(log.sequence()), LogContract.Outcome.ALREADY_PRESENT));
          }
        });
    for (int c = 0; c < clientCount; c++) {
      NodeId id = new NodeId("c" + c);
      clientIds.add(id);
      clients.put(id, new Client(config, NodeKeys.generate(random), id, 1));
    }
    byte[] op = new byte[operationSize];
    random.nextBytes(op);
    operation = Bytes.of(op);
    for (Replica r : replicas.values()) {
      perform(new NodeId("r" + r.index()), r.start());
    }
  }

  /** Starts every client's first request. */
  void start() {
    for (NodeId id : clientIds) {
      invoke(id);
    }
  }

  private void invoke(NodeId client) {
    startedAt.put(client, System.nanoTime());
    perform(client, clients.get(client).invoke(operation));
  }

  /**
   * Delivers messages until {@code operations} more requests completed.
   *
   * @throws IllegalStateException if the group went quiet first (a protocol stall)
   */
  void runUntilCompleted(long operations) {
    long target = completed + operations;
    while (completed < target) {
      Envelope e = queue.poll();
      if (e == null) {
        throw new IllegalStateException(
            "the group stalled after " + completed + " completed operations");
      }
      delivered++;
      Replica r = replicas.get(e.to());
      if (r != null) {
        perform(e.to(), r.onMessage(e.from(), e.message()));
      } else {
        perform(e.to(), clients.get(e.to()).onMessage(e.from(), e.message()));
      }
    }
  }

  private void perform(NodeId self, List<Action> actions) {
    for (Action a : actions) {
      if (a instanceof Action.Send s) {
        queue.add(new Envelope(self, s.to(), s.message()));
      } else if (a instanceof Action.Completed) {
        completed++;
        recordLatency(System.nanoTime() - startedAt.get(self));
        invoke(self);
      } else if (a instanceof Action.InsertLog i) {
        long n = i.sequence().value();
        LogContract.Outcome outcome =
            contract.contains(n)
                ? LogContract.Outcome.ALREADY_PRESENT
                : contract.insert(n, i.uploads(), i.log());
        perform(self, replicas.get(self).onInsertion(i.sequence(), outcome));
      }
      // Timers are never needed on a lossless router, and executions need no host work.
    }
  }

  private void recordLatency(long nanos) {
    if (latencyCount == latencies.length) {
      latencies = Arrays.copyOf(latencies, latencies.length * 2);
    }
    latencies[latencyCount++] = nanos;
  }

  /** Forgets the latencies recorded so far (after warm-up). */
  void resetLatencies() {
    latencyCount = 0;
  }

  /** The latency percentile {@code p} (0..100) of the requests completed since the last reset. */
  double latencyMicros(double p) {
    if (latencyCount == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(latencies, latencyCount);
    Arrays.sort(sorted);
    int index = (int) Math.min(latencyCount - 1, Math.ceil(p / 100.0 * latencyCount) - 1);
    return sorted[Math.max(0, index)] / 1_000.0;
  }

  /** Messages delivered so far, over every node. */
  long delivered() {
    return delivered;
  }

  /** Sequence numbers executed by replica 0: the batches ordered so far. */
  long batches() {
    return replicas.get(new NodeId("r0")).lastExecuted();
  }

  long completed() {
    return completed;
  }
}
