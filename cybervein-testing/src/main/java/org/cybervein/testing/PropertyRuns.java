package org.cybervein.testing;

import org.quicktheories.QuickTheory;

/**
 * QuickTheories settings shared by the SDK's property tests: a fixed, printed seed so that a
 * failure replays, and a number of examples that the build can raise.
 *
 * <p>{@code -Dqt.seed=N} replays a run; {@code -Dqt.examples=N} changes the number of examples.
 * Every property of a run uses the same seed, so one printed number replays any of them.
 *
 * <p>{@code cybervein-api} and {@code cybervein-crypto}, which this module depends on, cannot use
 * it in their own tests; they keep {@code org.cybervein.api.testing.PropertyRuns} in api's
 * test-jar, with the same seed and settings (this module's tests check that the two agree).
 */
public final class PropertyRuns {
  private static final long DEFAULT_SEED = 0x5EED_C0DE_2024L;
  private static final int DEFAULT_EXAMPLES = 200;

  private PropertyRuns() {}

  /**
   * A theory with the configured examples and seed; prints the seed for replay.
   *
   * @return the theory to state properties on
   */
  public static QuickTheory qt() {
    return qt(examples());
  }

  /**
   * A theory with {@code examples} examples (for expensive properties) and the configured seed.
   *
   * @param examples how many examples each property tries
   * @return the theory to state properties on
   */
  public static QuickTheory qt(int examples) {
    long seed = seed();
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

  /**
   * The seed of this run ({@code -Dqt.seed}, else a constant), for tests that also draw their own
   * randomness outside QuickTheories, so that the same {@code -Dqt.seed} replays both.
   *
   * @return the seed
   */
  public static long seed() {
    return Long.getLong("qt.seed", DEFAULT_SEED);
  }

  /**
   * The configured number of examples per property ({@code -Dqt.examples}, else 200), for tests
   * that scale it down, e.g. {@code qt(Math.min(50, examples()))} for an expensive property.
   *
   * @return the number of examples
   */
  public static int examples() {
    return Integer.getInteger("qt.examples", DEFAULT_EXAMPLES);
  }
}
