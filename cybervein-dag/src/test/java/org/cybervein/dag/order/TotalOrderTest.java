package org.cybervein.dag.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.cybervein.dag.Dag;
import org.cybervein.dag.certification.InMemoryCheckpointSource;
import org.cybervein.dag.certification.ValidatorSet;
import org.cybervein.dag.testing.DagFixture;
import org.cybervein.dag.testing.Props;
import org.cybervein.dag.unit.Unit;
import org.junit.jupiter.api.Test;

class TotalOrderTest {
  private final List<Ed25519PrivateKey> keys = DagFixture.keys(5);
  private final ValidatorSet validators = DagFixture.validators(keys.subList(0, 4));

  /** Ingests {@code units} in chunks of random size, applying checkpoints when possible. */
  private Dag ingestShuffled(List<Unit> units, Random random, InMemoryCheckpointSource cps) {
    List<Unit> order = new ArrayList<>(units);
    Collections.shuffle(order, random);
    Dag dag = DagFixture.dag(validators);
    int at = 0;
    while (at < order.size()) {
      int step = 1 + random.nextInt(5);
      dag.ingest(order.subList(at, Math.min(order.size(), at + step)));
      dag.pollCheckpoints(cps);
      at += step;
    }
    dag.pollCheckpoints(cps);
    return dag;
  }

  @Test
  void orderIsIdenticalForEveryArrivalOrder() {
    Props.qt(25)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              Random random = new Random(seed);
              List<Unit> units = DagFixture.randomDag(keys, 50, 2, random);
              InMemoryCheckpointSource cps = new InMemoryCheckpointSource();
              cps.publish(List.of(units.get(15).id()));
              cps.publish(List.of(units.get(30).id(), units.get(20).id()));
              Dag reference = ingestShuffled(units, random, cps);
              List<Hash> expected = reference.totalOrder();
              assertFalse(expected.isEmpty());
              for (int run = 0; run < 3; run++) {
                Dag other = ingestShuffled(units, random, cps);
                assertEquals(expected, other.totalOrder());
                assertEquals(0, other.unsolid().size());
              }
              assertTopological(reference, expected);
            });
  }

  @Test
  void finalPartIsIdenticalEvenWithAnEquivocatingValidator() {
    Props.qt(15)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              Random random = new Random(seed);
              List<Unit> units = new ArrayList<>(DagFixture.randomDag(keys, 40, 2, random));
              Unit twin =
                  org.cybervein.dag.testing.TestUnits.unit(
                      keys.get(1), 0, List.of(org.cybervein.dag.testing.TestUnits.GENESIS), -7);
              units.add(twin);
              InMemoryCheckpointSource cps = new InMemoryCheckpointSource();
              cps.publish(List.of(units.get(12).id(), twin.id()));
              cps.publish(List.of(units.get(35).id()));
              List<Hash> expected =
                  TotalOrder.finalPart(ingestShuffled(units, random, cps).store());
              assertFalse(expected.isEmpty());
              for (int run = 0; run < 3; run++) {
                assertEquals(
                    expected, TotalOrder.finalPart(ingestShuffled(units, random, cps).store()));
              }
            });
  }

  @Test
  void finalPartOnlyGrowsAtItsEnd() {
    List<Unit> units = DagFixture.randomDag(keys, 60, 2, new Random(Props.seed()));
    Dag dag = DagFixture.dag(validators);
    List<Hash> finalEvents = new ArrayList<>();
    dag.addListener(
        (id, status) -> {
          if (status == org.cybervein.dag.unit.UnitStatus.FINAL) {
            finalEvents.add(id);
          }
        });
    InMemoryCheckpointSource cps = new InMemoryCheckpointSource();
    List<Hash> previous = List.of();
    for (int i = 0; i < 60; i += 10) {
      dag.ingest(units.subList(i, i + 10));
      cps.publish(List.of(units.get(i + 5).id()));
      dag.pollCheckpoints(cps);
      List<Hash> now = TotalOrder.finalPart(dag.store());
      assertEquals(previous, now.subList(0, previous.size()));
      previous = now;
    }
    assertEquals(previous, finalEvents);
  }

  private static void assertTopological(Dag dag, List<Hash> order) {
    Map<Hash, Integer> position = new HashMap<>();
    for (int i = 0; i < order.size(); i++) {
      position.put(order.get(i), i);
    }
    for (Hash id : order) {
      for (Hash p : dag.parents(id)) {
        if (position.containsKey(p)) {
          assertTrue(position.get(p) < position.get(id), "parent after child");
        }
      }
    }
  }
}
