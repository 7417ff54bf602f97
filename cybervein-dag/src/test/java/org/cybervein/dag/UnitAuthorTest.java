package org.cybervein.dag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.random.RandomSource;
import org.cybervein.dag.store.InMemoryUnitStore;
import org.cybervein.dag.testing.DagFixture;
import org.cybervein.dag.testing.TestUnits;
import org.cybervein.dag.tips.UniformTipSelector;
import org.cybervein.dag.unit.Unit;
import org.junit.jupiter.api.Test;

class UnitAuthorTest {
  @Test
  void writesUnitsTheDagAcceptsAndResumesAfterARestart() {
    InMemoryUnitStore store = new InMemoryUnitStore();
    Dag dag = DagFixture.dag(DagFixture.validators(DagFixture.keys(4)), store);
    RandomSource random = DeterministicRandom.fromSeed(3);
    UnitAuthor a = UnitAuthor.fresh(TestUnits.key(0));
    UnitAuthor b = UnitAuthor.fresh(TestUnits.key(1));
    for (int i = 0; i < 30; i++) {
      UnitAuthor who = i % 3 == 0 ? b : a;
      // Tip selection may or may not return the self-parent; k = 2 forces trimming.
      List<org.cybervein.api.Hash> tips = new UniformTipSelector().select(dag, 3, random);
      Unit u = who.next(TestUnits.write(i), tips, TestUnits.T0, 2);
      assertTrue(u.body().parents().size() <= 2);
      assertEquals(List.of(u.id()), dag.ingest(u).stored(), "unit " + i);
    }
    UnitAuthor resumed = UnitAuthor.resume(TestUnits.key(0), store);
    assertEquals(a.nextSequence(), resumed.nextSequence());
    assertEquals(a.previous(), resumed.previous());
    Unit next = resumed.next(TestUnits.write(99), dag.tips(), TestUnits.T0, 2);
    assertEquals(List.of(next.id()), dag.ingest(next).stored());
    assertEquals(List.of(), dag.equivocators());
  }
}
