package org.cybervein.dag.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.cybervein.api.Hash;
import org.cybervein.dag.Dag;
import org.cybervein.dag.store.UnitStore;
import org.cybervein.dag.unit.Unit;
import org.cybervein.dag.unit.UnitStatus;

/** The structural invariants of a DAG, checked after every step of a scenario. */
public final class DagInvariants {
  private DagInvariants() {}

  /** Checks every invariant over the stored units among {@code candidates}. */
  public static void check(Dag dag, Collection<Unit> candidates) {
    UnitStore store = dag.store();
    Hash genesis = dag.genesis();
    List<Unit> stored = new ArrayList<>();
    for (Unit u : candidates) {
      if (store.contains(u.id())) {
        stored.add(u);
      }
    }
    assertEquals(stored.size(), store.size(), "store holds exactly the stored candidates");
    TreeSet<Hash> tips = new TreeSet<>();
    for (Unit u : stored) {
      long maxParent = 0;
      UnitStatus status = store.status(u.id()).orElseThrow();
      for (Hash p : u.body().parents()) {
        if (p.equals(genesis)) {
          continue;
        }
        assertTrue(store.contains(p), "parent of a stored unit is stored");
        assertTrue(store.children(p).contains(u.id()), "children index lists the unit");
        maxParent = Math.max(maxParent, store.height(p).orElseThrow());
        UnitStatus parentStatus = store.status(p).orElseThrow();
        if (status == UnitStatus.FINAL) {
          assertEquals(UnitStatus.FINAL, parentStatus, "the past of a final unit is final");
          assertTrue(
              store.finalizedBy(p).orElseThrow() <= store.finalizedBy(u.id()).orElseThrow(),
              "a parent is final no later than its child");
        }
        if (status == UnitStatus.CERTIFIED) {
          assertTrue(parentStatus.isAtLeast(UnitStatus.CERTIFIED), "the past of a certified unit");
        }
      }
      assertEquals(maxParent + 1, store.height(u.id()).orElseThrow(), "height");
      if (store.children(u.id()).isEmpty()) {
        tips.add(u.id());
      }
      assertTrue(!dag.unsolid().contains(u.id()), "a stored unit is not also held");
    }
    assertEquals(List.copyOf(tips), store.tips(), "tips are the units without children");
  }
}
