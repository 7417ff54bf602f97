package org.cybervein.consensus.pbft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.cybervein.api.sim.LatencyDistribution;
import org.cybervein.api.sim.LinkConditions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PbftSimulationTest {
  private static final long SEED = Long.getLong("pbft.seed", 20261125L);

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void fourReplicasOrderEveryOperationOnceAndUploadEachLogOnce(AuthMode mode) {
    System.out.println("seed " + SEED);
    SimGroup g = new SimGroup(SEED, 4, mode, c -> c.withCheckpoints(4, 16));
    g.addClient("c0", 100);
    g.addClient("c1", 101);
    assertTrue(g.runOps(20, Duration.ofSeconds(30)), "all operations complete");
    long last = g.agreed.lastKey();
    g.assertConverged(last);
    int ops = 0;
    Set<String> seen = new HashSet<>();
    for (var e : g.agreed.values()) {
      for (LoggedOperation op : e) {
        ops++;
        assertTrue(seen.add(op.client() + "/" + op.timestamp()), "executed once: " + op);
      }
    }
    assertEquals(40, ops);
    g.net.runFor(Duration.ofSeconds(1));
    assertEquals(g.agreed.keySet(), g.contract.logs().keySet(), "each log landed");
    assertEquals(0, g.contract.rejected);
    assertEquals(40L, g.machines[0].count());
    assertTrue(g.replica(0).stableCheckpoint() > 0, "checkpoints became stable");
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void sevenReplicasAgreeDespiteDropsDuplicatesAndReordering(AuthMode mode) {
    SimGroup g = new SimGroup(SEED + 1, 7, mode, c -> c.withCheckpoints(4, 16));
    g.net.setDefaultLink(
        LinkConditions.reliable(
                LatencyDistribution.uniform(Duration.ofMillis(1), Duration.ofMillis(5)))
            .withDropProbability(0.05)
            .withDuplicateProbability(0.05)
            .withReorder(0.2, Duration.ofMillis(10)));
    g.addClient("c0", 200);
    g.addClient("c1", 201);
    g.addClient("c2", 202);
    assertTrue(g.runOps(15, Duration.ofSeconds(120)), "all operations complete");
    g.net.setDefaultLink(LinkConditions.DEFAULT);
    g.assertConverged(g.agreed.lastKey());
    assertEquals(45L, g.machines[0].count());
    assertTrue(g.replica(0).rejections().getOrDefault(Rejection.STALE, 0L) > 0, "saw duplicates");
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void primaryCrashLeadsToViewChangeAndProgress(AuthMode mode) {
    SimGroup g = new SimGroup(SEED + 2, 4, mode, c -> c.withCheckpoints(4, 16));
    g.addClient("c0", 300);
    assertTrue(g.runOps(5, Duration.ofSeconds(10)));
    g.net.crash(g.config.node(0));
    assertTrue(g.runOps(10, Duration.ofSeconds(60)), "progress after the primary crashed");
    for (int i = 1; i < 4; i++) {
      assertTrue(g.replica(i).view() >= 1, "replica " + i + " moved to a later view");
      assertTrue(g.replica(i).isActive());
    }
    g.assertConverged(g.agreed.lastKey());
    assertEquals(15L, g.machines[1].count());
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void laggingReplicaCatchesUpByStateTransfer(AuthMode mode) {
    SimGroup g = new SimGroup(SEED + 3, 4, mode, c -> c.withCheckpoints(4, 8));
    g.addClient("c0", 400);
    var lagging = g.config.node(3);
    var others = new HashSet<>(g.net.nodes());
    others.remove(lagging);
    g.net.partition(others, Set.of(lagging));
    assertTrue(g.runOps(30, Duration.ofSeconds(30)));
    assertEquals(0, g.replica(3).lastExecuted());
    g.net.heal();
    assertTrue(g.runOps(4, Duration.ofSeconds(30)));
    g.assertConverged(g.agreed.lastKey());
    assertTrue(g.replica(3).stableCheckpoint() >= 28, "installed a transferred checkpoint");
    assertEquals(34L, g.machines[3].count());
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void crashedReplicaRestartsFromItsStore(AuthMode mode) {
    SimGroup g = new SimGroup(SEED + 4, 4, mode, c -> c.withCheckpoints(4, 16));
    g.addClient("c0", 500);
    assertTrue(g.runOps(10, Duration.ofSeconds(10)));
    long before = g.replica(2).lastExecuted();
    g.net.crash(g.config.node(2));
    assertTrue(g.runOps(3, Duration.ofSeconds(10)));
    g.net.restart(g.config.node(2));
    assertTrue(g.replica(2).lastExecuted() >= before, "replayed its log from the store");
    g.net.crash(g.config.node(1));
    assertTrue(g.runOps(10, Duration.ofSeconds(30)), "the restarted replica is needed for quorum");
    g.assertConverged(g.agreed.lastKey());
    assertEquals(23L, g.machines[2].count());
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void primaryRestartDoesNotReuseSequenceNumbers(AuthMode mode) {
    SimGroup g = new SimGroup(SEED + 5, 4, mode, c -> c.withCheckpoints(4, 16));
    g.addClient("c0", 600);
    assertTrue(g.runOps(6, Duration.ofSeconds(10)));
    g.net.crash(g.config.node(0));
    g.net.restart(g.config.node(0));
    assertTrue(g.runOps(6, Duration.ofSeconds(30)));
    g.assertConverged(g.agreed.lastKey());
    assertEquals(12L, g.machines[0].count());
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void readOnlyRequestsAreAnsweredFromLocalStateOnceTwoFPlusOneAgree(AuthMode mode) {
    SimGroup g = new SimGroup(SEED + 6, 4, mode, c -> c);
    var client = g.addClient("c0", 700);
    assertTrue(g.runOps(3, Duration.ofSeconds(10)));
    g.net.runFor(Duration.ofMillis(50));
    java.util.List<org.cybervein.api.Bytes> answers = new java.util.ArrayList<>();
    client.submitReadOnly(org.cybervein.api.Bytes.utf8("count?"), answers::add);
    assertTrue(g.net.runUntil(() -> !answers.isEmpty(), Duration.ofSeconds(5)));
    assertEquals(org.cybervein.api.Bytes.utf8("count=3"), answers.get(0));
    assertEquals(3, g.agreed.lastKey() >= 1 ? g.machines[1].count() : -1, "not ordered");
  }
}
