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
  /**
   * Fills {@code target} with random bytes.
   *
   * @param target the array to overwrite; every byte of it is replaced
   */
  void nextBytes(byte[] target);

  /**
   * A uniformly random {@code long}.
   *
   * @return 64 random bits
   */
  default long nextLong() {
    byte[] b = new byte[Long.BYTES];
    nextBytes(b);
    long v = 0;
    for (byte x : b) {
      v = (v << 8) | (x & 0xff);
    }
    return v;
  }

  /**
   * A uniformly random {@code int} in {@code [0, bound)}, without modulo bias.
   *
   * @param bound the exclusive upper bound, at least 1
   * @return a value from 0 to {@code bound - 1}, each equally likely
   * @throws IllegalArgumentException if {@code bound} is not positive
   */
  default int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, got " + bound);
    }
    return (int) nextLong(bound);
  }

  /**
   * A uniformly random {@code long} in {@code [0, bound)}, without modulo bias.
   *
   * @param bound the exclusive upper bound, at least 1
   * @return a value from 0 to {@code bound - 1}, each equally likely
   * @throws IllegalArgumentException if {@code bound} is not positive
   */
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

  /**
   * A uniformly random {@code double} in {@code [0, 1)} with 53 random bits.
   *
   * @return a value in {@code [0, 1)} on a grid of 2^-53
   */
  default double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }
}
