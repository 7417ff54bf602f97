package org.cybervein.storageproofs.pospace;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.crypto.hash.HashFunction;

/**
 * The challenges c_1 .. c_k of Algorithms 2 and 3, derived by Fiat-Shamir from the commitment and a
 * public seed (e.g. a block hash the prover could not know when it committed), never chosen by the
 * prover.
 *
 * <h2>Derivation</h2>
 *
 * For counter {@code j = 0, 1, 2, ...} compute the 32-byte block
 *
 * <pre>
 *   B_j = SHA-256 tagged with kind.challengeTag() of
 *         gamma (32 bytes) || u64be(n) || u32be(len(seed)) || seed || u64be(j)
 * </pre>
 *
 * (tagged-hash layout in {@code DomainTag}) and read it as four big-endian unsigned 64-bit words.
 * Each word x gives a candidate {@code r = x >>> 1} in {@code [0, 2^63)}; r is accepted if {@code r
 * < 2^63 - (2^63 mod n)} (rejection sampling, so every node is equally likely) and then gives the
 * challenge {@code r mod n}. Words are consumed in order until k challenges are accepted. The
 * challenges are independent and uniform, with repetition allowed.
 *
 * <h2>How many challenges</h2>
 *
 * A prover that keeps only a fraction {@code 1 - delta} of the labels and answers only from what it
 * keeps passes k independent uniform challenges with probability {@code (1 - delta)^k}. For a
 * soundness error of {@code 2^-lambda} that gives {@code k = ceil(lambda ln 2 / -ln(1 - delta))}
 * ({@link #requiredCount(int, double)}): 264 challenges for delta = 0.1 and lambda = 40.
 */
public final class Challenges {
  /** The most challenges a proof may answer (and a decoder accepts). */
  public static final int MAX_CHALLENGES = 4096;

  /** The longest public seed accepted. */
  public static final int MAX_SEED_SIZE = 256;

  private Challenges() {}

  /**
   * The k challenges of a proof of this kind against this commitment and seed.
   *
   * @param kind commit or storage challenges, each hashed under its own tag
   * @param commitment the prover's commitment, whose gamma and n the challenges depend on
   * @param seed the public randomness of the round, at most {@link #MAX_SEED_SIZE} bytes
   * @param k the number of challenges, from 1 to {@link #MAX_CHALLENGES}
   * @return the k challenged node indices in {@code [0, n)}, in derivation order (repeats possible)
   * @throws IllegalArgumentException if k is not in {@code [1, MAX_CHALLENGES]} or the seed is
   *     longer than {@link #MAX_SEED_SIZE}
   */
  public static List<Long> derive(ProofKind kind, SpaceCommitment commitment, Bytes seed, int k) {
    Objects.requireNonNull(commitment, "commitment");
    return derive(kind, commitment.gamma(), commitment.nodeCount(), seed, k);
  }

  /**
   * The k challenges in {@code [0, n)} for a commitment gamma to n labels; see the class
   * documentation for the exact derivation.
   *
   * @param kind commit or storage challenges
   * @param gamma the Merkle root over the labels
   * @param n the number of labels, at least 1
   * @param seed the public randomness of the round, at most {@link #MAX_SEED_SIZE} bytes
   * @param k the number of challenges, from 1 to {@link #MAX_CHALLENGES}
   * @return the k challenged node indices in {@code [0, n)}, in derivation order
   * @throws IllegalArgumentException if k is not in {@code [1, MAX_CHALLENGES]}, n is below 1 or
   *     the seed is longer than {@link #MAX_SEED_SIZE}
   */
  public static List<Long> derive(ProofKind kind, Hash gamma, long n, Bytes seed, int k) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(gamma, "gamma");
    Objects.requireNonNull(seed, "seed");
    if (k < 1 || k > MAX_CHALLENGES) {
      throw new IllegalArgumentException(
          "challenge count must be in [1, " + MAX_CHALLENGES + "], got " + k);
    }
    if (n < 1) {
      throw new IllegalArgumentException("node count must be positive, got " + n);
    }
    if (seed.size() > MAX_SEED_SIZE) {
      throw new IllegalArgumentException(
          "seed must be at most " + MAX_SEED_SIZE + " bytes, got " + seed.size());
    }
    ByteBuffer input = ByteBuffer.allocate(Hash.SIZE + 8 + 4 + seed.size() + 8);
    input.put(gamma.toByteArray()).putLong(n).putInt(seed.size()).put(seed.toByteArray());
    int counterAt = input.position();
    // 2^63 mod n, computed without 2^63: (2^63 - 1) mod n, plus one, mod n.
    long rejectFrom = Long.MAX_VALUE - (Long.MAX_VALUE % n + 1) % n; // accept r <= this
    List<Long> out = new ArrayList<>(k);
    for (long j = 0; out.size() < k; j++) {
      input.putLong(counterAt, j);
      ByteBuffer block =
          ByteBuffer.wrap(
              HashFunction.SHA256.hash(kind.challengeTag(), input.array()).toByteArray());
      for (int w = 0; w < 4 && out.size() < k; w++) {
        long r = block.getLong() >>> 1;
        if (r <= rejectFrom) {
          out.add(r % n);
        }
      }
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * The number of challenges k that a prover keeping only {@code 1 - delta} of the labels passes
   * with probability at most {@code 2^-securityBits}: {@code ceil(securityBits ln 2 / -ln(1 -
   * delta))}.
   *
   * @param securityBits the soundness target in bits, from 1 to 256
   * @param delta the fraction of labels a cheating prover discards, in (0, 1)
   * @return the smallest k reaching the target
   * @throws IllegalArgumentException if securityBits is not in [1, 256], delta not in (0, 1), or
   *     the count exceeds {@link #MAX_CHALLENGES}
   */
  public static int requiredCount(int securityBits, double delta) {
    if (securityBits < 1 || securityBits > 256) {
      throw new IllegalArgumentException("security bits must be in [1, 256], got " + securityBits);
    }
    if (!(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException("delta must be in (0, 1), got " + delta);
    }
    double k = Math.ceil(securityBits * Math.log(2) / -Math.log1p(-delta));
    if (k > MAX_CHALLENGES) {
      throw new IllegalArgumentException(
          "delta " + delta + " needs " + (long) k + " challenges, above " + MAX_CHALLENGES);
    }
    return (int) k;
  }

  /**
   * The probability {@code (1 - delta)^k} that a prover missing a fraction delta passes.
   *
   * @param delta the fraction of labels the prover is missing, in [0, 1]
   * @param k the number of challenges, zero or more
   * @return the pass probability, in [0, 1]
   * @throws IllegalArgumentException if {@code delta} is outside [0, 1] or {@code k} is negative
   */
  public static double passProbability(double delta, int k) {
    if (!(delta >= 0 && delta <= 1) || k < 0) {
      throw new IllegalArgumentException("need delta in [0, 1] and k >= 0");
    }
    return Math.pow(1 - delta, k);
  }
}
