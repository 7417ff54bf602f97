package org.cybervein.api.random;

/**
 * Randomness a host injects: tip selection, challenge sampling, nonces, key generation.
 *
 * <p>{@link DeterministicRandom} is the seeded implementation (a standard DRBG) that simulations
 * and tests use so that they replay exactly; {@code cybervein-crypto} provides the secure one.
 * Implementations need only supply {@link #nextBytes(byte[])}; the other methods derive from it
 * without bias.
 */
public interface RandomSource {
  /** Fills {@code target} with random bytes. */
  void nextBytes(byte[] target);

  /** A uniformly random {@code long}. */
  default long nextLong() {
    byte[] b = new byte[Long.BYTES];
    nextBytes(b);
    long v = 0;
    for (byte x : b) {
      v = (v << 8) | (x & 0xff);
    }
    return v;
  }

  /** A uniformly random {@code int} in {@code [0, bound)}, without modulo bias. */
  default int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, got " + bound);
    }
    return (int) nextLong(bound);
  }

  /** A uniformly random {@code long} in {@code [0, bound)}, without modulo bias. */
  default long nextLong(long bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, got " + bound);
    }
    // Rejection sampling on 63-bit values: accept only below the largest multiple of bound.
    long limit = Long.MAX_VALUE - (Long.MAX_VALUE % bound);
    long r;
    do {
      r = nextLong() >>> 1;
    } while (r >= limit);
    return r % bound;
  }

  /** A uniformly random {@code double} in {@code [0, 1)} with 53 random bits. */
  default double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }
}
