package org.cybervein.ledger.contract;

import org.quicktheories.QuickTheory;

/** QuickTheories settings for the contract tests: a printed seed and a configurable size. */
public final class Seeds {
  private Seeds() {}

  /** The seed of this run: {@code -Dqt.seed}, else a constant. */
  public static long seed() {
    return Long.getLong("qt.seed", 0x1ED6E5L);
  }

  /**
   * {@code defaultExamples} scaled by {@code -Dqt.examples / 200} (200 is the SDK's default), so an
   * expensive property stays cheap by default and still grows with the build's setting.
   */
  public static int examples(int defaultExamples) {
    long scaled = (long) defaultExamples * Integer.getInteger("qt.examples", 200) / 200;
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, scaled));
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
