package org.cybervein.testing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.cybervein.api.random.DeterministicRandom;

/**
 * Seeded randomness for tests: named {@link DeterministicRandom} streams derived from one seed, so
 * that a test's parts (keys, workload, faults) draw independently and the whole test replays from
 * the one seed it prints.
 *
 * <p>The stream {@code name} of seed {@code s} is {@code DeterministicRandom.fromSeed("cybervein.
 * testing.random" || s || name)}: the ASCII tag, {@code s} as 8 big-endian bytes and the name in
 * UTF-8.
 */
public final class TestRandom {
  private static final byte[] DOMAIN =
      "cybervein.testing.random".getBytes(StandardCharsets.US_ASCII);

  private TestRandom() {}

  /**
   * The stream {@code name} of this run's seed, {@link PropertyRuns#seed()}, which {@code
   * -Dqt.seed=N} sets; print that seed (or use {@link PropertyRuns#qt()}, which prints it).
   *
   * @param name what the stream is for, e.g. {@code "workload"}
   * @return a generator at the start of the stream
   */
  public static DeterministicRandom stream(String name) {
    return stream(PropertyRuns.seed(), name);
  }

  /**
   * The stream {@code name} of {@code seed}.
   *
   * @param seed the seed the test prints
   * @param name what the stream is for, e.g. {@code "workload"}
   * @return a generator at the start of the stream
   */
  public static DeterministicRandom stream(long seed, String name) {
    byte[] label = Objects.requireNonNull(name, "name").getBytes(StandardCharsets.UTF_8);
    return DeterministicRandom.fromSeed(
        ByteBuffer.allocate(DOMAIN.length + Long.BYTES + label.length)
            .put(DOMAIN)
            .putLong(seed)
            .put(label)
            .array());
  }
}
