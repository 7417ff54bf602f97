package org.cybervein.dag.tips;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.cybervein.api.Hash;
import org.cybervein.api.random.RandomSource;

/**
 * IOTA's weighted random walk (Popov, "The Tangle"): a walker starts below the tips and steps from
 * a unit to one of its children with probability proportional to {@code exp(alpha * H(child))},
 * where {@code H} is the cumulative weight (1 + the number of units that reference it directly or
 * transitively); it stops at a tip. {@code alpha = 0} is an unweighted walk; a large alpha follows
 * the heaviest branch and starves lazy or conflicting branches.
 *
 * <h2>Start and cost</h2>
 *
 * Each walk starts {@code depth} steps below a tip chosen uniformly at random (following smallest
 * parents; the genesis if the DAG is shallower). Cumulative weights are computed exactly within the
 * start's future cone only, with one bit set of descendants per cone unit, so the cost depends on
 * the cone (about {@code depth} times the width of the DAG), not on the DAG's size.
 */
public final class WeightedWalkTipSelector implements TipSelector {
  private final double alpha;
  private final int depth;

  /**
   * A walk with bias {@code alpha} starting {@code depth} steps below the tips.
   *
   * @param alpha the bias towards heavier children, zero (a uniform walk) or more
   * @param depth the number of steps below the tips the walk starts, at least 1
   * @throws IllegalArgumentException if {@code alpha} is negative or not finite, or {@code depth}
   *     is below 1
   */
  public WeightedWalkTipSelector(double alpha, int depth) {
    if (!(alpha >= 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("alpha must be finite and not negative, got " + alpha);
    }
    if (depth < 1) {
      throw new IllegalArgumentException("depth must be at least 1, got " + depth);
    }
    this.alpha = alpha;
    this.depth = depth;
  }

  @Override
  public List<Hash> select(TipView view, int count, RandomSource random) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, got " + count);
    }
    List<Hash> tips = view.tips();
    if (tips.isEmpty()) {
      return List.of(view.genesis());
    }
    TreeSet<Hash> chosen = new TreeSet<>();
    // A few walks more than parents wanted, since walks may end on the same tip.
    for (int walk = 0; walk < 2 * count && chosen.size() < count; walk++) {
      Hash start = startBelow(view, tips.get(random.nextInt(tips.size())));
      chosen.add(walkFrom(view, start, random));
    }
    return List.copyOf(chosen);
  }

  private Hash startBelow(TipView view, Hash tip) {
    Hash at = tip;
    for (int i = 0; i < depth; i++) {
      List<Hash> parents = view.parents(at);
      if (parents.isEmpty()) {
        break;
      }
      at = parents.get(0);
    }
    return at;
  }

  private Hash walkFrom(TipView view, Hash start, RandomSource random) {
    Map<Hash, Integer> weight = cumulativeWeights(view, start);
    Hash at = start;
    while (true) {
      List<Hash> children = view.children(at);
      if (children.isEmpty()) {
        return at;
      }
      int max = 0;
      for (Hash c : children) {
        max = Math.max(max, weight.get(c));
      }
      double[] p = new double[children.size()];
      double total = 0;
      for (int i = 0; i < p.length; i++) {
        // Shifted by the largest weight so that exp never overflows; the ratios are unchanged.
        p[i] = Math.exp(alpha * (weight.get(children.get(i)) - max));
        total += p[i];
      }
      double r = random.nextDouble() * total;
      int pick = p.length - 1;
      for (int i = 0; i < p.length; i++) {
        r -= p[i];
        if (r < 0) {
          pick = i;
          break;
        }
      }
      at = children.get(pick);
    }
  }

  /** 1 + the number of descendants, for every unit of the future cone of {@code start}. */
  Map<Hash, Integer> cumulativeWeights(TipView view, Hash start) {
    // Number the cone in a topological order (parents before children) by Kahn's algorithm
    // restricted to the cone.
    Map<Hash, Integer> inCone = new HashMap<>();
    List<Hash> cone = new ArrayList<>();
    ArrayDeque<Hash> queue = new ArrayDeque<>();
    queue.add(start);
    inCone.put(start, 0);
    cone.add(start);
    while (!queue.isEmpty()) {
      for (Hash c : view.children(queue.poll())) {
        if (!inCone.containsKey(c)) {
          inCone.put(c, cone.size());
          cone.add(c);
          queue.add(c);
        }
      }
    }
    Map<Hash, Integer> pending = new HashMap<>();
    for (Hash u : cone) {
      int n = 0;
      if (!u.equals(start)) {
        for (Hash p : view.parents(u)) {
          if (inCone.containsKey(p)) {
            n++;
          }
        }
      }
      pending.put(u, n);
    }
    List<Hash> topo = new ArrayList<>(cone.size());
    queue.add(start);
    while (!queue.isEmpty()) {
      Hash u = queue.poll();
      topo.add(u);
      for (Hash c : view.children(u)) {
        if (pending.merge(c, -1, Integer::sum) == 0) {
          queue.add(c);
        }
      }
    }
    BitSet[] below = new BitSet[cone.size()];
    Map<Hash, Integer> weight = new HashMap<>();
    for (int i = topo.size() - 1; i >= 0; i--) {
      Hash u = topo.get(i);
      BitSet d = new BitSet();
      for (Hash c : view.children(u)) {
        int ci = inCone.get(c);
        d.set(ci);
        d.or(below[ci]);
      }
      below[inCone.get(u)] = d;
      weight.put(u, 1 + d.cardinality());
    }
    return weight;
  }

  @Override
  public String toString() {
    return "WeightedWalkTipSelector[alpha=" + alpha + ", depth=" + depth + "]";
  }
}
