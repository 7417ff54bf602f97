package org.cybervein.dag.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.cybervein.api.Hash;
import org.cybervein.api.NodeId;
import org.cybervein.testing.PropertyRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Twenty nodes, four of them validators, 20% message loss and reordering, a partition that heals
 * and a crashed node that restarts from its store: afterwards every node has the same DAG, the same
 * certified set and the same total order.
 */
class DagSimulationTest {
  private static final int SEEDS =
      Integer.getInteger("cybervein.sim.seeds", Integer.getInteger("dag.seeds", 3));

  @Test
  void everyNodeEndsWithTheSameCertifiedSetAndOrder() {
    long base = PropertyRuns.seed();
    for (int s = 0; s < SEEDS; s++) {
      long seed = base + s;
      try {
        runScenario(seed);
      } catch (AssertionError | RuntimeException | IOException e) {
        throw new AssertionError(
            "DAG simulation failed for seed "
                + seed
                + " (replay with -Dqt.seed="
                + seed
                + " -Dcybervein.sim.seeds=1)",
            e);
      }
    }
  }

  @TempDir Path temp;

  private void runScenario(long seed) throws IOException {
    DagCluster c = new DagCluster(seed, 20, 4, 0.2);
    NodeId crashed = c.ids.get(15);
    c.useLmdb(crashed, Files.createTempDirectory(temp, "node-15-"));
    try {
      runScenario(c, crashed);
    } finally {
      c.closeStores();
    }
  }

  private static void runScenario(DagCluster c, NodeId crashed) {
    c.startAll();
    Instant start = c.network.now();
    Set<NodeId> left = new HashSet<>(c.ids.subList(0, 10));
    Set<NodeId> right = new HashSet<>(c.ids.subList(10, 20));
    c.network.at(start.plusSeconds(2), () -> c.network.partition(left, right));
    c.network.at(start.plusSeconds(3), () -> c.crash(crashed));
    c.network.at(start.plusSeconds(4), () -> c.network.heal());
    c.network.at(start.plusSeconds(5), () -> c.restart(crashed));
    c.network.at(start.plusSeconds(6), () -> c.writing = false);
    c.network.at(start.plusSeconds(9), () -> c.validating = false);
    c.network.addInvariant(
        () -> {
          for (DagNode n : c.nodes.values()) {
            if (n.dag().unsolid().bytes() > n.dag().config().maxUnsolidBytes()) {
              throw new AssertionError("unsolid buffer over its bound");
            }
          }
        });
    c.network.runUntil(start.plusSeconds(15));

    DagNode reference = c.nodes.get(c.ids.get(0));
    long units = reference.dag().store().size();
    List<Hash> certified = DagCluster.certified(reference);
    List<Hash> order = reference.dag().totalOrder();
    assertTrue(units > 100, "only " + units + " units written");
    assertTrue(certified.size() > units / 2, certified.size() + " of " + units + " certified");
    for (NodeId id : c.ids) {
      DagNode n = c.nodes.get(id);
      assertEquals(units, n.dag().store().size(), id + " has another DAG");
      assertEquals(certified, DagCluster.certified(n), id + " has another certified set");
      assertEquals(order, n.dag().totalOrder(), id + " has another order");
      assertEquals(0, n.dag().unsolid().size(), id + " still holds unsolid units");
    }
    assertTrue(c.network.incarnation(crashed) == 2);
  }

  @Test
  void aLostUnitIsRepairedFromTips() {
    DagCluster c = new DagCluster(PropertyRuns.seed(), 3, 1, 0.0);
    c.syncConfig = new SyncConfig(1, 64, 4096, Duration.ofMillis(200), 1 << 20, 4 << 20);
    c.startAll();
    Instant start = c.network.now();
    // node-02 is cut off while others write, so gossip never reaches it; repairs must
    c.network.at(
        start, () -> c.network.partition(Set.of(c.ids.get(0), c.ids.get(1)), Set.of(c.ids.get(2))));
    c.network.at(start.plusSeconds(2), () -> c.network.heal());
    c.network.at(start.plusSeconds(2), () -> c.writing = false);
    c.network.at(start.plusSeconds(2), () -> c.validating = false);
    c.network.runUntil(start.plusSeconds(6));
    long expected = c.nodes.get(c.ids.get(0)).dag().store().size();
    assertTrue(expected > 5);
    assertEquals(expected, c.nodes.get(c.ids.get(2)).dag().store().size());
    assertTrue(c.nodes.get(c.ids.get(2)).stats().requestsSent() > 0);
  }
}
