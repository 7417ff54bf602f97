package org.cybervein.dag.tips;

import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Hash;
import org.cybervein.api.random.RandomSource;
import org.cybervein.dag.unit.UnitBody;

/** Picks parents uniformly at random among the current tips, without repetition. */
public final class UniformTipSelector implements TipSelector {
  /** A uniform selector; it has no state. */
  public UniformTipSelector() {}

  @Override
  public List<Hash> select(TipView view, int count, RandomSource random) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, got " + count);
    }
    List<Hash> tips = new ArrayList<>(view.tips());
    if (tips.isEmpty()) {
      return List.of(view.genesis());
    }
    int take = Math.min(count, tips.size());
    // A partial Fisher-Yates shuffle: the first `take` slots end up a uniform sample.
    for (int i = 0; i < take; i++) {
      int j = i + random.nextInt(tips.size() - i);
      Hash t = tips.get(i);
      tips.set(i, tips.get(j));
      tips.set(j, t);
    }
    return UnitBody.canonicalParents(tips.subList(0, take));
  }

  @Override
  public String toString() {
    return "UniformTipSelector";
  }
}
