package org.cybervein.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.Transport;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.sim.LatencyDistribution;
import org.cybervein.api.sim.LinkConditions;
import org.cybervein.api.sim.SimulatedNetwork;
import org.cybervein.api.store.KeyRange;
import org.cybervein.api.store.KeyValueStore;
import org.cybervein.api.store.WriteBatch;
import org.cybervein.consensus.pbft.AuthMode;
import org.cybervein.consensus.pbft.InMemoryLogContract;
import org.cybervein.consensus.pbft.NodeKeys;
import org.cybervein.consensus.pbft.PeerIdentity;
import org.cybervein.consensus.pbft.Replica;
import org.cybervein.consensus.pbft.ReplicaConfig;
import org.cybervein.consensus.pbft.host.ClientHost;
import org.cybervein.consensus.pbft.host.PbftNodes;
import org.cybervein.consensus.pbft.host.ReplicaHost;
import org.cybervein.consensus.pbft.keyvalue.DbCodec;
import org.cybervein.consensus.pbft.keyvalue.DbOperation;
import org.cybervein.consensus.pbft.keyvalue.KeyValueDatabase;
import org.junit.jupiter.api.Test;

/**
 * Four replicas wired as a member wires them (the replica and its database share one {@link
 * EventWrites}, committed before each send and after each event) on the simulated network: every
 * event reaches the backing store as at most one batch, although events write several records.
 */
class OneCommitPerEventTest {
  private static final long SEED = 20261207L;
  private static final int WRITES = 20;

  /** One replica's storage: the counting backing store and what each event did to it. */
  private static final class Member {
    final EventWritesTest.CountingStore backing = new EventWritesTest.CountingStore();
    final EventWrites writes = new EventWrites(backing);
    int operationsWritten;
    int commitsAtEventStart;
    int events;
    int mostCommitsInOneEvent;

    final KeyValueStore store =
        new KeyValueStore() {
          @Override
          public Optional<Bytes> get(Bytes key) {
            return writes.get(key);
          }

          @Override
          public void write(WriteBatch batch) {
            operationsWritten += batch.operations().size();
            writes.write(batch);
          }

          @Override
          public Scan scan(KeyRange range) {
            return writes.scan(range);
          }

          @Override
          public void close() {
            writes.close();
          }
        };

    void endEvent() {
      writes.commit();
      events++;
      mostCommitsInOneEvent = Math.max(mostCommitsInOneEvent, backing.writes - commitsAtEventStart);
      commitsAtEventStart = backing.writes;
    }

    Transport commitBeforeSend(Transport raw) {
      return new CommitBeforeSend(writes::commit, () -> {}, raw).transport();
    }
  }

  @Test
  void everyEventIsAtMostOneStoreTransaction() {
    System.out.println("OneCommitPerEventTest seed " + SEED);
    SimulatedNetwork network =
        SimulatedNetwork.builder(SEED)
            .defaultLink(
                LinkConditions.reliable(
                    LatencyDistribution.uniform(Duration.ofMillis(1), Duration.ofMillis(5))))
            .traceCapacity(0)
            .build();
    DeterministicRandom random = DeterministicRandom.fromSeed(SEED);
    List<NodeKeys> keys = new ArrayList<>();
    List<PeerIdentity> peers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      NodeKeys k = NodeKeys.generate(random);
      keys.add(k);
      peers.add(k.identity(new NodeId("member-" + i)));
    }
    ReplicaConfig config =
        ReplicaConfig.of(peers, AuthMode.MAC_AUTHENTICATORS).withCheckpoints(4, 16);
    Member[] members = new Member[4];
    for (int i = 0; i < 4; i++) {
      int index = i;
      Member m = new Member();
      members[i] = m;
      network.addNode(
          config.node(i),
          context -> {
            KeyValueDatabase database = new KeyValueDatabase(m.store, Bytes.utf8("db"));
            Replica replica = new Replica(config, index, keys.get(index), database, m.store);
            m.endEvent();
            new ReplicaHost(
                m.commitBeforeSend(context.transport()),
                context.clock(),
                replica,
                new InMemoryLogContract(config, 1 << 20),
                executed -> {},
                m::endEvent);
          });
    }
    ClientHost[] client = new ClientHost[1];
    network.addNode(
        new NodeId("client"),
        PbftNodes.client(config, NodeKeys.generate(random), 1, host -> client[0] = host));
    int[] done = {0};
    for (int w = 0; w < WRITES; w++) {
      client[0].submit(
          DbCodec.encode(new DbOperation.Put(Bytes.utf8("k" + w), Bytes.utf8("v" + w))),
          result -> done[0]++);
    }
    assertTrue(network.runUntil(() -> done[0] == WRITES, Duration.ofSeconds(60)));
    network.runFor(Duration.ofMillis(200));

    for (Member m : members) {
      assertEquals(1, m.mostCommitsInOneEvent, "an event committed more than one transaction");
      assertTrue(
          m.operationsWritten > m.backing.writes + WRITES,
          m.operationsWritten + " writes in " + m.backing.writes + " commits");
      assertEquals(
          Bytes.utf8("v7"),
          new KeyValueDatabase(m.backing, Bytes.utf8("db")).get(Bytes.utf8("k7")).orElseThrow());
    }
  }
}
