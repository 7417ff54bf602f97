package org.cybervein.api.sim;

import java.time.Duration;
import java.util.Objects;
import org.cybervein.api.random.RandomSource;

/**
 * How long a message spends on a link of the {@link SimulatedNetwork}, drawn once per copy of a
 * message from the network's seeded random.
 *
 * <p>Implement it for other shapes (bimodal, heavy-tailed); an implementation must be a pure
 * function of the random it is given, or runs stop replaying.
 */
public interface LatencyDistribution {
  /**
   * Draws one latency.
   *
   * @param random the network's random, the only source of variation allowed
   * @return the latency in nanoseconds, zero or more
   */
  long sampleNanos(RandomSource random);

  /**
   * Always exactly {@code latency}; with no reordering configured, links are then FIFO.
   *
   * @param latency the latency of every message, zero or more
   * @return the distribution
   * @throws IllegalArgumentException if {@code latency} is negative
   */
  static LatencyDistribution fixed(Duration latency) {
    return new Fixed(latency);
  }

  /**
   * Uniform over {@code [min, max]}, both inclusive, to the nanosecond.
   *
   * @param min the shortest latency, zero or more
   * @param max the longest latency, at least {@code min}
   * @return the distribution
   * @throws IllegalArgumentException if {@code min} is negative or {@code max} is below it
   */
  static LatencyDistribution uniform(Duration min, Duration max) {
    return new Uniform(min, max);
  }

  /**
   * {@code min} plus an exponentially distributed wait, so that the mean latency is {@code mean}:
   * mostly fast with a long tail, like a congested link.
   *
   * @param min the shortest latency, zero or more
   * @param mean the mean latency, at least {@code min}
   * @return the distribution
   * @throws IllegalArgumentException if {@code min} is negative or {@code mean} is below it
   */
  static LatencyDistribution exponential(Duration min, Duration mean) {
    return new Exponential(min, mean);
  }

  /**
   * A latency that never varies.
   *
   * @param latency zero or more
   */
  record Fixed(Duration latency) implements LatencyDistribution {
    /**
     * Rejects a negative latency.
     *
     * @param latency zero or more
     */
    public Fixed {
      requireNotNegative(latency, "latency");
    }

    @Override
    public long sampleNanos(RandomSource random) {
      return latency.toNanos();
    }
  }

  /**
   * A latency uniform over a closed interval.
   *
   * @param min the smallest latency, zero or more
   * @param max the largest latency, at least {@code min}
   */
  record Uniform(Duration min, Duration max) implements LatencyDistribution {
    /**
     * Rejects a negative or empty interval.
     *
     * @param min the smallest latency, zero or more
     * @param max the largest latency, at least {@code min}
     */
    public Uniform {
      requireNotNegative(min, "min");
      requireNotNegative(max, "max");
      if (max.compareTo(min) < 0) {
        throw new IllegalArgumentException("max " + max + " is below min " + min);
      }
      if (max.toNanos() - min.toNanos() == Long.MAX_VALUE) {
        throw new IllegalArgumentException("interval too wide: " + min + " .. " + max);
      }
    }

    @Override
    public long sampleNanos(RandomSource random) {
      long lo = min.toNanos();
      return lo + random.nextLong(max.toNanos() - lo + 1);
    }
  }

  /**
   * A shifted exponential latency.
   *
   * @param min the smallest latency, zero or more
   * @param mean the mean latency, at least {@code min}
   */
  record Exponential(Duration min, Duration mean) implements LatencyDistribution {
    /**
     * Rejects a negative minimum or a mean below it.
     *
     * @param min the smallest latency, zero or more
     * @param mean the mean latency, at least {@code min}
     */
    public Exponential {
      requireNotNegative(min, "min");
      requireNotNegative(mean, "mean");
      if (mean.compareTo(min) < 0) {
        throw new IllegalArgumentException("mean " + mean + " is below min " + min);
      }
    }

    @Override
    public long sampleNanos(RandomSource random) {
      double scale = mean.toNanos() - min.toNanos();
      // 1 - u lies in (0, 1], so the logarithm is finite; the cast saturates instead of wrapping.
      double wait = -Math.log(1.0 - random.nextDouble()) * scale;
      return min.toNanos() + (long) Math.min(wait, (double) (Long.MAX_VALUE / 2));
    }
  }

  private static void requireNotNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + d);
    }
    d.toNanos(); // throws ArithmeticException now rather than on the first sample
  }
}
