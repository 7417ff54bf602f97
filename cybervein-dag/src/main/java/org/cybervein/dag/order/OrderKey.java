package org.cybervein.dag.order;

import java.util.Comparator;
import java.util.Objects;
import org.cybervein.api.Hash;

/**
 * The position of a unit in the {@link TotalOrder}: first the checkpoint that made it final ({@link
 * #TENTATIVE} for a certified unit no checkpoint covers yet), then its height, then its id.
 *
 * @param checkpoint the number of the checkpoint that made the unit final, or {@link #TENTATIVE}
 * @param height the unit's height (1 + its parents' largest height)
 * @param id the unit id, the final tie-break
 */
public record OrderKey(long checkpoint, long height, Hash id) implements Comparable<OrderKey> {
  /** The batch of certified units that no checkpoint covers yet: after every checkpoint. */
  public static final long TENTATIVE = Long.MAX_VALUE;

  private static final Comparator<OrderKey> ORDER =
      Comparator.comparingLong(OrderKey::checkpoint)
          .thenComparingLong(OrderKey::height)
          .thenComparing(OrderKey::id);

  /**
   * Checks the ranges.
   *
   * @param checkpoint the number of the checkpoint that made the unit final, or {@link #TENTATIVE}
   * @param height the unit's height (1 + its parents' largest height)
   * @param id the unit id, the final tie-break
   */
  public OrderKey {
    Objects.requireNonNull(id, "id");
    if (checkpoint < 0 || height < 1) {
      throw new IllegalArgumentException("checkpoint >= 0 and height >= 1 required");
    }
  }

  /**
   * True if no checkpoint covers the unit yet, so its place may still change.
   *
   * @return true if the key's checkpoint is {@link #TENTATIVE}
   */
  public boolean isTentative() {
    return checkpoint == TENTATIVE;
  }

  @Override
  public int compareTo(OrderKey other) {
    return ORDER.compare(this, other);
  }
}
