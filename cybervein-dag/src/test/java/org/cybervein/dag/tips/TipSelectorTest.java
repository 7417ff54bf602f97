package org.cybervein.dag.tips;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.cybervein.api.Hash;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.dag.Dag;
import org.cybervein.dag.testing.DagFixture;
import org.cybervein.dag.testing.TestUnits;
import org.cybervein.dag.unit.Unit;
import org.junit.jupiter.api.Test;

class TipSelectorTest {
  private final Dag dag = DagFixture.dag(DagFixture.validators(DagFixture.keys(4)));

  @Test
  void emptyDagSelectsTheGenesis() {
    DeterministicRandom random = DeterministicRandom.fromSeed(1);
    assertEquals(List.of(TestUnits.GENESIS), new UniformTipSelector().select(dag, 3, random));
    assertEquals(
        List.of(TestUnits.GENESIS), new WeightedWalkTipSelector(0.5, 5).select(dag, 3, random));
  }

  @Test
  void uniformSelectsDistinctSortedTipsReproducibly() {
    for (int i = 0; i < 10; i++) {
      dag.ingest(TestUnits.first(TestUnits.key(20 + i), i));
    }
    List<Hash> a = new UniformTipSelector().select(dag, 4, DeterministicRandom.fromSeed(9));
    List<Hash> b = new UniformTipSelector().select(dag, 4, DeterministicRandom.fromSeed(9));
    assertEquals(a, b);
    assertEquals(4, new HashSet<>(a).size());
    assertTrue(dag.tips().containsAll(a));
    assertEquals(a.stream().sorted().toList(), a);
    // Every tip is reachable.
    Set<Hash> hit = new HashSet<>();
    DeterministicRandom random = DeterministicRandom.fromSeed(3);
    for (int i = 0; i < 200; i++) {
      hit.addAll(new UniformTipSelector().select(dag, 1, random));
    }
    assertEquals(Set.copyOf(dag.tips()), hit);
    assertThrows(
        IllegalArgumentException.class, () -> new UniformTipSelector().select(dag, 0, random));
  }

  @Test
  void cumulativeWeightCountsDistinctDescendants() {
    // base <- a, base <- b, {a, b} <- c : base has weight 4, a and b 2, c 1.
    Unit base = TestUnits.first(TestUnits.key(20), 0);
    Unit a = TestUnits.unit(TestUnits.key(21), 0, List.of(base.id()), 1);
    Unit b = TestUnits.unit(TestUnits.key(22), 0, List.of(base.id()), 2);
    Unit c = TestUnits.unit(TestUnits.key(23), 0, List.of(a.id(), b.id()), 3);
    dag.ingest(List.of(base, a, b, c));
    Map<Hash, Integer> w = new WeightedWalkTipSelector(1, 3).cumulativeWeights(dag, base.id());
    assertEquals(Map.of(base.id(), 4, a.id(), 2, b.id(), 2, c.id(), 1), w);
  }

  @Test
  void highAlphaFollowsTheHeavyBranch() {
    // From base: a heavy branch of 20 units in a chain, and a lazy tip.
    Unit base = TestUnits.first(TestUnits.key(20), 0);
    Unit lazy = TestUnits.unit(TestUnits.key(21), 0, List.of(base.id()), 1);
    dag.ingest(List.of(base, lazy));
    Unit at = base;
    for (int i = 0; i < 20; i++) {
      at = TestUnits.unit(TestUnits.key(22), i, List.of(at.id()), 100 + i);
      dag.ingest(at);
    }
    Map<Hash, Integer> picks = new HashMap<>();
    DeterministicRandom random = DeterministicRandom.fromSeed(5);
    WeightedWalkTipSelector heavy = new WeightedWalkTipSelector(2.0, 25);
    for (int i = 0; i < 50; i++) {
      for (Hash h : heavy.select(dag, 1, random)) {
        picks.merge(h, 1, Integer::sum);
      }
    }
    assertEquals(Map.of(at.id(), 50), picks);
    // With alpha = 0 the walk takes the lazy tip about half the time.
    Map<Hash, Integer> flat = new HashMap<>();
    WeightedWalkTipSelector unweighted = new WeightedWalkTipSelector(0.0, 25);
    for (int i = 0; i < 200; i++) {
      for (Hash h : unweighted.select(dag, 1, random)) {
        flat.merge(h, 1, Integer::sum);
      }
    }
    int lazyPicks = flat.getOrDefault(lazy.id(), 0);
    assertTrue(lazyPicks > 50 && lazyPicks < 150, "lazy picked " + lazyPicks);
  }

  @Test
  void walkEndsOnTips() {
    for (Unit u : DagFixture.randomDag(DagFixture.keys(6), 80, 3, new Random(4))) {
      dag.ingest(u);
    }
    DeterministicRandom random = DeterministicRandom.fromSeed(8);
    WeightedWalkTipSelector walk = new WeightedWalkTipSelector(0.3, 10);
    for (int i = 0; i < 20; i++) {
      List<Hash> picked = walk.select(dag, 3, random);
      assertTrue(dag.tips().containsAll(picked));
      assertTrue(!picked.isEmpty() && picked.size() <= 3);
    }
  }
}
