package org.cybervein.dag.unit;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds a node enforces on units from outside: parent count, inline payload size, encoded size
 * and how far a timestamp may run ahead of the local clock.
 *
 * @param maxParents the most parents a unit may reference (k), 1..{@link #HARD_MAX_PARENTS}
 * @param maxInlineBytes the most inline data bytes a data write may carry
 * @param maxEncodedSize the largest encoded unit (envelope) accepted
 * @param maxClockSkew how far in the future of the local clock a timestamp may be
 */
public record UnitLimits(
    int maxParents, int maxInlineBytes, int maxEncodedSize, Duration maxClockSkew) {
  /** No configuration may allow more parents than this. */
  public static final int HARD_MAX_PARENTS = 256;

  /** Defaults: 8 parents, 4 KiB inline data, 16 KiB encoded, 30 s of clock skew. */
  public static final UnitLimits DEFAULT =
      new UnitLimits(8, 4096, 16 * 1024, Duration.ofSeconds(30));

  /**
   * Checks the ranges.
   *
   * @param maxParents the most parents a unit may reference (k), 1..{@link #HARD_MAX_PARENTS}
   * @param maxInlineBytes the most inline data bytes a data write may carry
   * @param maxEncodedSize the largest encoded unit (envelope) accepted
   * @param maxClockSkew how far in the future of the local clock a timestamp may be
   */
  public UnitLimits {
    Objects.requireNonNull(maxClockSkew, "maxClockSkew");
    if (maxParents < 1 || maxParents > HARD_MAX_PARENTS) {
      throw new IllegalArgumentException(
          "maxParents must be 1.." + HARD_MAX_PARENTS + ", got " + maxParents);
    }
    if (maxInlineBytes < 0) {
      throw new IllegalArgumentException("maxInlineBytes must not be negative");
    }
    if (maxEncodedSize < 256) {
      throw new IllegalArgumentException("maxEncodedSize must be at least 256 bytes");
    }
    if (maxClockSkew.isNegative()) {
      throw new IllegalArgumentException("maxClockSkew must not be negative");
    }
  }
}
