package org.cybervein.ledger.poc;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of a {@link PocNode}.
 *
 * @param fallbackDelay how long after the slot the contributor ranked r-th in its view of the round
 *     waits, r times, before producing itself: if the winner's block is lost, the next best
 *     produces, and fork choice keeps the best block that arrives
 * @param contributionWindow the least time between the start of a round (the tip changed) and a
 *     block of this node for it, so that peers' contributions can arrive first (it matters when a
 *     node catches up and the slot is already past)
 * @param maxOrphans blocks whose parent is unknown that are held while the parent is fetched
 * @param maxMempool transactions held for inclusion
 */
public record PocConfig(
    Duration fallbackDelay, Duration contributionWindow, int maxOrphans, int maxMempool) {
  /** Defaults: 500 ms fallback, 200 ms contribution window, 256 orphans, 10,000 transactions. */
  public static final PocConfig DEFAULT =
      new PocConfig(Duration.ofMillis(500), Duration.ofMillis(200), 256, 10_000);

  /**
   * Checks the ranges.
   *
   * @param fallbackDelay how long after the slot the contributor ranked r-th in its view of the
   *     round waits, r times, before producing itself: if the winner's block is lost, the next best
   *     produces, and fork choice keeps the best block that arrives
   * @param contributionWindow the least time between the start of a round (the tip changed) and a
   *     block of this node for it, so that peers' contributions can arrive first (it matters when a
   *     node catches up and the slot is already past)
   * @param maxOrphans blocks whose parent is unknown that are held while the parent is fetched
   * @param maxMempool transactions held for inclusion
   */
  public PocConfig {
    Objects.requireNonNull(fallbackDelay, "fallbackDelay");
    Objects.requireNonNull(contributionWindow, "contributionWindow");
    if (fallbackDelay.isNegative()
        || contributionWindow.isNegative()
        || maxOrphans < 0
        || maxMempool < 0) {
      throw new IllegalArgumentException("negative setting");
    }
  }
}
