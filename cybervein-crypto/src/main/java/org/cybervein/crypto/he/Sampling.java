package org.cybervein.crypto.he;

import java.math.BigInteger;
import org.cybervein.api.random.RandomSource;

/** Uniform sampling of big integers from an injected {@link RandomSource}. */
final class Sampling {
  private Sampling() {}

  /** A uniform integer in {@code [0, bound)}, by rejection on {@code bound.bitLength()} bits. */
  static BigInteger below(BigInteger bound, RandomSource random) {
    if (bound.signum() <= 0) {
      throw new IllegalArgumentException("bound must be positive");
    }
    int bits = bound.bitLength();
    byte[] buffer = new byte[(bits + 7) / 8];
    int excessBits = buffer.length * 8 - bits;
    while (true) {
      random.nextBytes(buffer);
      buffer[0] &= (byte) (0xff >>> excessBits);
      BigInteger candidate = new BigInteger(1, buffer);
      if (candidate.compareTo(bound) < 0) {
        return candidate;
      }
    }
  }

  /** A uniform unit of {@code Z_n}: in {@code [1, n)} and coprime to n. */
  /**
   * A uniform unit modulo a prime p: a uniform value in {@code [1, p)}. The same draws and the same
   * value as {@link #unitModulo} for a prime, without its gcd per candidate (every non-zero residue
   * modulo a prime is a unit); the gcd of two 1024-bit numbers was a third of the cost of a random
   * factor through the factorisation, beside its two exponentiations.
   */
  static BigInteger unitModuloPrime(BigInteger p, RandomSource random) {
    while (true) {
      BigInteger candidate = below(p, random);
      if (candidate.signum() > 0) {
        return candidate;
      }
    }
  }

  static BigInteger unitModulo(BigInteger n, RandomSource random) {
    while (true) {
      BigInteger candidate = below(n, random);
      if (candidate.signum() > 0 && candidate.gcd(n).equals(BigInteger.ONE)) {
        return candidate;
      }
    }
  }

  /**
   * A probable prime of exactly {@code bits} bits whose two top bits are set, so that the product
   * of two of them has exactly {@code 2 * bits} bits. The search starts at a uniform odd candidate
   * and takes the next probable prime (error probability below 2^-100), the usual incremental
   * search; its small bias towards primes after long gaps does not help factoring.
   */
  static BigInteger prime(int bits, RandomSource random) {
    byte[] buffer = new byte[(bits + 7) / 8];
    int excessBits = buffer.length * 8 - bits;
    while (true) {
      random.nextBytes(buffer);
      buffer[0] &= (byte) (0xff >>> excessBits);
      BigInteger candidate = new BigInteger(1, buffer).setBit(bits - 1).setBit(bits - 2).setBit(0);
      BigInteger prime = candidate.nextProbablePrime();
      if (prime.bitLength() == bits) {
        return prime;
      }
    }
  }
}
