package org.cybervein.dag.testing;

import org.quicktheories.QuickTheory;

/**
 * QuickTheories settings for this module: a fixed seed ({@code -Dqt.seed}, printed for replay) and
 * a number of examples ({@code -Dqt.examples}, scaled down for expensive properties).
 */
public final class Props {
  private static final long DEFAULT_SEED = 0xDA6_C0DEL;

  private Props() {}

  /** The seed of this run. */
  public static long seed() {
    return Long.getLong("qt.seed", DEFAULT_SEED);
  }

  /** A theory with at most {@code cap} examples (fewer if {@code -Dqt.examples} is lower). */
  public static QuickTheory qt(int cap) {
    int examples = Math.min(cap, Integer.getInteger("qt.examples", 200));
    long seed = seed();
    System.out.println("QuickTheories: " + examples + " examples, seed " + seed + " (-Dqt.seed)");
    return QuickTheory.qt().withExamples(examples).withFixedSeed(seed);
  }
}
