package org.cybervein.examples.fl;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * Evenly spaced round values (steps of 1, 2, 2.5 or 5 times a power of ten) that cover a range, for
 * the tick labels of a chart's axis. The step is kept as an exact decimal so that labels read
 * {@code 0.3}, never {@code 0.30000000000000004}.
 *
 * @param step the distance between two ticks
 * @param firstIndex the first tick is {@code firstIndex * step}
 * @param count how many ticks there are, at least 2
 */
record AxisTicks(BigDecimal step, long firstIndex, int count) {
  private static final BigDecimal[] NICE = {
    BigDecimal.ONE,
    BigDecimal.valueOf(2),
    new BigDecimal("2.5"),
    BigDecimal.valueOf(5),
    BigDecimal.TEN
  };

  /**
   * A raw step of f times a power of ten (1 <= f < 10) becomes {@code NICE[i]} for the first bound
   * f stays under: the nearest nice value, so that the count of ticks stays near the one asked for.
   */
  private static final double[] ROUND_BELOW = {1.5, 2.25, 3.5, 7.5};

  /** Slack for the floating-point division of a bound by the step, e.g. 0.36 / 0.02. */
  private static final double SLACK = 1e-9;

  /** Checks that the step is positive and there are two ticks or more. */
  AxisTicks {
    Objects.requireNonNull(step, "step");
    if (step.signum() <= 0 || count < 2) {
      throw new IllegalArgumentException("need a positive step and two ticks, got " + step);
    }
  }

  /**
   * The ticks that cover {@code [low, high]} in about {@code about} steps; an empty range is
   * widened around its value first.
   *
   * @throws IllegalArgumentException if a bound is not finite, {@code low > high} or {@code about}
   *     is not positive
   */
  static AxisTicks covering(double low, double high, int about) {
    if (!Double.isFinite(low) || !Double.isFinite(high) || low > high || about < 1) {
      throw new IllegalArgumentException(
          "cannot place " + about + " ticks over [" + low + ", " + high + "]");
    }
    if (low == high) {
      double pad = low == 0 ? 1 : Math.abs(low) * 0.1;
      low -= pad;
      high += pad;
    }
    double raw = (high - low) / about;
    int exponent = (int) Math.floor(Math.log10(raw));
    double fraction = raw / Math.pow(10, exponent);
    int nice = 0;
    while (nice < ROUND_BELOW.length && fraction >= ROUND_BELOW[nice]) {
      nice++;
    }
    BigDecimal step = NICE[nice].scaleByPowerOfTen(exponent);
    double s = step.doubleValue();
    long first = (long) Math.floor(low / s + SLACK);
    long last = (long) Math.ceil(high / s - SLACK);
    return new AxisTicks(step, first, (int) Math.max(2, last - first + 1));
  }

  /** The value of tick {@code i}, from 0. */
  double value(int i) {
    return at(i).doubleValue();
  }

  /** The lowest tick. */
  double low() {
    return value(0);
  }

  /** The highest tick. */
  double high() {
    return value(count - 1);
  }

  /** Tick {@code i} written with as many decimals as the step needs. */
  String label(int i) {
    int decimals = Math.max(0, step.stripTrailingZeros().scale());
    return at(i).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
  }

  private BigDecimal at(int i) {
    return step.multiply(BigDecimal.valueOf(firstIndex + i));
  }
}
