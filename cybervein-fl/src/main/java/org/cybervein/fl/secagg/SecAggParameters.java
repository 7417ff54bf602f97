package org.cybervein.fl.secagg;

import java.time.Duration;
import java.util.Objects;

/**
 * The knobs of a secure aggregation deployment.
 *
 * @param threshold t: the fewest clients whose shares recover a seed, and the fewest survivors a
 *     round accepts. Below t the server learns nothing of a dropped client's masks; the sum of
 *     fewer than t inputs is never revealed.
 * @param vectorLength the length of every input vector (elements of Z_(2^64))
 * @param phaseTimeout how long the server waits in each phase for clients that may have dropped
 */
public record SecAggParameters(int threshold, int vectorLength, Duration phaseTimeout) {
  /** The most elements an input vector may have (8 MiB of masked input per client). */
  public static final int MAX_VECTOR_LENGTH = 1 << 20;

  /**
   * Checks ranges.
   *
   * @param threshold t: the fewest clients whose shares recover a seed, and the fewest survivors a
   *     round accepts. Below t the server learns nothing of a dropped client's masks; the sum of
   *     fewer than t inputs is never revealed.
   * @param vectorLength the length of every input vector (elements of Z_(2^64))
   * @param phaseTimeout how long the server waits in each phase for clients that may have dropped
   */
  public SecAggParameters {
    if (threshold < 2) {
      throw new IllegalArgumentException(
          "threshold must be at least 2 (one client alone would reveal its input), got "
              + threshold);
    }
    if (vectorLength < 1 || vectorLength > MAX_VECTOR_LENGTH) {
      throw new IllegalArgumentException(
          "vector length must be in 1.." + MAX_VECTOR_LENGTH + ", got " + vectorLength);
    }
    Objects.requireNonNull(phaseTimeout, "phaseTimeout");
    if (phaseTimeout.isNegative() || phaseTimeout.isZero()) {
      throw new IllegalArgumentException("phase timeout must be positive");
    }
  }

  /**
   * A majority threshold, floor(n/2) + 1 and at least 2: any honest majority can recover a dropped
   * client's masks and no minority coalition with the server can.
   *
   * @param roster the clients
   * @param vectorLength the length of every input vector, at least 1
   * @param timeout how long the server waits in each phase
   * @return the parameters
   */
  public static SecAggParameters majority(SecAggRoster roster, int vectorLength, Duration timeout) {
    return new SecAggParameters(
        Math.max(2, roster.size() / 2 + 1), vectorLength, Objects.requireNonNull(timeout));
  }
}
