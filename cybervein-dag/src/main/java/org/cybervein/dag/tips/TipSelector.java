package org.cybervein.dag.tips;

import java.util.List;
import org.cybervein.api.Hash;
import org.cybervein.api.random.RandomSource;

/**
 * Chooses the parents of a new unit among the current tips. Implementations draw all their
 * randomness from the injected {@link RandomSource}, so a seeded run picks the same parents.
 */
public interface TipSelector {
  /**
   * Up to {@code count} distinct parents for a new unit, sorted: fewer if there are fewer tips, and
   * the genesis alone if the DAG is empty.
   *
   * @param view the DAG to select from
   * @param count the most parents wanted, at least 1
   * @param random the source of the selector's random choices
   * @return the parent ids, sorted, at least one
   * @throws IllegalArgumentException if {@code count} is below 1
   */
  List<Hash> select(TipView view, int count, RandomSource random);
}
