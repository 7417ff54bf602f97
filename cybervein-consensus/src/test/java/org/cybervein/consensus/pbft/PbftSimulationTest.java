package org.cybervein.consensus.pbft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
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
}
