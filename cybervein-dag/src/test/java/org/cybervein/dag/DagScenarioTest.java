package org.cybervein.dag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.cybervein.api.Hash;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.dag.certification.InMemoryCheckpointSource;
import org.cybervein.dag.testing.DagFixture;
import org.cybervein.dag.testing.DagInvariants;
import org.cybervein.dag.testing.Props;
import org.cybervein.dag.testing.TestUnits;
import org.cybervein.dag.unit.Unit;
import org.cybervein.dag.unit.UnitStatus;
import org.junit.jupiter.api.Test;

/** Random arrivals, equivocations and checkpoints, with the invariants checked after every step. */
class DagScenarioTest {
  @Test
  void invariantsHoldAfterEveryStepAndStatusesOnlyRise() {
    Props.qt(20)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              Random random = new Random(seed);
              List<Ed25519PrivateKey> keys = DagFixture.keys(6);
              Dag dag = DagFixture.dag(DagFixture.validators(keys.subList(0, 4)));
              List<Unit> units = new ArrayList<>(DagFixture.randomDag(keys, 50, 3, random));
              units.add(TestUnits.unit(keys.get(2), 0, List.of(TestUnits.GENESIS), -1));
              Collections.shuffle(units, random);
              Map<Hash, UnitStatus> last = new HashMap<>();
              dag.addListener(
                  (id, status) -> {
                    UnitStatus before = last.put(id, status);
                    assertTrue(before == null || before.compareTo(status) < 0, "status fell");
                  });
              InMemoryCheckpointSource cps = new InMemoryCheckpointSource();
              int at = 0;
              while (at < units.size()) {
                int step = 1 + random.nextInt(6);
                dag.ingest(units.subList(at, Math.min(units.size(), at + step)));
                at += step;
                if (random.nextInt(4) == 0 && !dag.tips().isEmpty()) {
                  cps.publish(List.of(dag.tips().get(random.nextInt(dag.tips().size()))));
                }
                dag.pollCheckpoints(cps);
                DagInvariants.check(dag, units);
                for (Map.Entry<Hash, UnitStatus> e : last.entrySet()) {
                  assertEquals(e.getValue(), dag.status(e.getKey()).orElseThrow());
                }
              }
              assertEquals(units.size(), dag.store().size(), "every unit stored in the end");
              assertEquals(0, dag.unsolid().size());
            });
  }
}
