package org.cybervein.api.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.NodeId;
import org.cybervein.api.testing.PropertyRuns;
import org.junit.jupiter.api.Test;

/** Same seed and script, same trace: the property every simulation test relies on. */
class SimulatedNetworkReplayTest {
  private static final List<NodeId> NODES =
      List.of(NodeId.of("n0"), NodeId.of("n1"), NodeId.of("n2"), NodeId.of("n3"), NodeId.of("n4"));

  /** What a run leaves behind for comparison. */
  record Run(List<TraceEvent> trace, Hash digest, NetworkStats stats) {}

  /**
   * Five gossiping nodes on faulty links: each node sends on a timer it draws from its own random,
   * forwards what it receives for up to three hops, and lives through a partition, a crash and a
   * restart.
   */
  static Run chaosRun(long seed, int traceCapacity) {
    SimulatedNetwork net =
        SimulatedNetwork.builder(seed)
            .traceCapacity(traceCapacity)
            .defaultLink(
                new LinkConditions(
                    LatencyDistribution.uniform(Duration.ofMillis(1), Duration.ofMillis(20)),
                    0.1,
                    0.1,
                    0.2,
                    Duration.ofMillis(30)))
            .build();
    for (NodeId id : NODES) {
      net.addNode(id, SimulatedNetworkReplayTest::gossip);
    }
    net.setLink(
        NODES.get(0),
        NODES.get(1),
        LinkConditions.DEFAULT.withLatency(
            LatencyDistribution.exponential(Duration.ofMillis(2), Duration.ofMillis(15))));
    net.addInvariant(
        () -> {
          NetworkStats s = net.stats();
          assertEquals(
              s.messagesSent() + s.messagesDuplicated(),
              s.messagesDelivered() + s.messagesDropped() + s.messagesInFlight(),
              "every copy of every message is accounted for");
        });
    Instant t0 = net.now();
    net.at(
        t0.plusMillis(1000),
        () -> net.partition(Set.of(NODES.get(0), NODES.get(1)), Set.of(NODES.get(2))));
    net.at(t0.plusMillis(2000), () -> net.crash(NODES.get(2)));
    net.at(t0.plusMillis(2500), net::heal);
    net.at(t0.plusMillis(3000), () -> net.restart(NODES.get(2)));
    net.runFor(Duration.ofSeconds(5));
    return new Run(net.trace(), net.traceDigest(), net.stats());
  }

  private static void gossip(NodeContext ctx) {
    ctx.transport()
        .register(
            (from, message) -> {
              int hops = message.byteAt(0);
              if (hops < 3) {
                byte[] next = message.toByteArray();
                next[0]++;
                ctx.transport().send(randomPeer(ctx), Bytes.of(next));
              }
            });
    scheduleChatter(ctx);
  }

  private static void scheduleChatter(NodeContext ctx) {
    Duration wait = Duration.ofMillis(50 + ctx.random().nextInt(100));
    ctx.clock()
        .schedule(
            wait,
            () -> {
              byte[] payload = new byte[9];
              ctx.random().nextBytes(payload);
              payload[0] = 0;
              ctx.transport().send(randomPeer(ctx), Bytes.of(payload));
              scheduleChatter(ctx);
            });
  }

  private static NodeId randomPeer(NodeContext ctx) {
    return NODES.get(ctx.random().nextInt(NODES.size()));
  }

  @Test
  void sameSeedAndScriptGiveTheSameTraceAndDigest() {
    Run first = chaosRun(42, 100_000);
    Run second = chaosRun(42, 100_000);
    assertTrue(first.stats().messagesDelivered() > 500, "the scenario exchanges many messages");
    assertTrue(first.stats().messagesDropped() > 50, "and loses some");
    assertEquals(first.trace(), second.trace());
    assertEquals(first.digest(), second.digest());
    assertEquals(first.stats(), second.stats());
  }

  @Test
  void anotherSeedGivesAnotherTrace() {
    Run first = chaosRun(42, 100_000);
    Run other = chaosRun(43, 100_000);
    assertNotEquals(first.digest(), other.digest());
    assertNotEquals(first.trace(), other.trace());
  }

  @Test
  void digestCoversEventsThatAreNotKeptInMemory() {
    Run kept = chaosRun(7, 100_000);
    Run notKept = chaosRun(7, 0);
    Run recentOnly = chaosRun(7, 10);
    assertEquals(kept.digest(), notKept.digest());
    assertEquals(List.of(), notKept.trace());
    assertEquals(
        kept.trace().subList(kept.trace().size() - 10, kept.trace().size()), recentOnly.trace());
  }

  @Test
  void everySeedReplaysExactly() {
    PropertyRuns.qt(PropertyRuns.examples() / 20)
        .forAll(longs().all())
        .checkAssert(seed -> assertEquals(chaosRun(seed, 0).digest(), chaosRun(seed, 0).digest()));
  }

  @Test
  void traceSequenceNumbersAreConsecutive() {
    List<TraceEvent> trace = chaosRun(3, 100_000).trace();
    List<Long> expected = new ArrayList<>();
    for (long i = 0; i < trace.size(); i++) {
      expected.add(i);
    }
    assertEquals(expected, trace.stream().map(TraceEvent::sequence).toList());
  }

  @Test
  void nodeRandomDependsOnlyOnSeedNodeAndIncarnation() {
    NodeId a = NodeId.of("a");
    long alone = firstRandomOf(a, false, 1);
    long withBusyNeighbour = firstRandomOf(a, true, 1);
    assertEquals(alone, withBusyNeighbour, "another node's draws must not shift a's stream");
    assertNotEquals(alone, firstRandomOf(a, false, 2), "a restart draws fresh numbers");
  }

  private static long firstRandomOf(NodeId node, boolean busyNeighbour, int incarnation) {
    SimulatedNetwork net = new SimulatedNetwork(99);
    if (busyNeighbour) {
      net.addNode(
          NodeId.of("0-first"),
          ctx -> {
            for (int i = 0; i < 100; i++) {
              ctx.random().nextLong();
            }
          });
    }
    long[] drawn = new long[1];
    net.addNode(node, ctx -> drawn[0] = ctx.random().nextLong());
    for (int i = 1; i < incarnation; i++) {
      net.crash(node);
      net.restart(node);
    }
    return drawn[0];
  }
}
