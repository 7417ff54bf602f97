package org.cybervein.consensus.poc;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of a {@link PocNode}.
 *
 * @param fallbackDelay how long after the slot the contributor ranked r-th in its view of the round
 *     waits, r times, before producing itself: if the winner's block is lost, the next best
 *     produces, and fork choice keeps the best block that arrives
 * @param maxOrphans blocks whose parent is unknown that are held while the parent is fetched
 * @param maxMempool transactions held for inclusion
 */
public record PocConfig(Duration fallbackDelay, int maxOrphans, int maxMempool) {
  /** Defaults: 500 ms fallback, 256 orphans, 10,000 transactions. */
  public static final PocConfig DEFAULT = new PocConfig(Duration.ofMillis(500), 256, 10_000);

  /** Checks the ranges. */
  public PocConfig {
    Objects.requireNonNull(fallbackDelay, "fallbackDelay");
    if (fallbackDelay.isNegative() || maxOrphans < 0 || maxMempool < 0) {
      throw new IllegalArgumentException("negative setting");
    }
  }
}
