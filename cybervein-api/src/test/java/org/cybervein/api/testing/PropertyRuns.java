package org.cybervein.api.testing;

import org.quicktheories.QuickTheory;

/**
 * QuickTheories settings shared by the SDK's property tests: a fixed, printed seed so that a
 * failure replays, and a number of examples that the build can raise.
 *
 * <p>{@code -Dqt.seed=N} replays a run; {@code -Dqt.examples=N} changes the number of examples.
 */
public final class PropertyRuns {
  private static final long DEFAULT_SEED = 0x5EED_C0DE_2024L;

  private PropertyRuns() {}

  /** A theory with the configured examples and seed; prints the seed for replay. */
  public static QuickTheory qt() {
    return qt(Integer.getInteger("qt.examples", 200));
  }

  /** A theory with {@code examples} examples (for expensive properties) and the configured seed. */
  public static QuickTheory qt(int examples) {
    long seed = Long.getLong("qt.seed", DEFAULT_SEED);
    System.out.println(
        "QuickTheories: "
            + examples
            + " examples, seed "
            + seed
            + " (replay: -Dqt.seed="
            + seed
            + ")");
    return QuickTheory.qt().withExamples(examples).withFixedSeed(seed);
  }
}
