package org.cybervein.storageproofs.compactpor;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.TreeSet;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.random.RandomSource;

/**
 * Expands a challenge's 32-byte seed into the set Q of {@code (i, nu_i)} pairs, the same way on
 * both sides.
 *
 * <p>Exact definition: a {@link DeterministicRandom} seeded with the seed bytes is read in requests
 * of {@value #CHUNK} bytes, and that byte stream drives {@link RandomSource}'s unbiased {@code
 * nextLong(bound)}. The indices are {@code count} distinct values of {@code [0, n)} drawn by
 * Floyd's algorithm (for {@code j} from {@code n - count} to {@code n - 1}: {@code t = nextLong(j +
 * 1)}; take {@code t}, or {@code j} if {@code t} was taken) and sorted ascending; then each index
 * in that order gets {@code nu_i} = 16 stream bytes, big-endian, reduced mod p.
 */
final class ChallengeExpansion {
  static final int CHUNK = 4096;

  final long[] indices;
  final BigInteger[] coefficients;

  private ChallengeExpansion(long[] indices, BigInteger[] coefficients) {
    this.indices = indices;
    this.coefficients = coefficients;
  }

  static ChallengeExpansion expand(byte[] seed, long blocks, int count) {
    RandomSource stream = stream(seed);
    long[] indices = indices(stream, blocks, count);
    BigInteger[] nu = new BigInteger[count];
    byte[] raw = new byte[PrimeField.ELEMENT_SIZE];
    for (int k = 0; k < count; k++) {
      stream.nextBytes(raw);
      nu[k] = PrimeField.reduce(raw);
    }
    return new ChallengeExpansion(indices, nu);
  }

  /** Only the indices, as {@link #expand} draws them (for the detection statistics). */
  static long[] indices(byte[] seed, long blocks, int count) {
    return indices(stream(seed), blocks, count);
  }

  private static long[] indices(RandomSource stream, long blocks, int count) {
    if (count < 1 || count > blocks) {
      throw new IllegalArgumentException("count must be in [1, " + blocks + "], got " + count);
    }
    TreeSet<Long> chosen = new TreeSet<>();
    for (long j = blocks - count; j < blocks; j++) {
      long t = stream.nextLong(j + 1);
      chosen.add(chosen.contains(t) ? j : t);
    }
    long[] indices = new long[count];
    int k = 0;
    for (long i : chosen) {
      indices[k++] = i;
    }
    return indices;
  }

  private static RandomSource stream(byte[] seed) {
    DeterministicRandom drbg = DeterministicRandom.fromSeed(seed);
    return new RandomSource() {
      private final byte[] buffer = new byte[CHUNK];
      private int used = CHUNK;

      @Override
      public void nextBytes(byte[] target) {
        for (int i = 0; i < target.length; i++) {
          if (used == CHUNK) {
            drbg.nextBytes(buffer);
            used = 0;
          }
          target[i] = buffer[used++];
        }
      }
    };
  }

  @Override
  public String toString() {
    return "ChallengeExpansion" + Arrays.toString(indices);
  }
}
