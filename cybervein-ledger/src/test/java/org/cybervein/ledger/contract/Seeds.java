package org.cybervein.ledger.contract;

import org.quicktheories.QuickTheory;

/** QuickTheories settings for the contract tests: a printed seed and a configurable size. */
public final class Seeds {
  private Seeds() {}

  /** The seed of this run: {@code -Dqt.seed}, else a constant. */
  public static long seed() {
    return Long.getLong("qt.seed", 0x1ED6E5L);
  }

  /** {@code -Dqt.examples}, else {@code defaultExamples}. */
  public static int examples(int defaultExamples) {
    return Integer.getInteger("qt.examples", defaultExamples);
  }

  /** A theory with a fixed, printed seed. */
  public static QuickTheory qt(int defaultExamples) {
    long seed = seed();
    int examples = examples(defaultExamples);
    System.out.println(
        "QuickTheories: " + examples + " examples, seed " + seed + " (-Dqt.seed=" + seed + ")");
    return QuickTheory.qt().withExamples(examples).withFixedSeed(seed);
  }
}
