package org.cybervein.crypto.testsupport;

import java.util.SplittableRandom;
import org.cybervein.api.random.RandomSource;

/**
 * A replayable, NOT secure random source for tests: the same seed yields the same bytes. Product
 * code gets its randomness from the host.
 */
public final class SeededRandomSource implements RandomSource {
  private final SplittableRandom random;

  public SeededRandomSource(long seed) {
    this.random = new SplittableRandom(seed);
  }

  @Override
  public void nextBytes(byte[] target) {
    random.nextBytes(target);
  }
}
