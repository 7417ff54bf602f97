package org.cybervein.crypto.he;

import java.math.BigInteger;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.cybervein.api.random.RandomSource;

/**
 * A pool of precomputed random factors {@code r^n mod n^2}, the expensive part of a Paillier
 * encryption, computed ahead of need on an executor the host injects (this class never creates a
 * thread). Each value is handed out once.
 *
 * <p>On creation and after each {@link #take()} the pool schedules tasks on the executor until
 * {@code available + scheduled = capacity}. {@link #take()} never waits: when the pool is empty it
 * computes a factor on the calling thread, so a slow or saturated executor costs speed, never
 * progress. An executor that rejects a task is tolerated the same way.
 *
 * <p>With an executor, the order in which random bytes are drawn depends on scheduling, so
 * ciphertexts are not replayable from a seed; tests that need replay use a direct executor ({@code
 * Runnable::run}) or no pool.
 */
public final class RandomnessPool {
  private final PaillierPublicKey publicKey;
  private final NthResidueSource source;
  private final Executor executor;
  private final int capacity;
  private final ConcurrentLinkedQueue<BigInteger> ready = new ConcurrentLinkedQueue<>();
  private final AtomicInteger readyOrScheduled = new AtomicInteger();

  private RandomnessPool(
      PaillierPublicKey publicKey, NthResidueSource source, Executor executor, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, got " + capacity);
    }
    this.publicKey = publicKey;
    this.source = source;
    this.executor = Objects.requireNonNull(executor, "executor");
    this.capacity = capacity;
  }

  /**
   * A pool of {@code capacity} factors for a public key, each {@code r.modPow(n, n^2)}, filled on
   * {@code executor}. Filling starts at once.
   *
   * @param publicKey the key the factors are for
   * @param random the source of r; must be cryptographically strong outside tests
   * @param executor runs the background filling
   * @param capacity the number of factors kept ready, at least 1
   * @return the pool, already filling
   */
  public static RandomnessPool create(
      PaillierPublicKey publicKey, RandomSource random, Executor executor, int capacity) {
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(random, "random");
    BigInteger n = publicKey.modulus();
    BigInteger nSquared = publicKey.modulusSquared();
    RandomnessPool pool =
        new RandomnessPool(
            publicKey,
            () -> Sampling.unitModulo(n, random).modPow(n, nSquared),
            executor,
            capacity);
    pool.refill();
    return pool;
  }

  /**
   * A pool for the owner of the private key, computing factors through the factorisation (see
   * {@link PaillierEncryptor#withPrivateKey}). Filling starts at once.
   *
   * @param privateKey the private key, whose factorisation speeds up {@code r^n}
   * @param random the source of r; must be cryptographically strong outside tests
   * @param executor runs the background filling
   * @param capacity the number of factors kept ready, at least 1
   * @return the pool, already filling
   */
  public static RandomnessPool createWithPrivateKey(
      PaillierPrivateKey privateKey, RandomSource random, Executor executor, int capacity) {
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(random, "random");
    RandomnessPool pool =
        new RandomnessPool(
            privateKey.publicKey(), () -> privateKey.randomNthResidue(random), executor, capacity);
    pool.refill();
    return pool;
  }

  /**
   * The key the factors belong to.
   *
   * @return the key the factors belong to
   */
  public PaillierPublicKey publicKey() {
    return publicKey;
  }

  /**
   * The number of factors the pool keeps ready or scheduled.
   *
   * @return the pool's capacity, fixed at creation
   */
  public int capacity() {
    return capacity;
  }

  /**
   * The number of factors computed and not yet taken.
   *
   * @return the count of factors ready to take without waiting, from 0 to {@link #capacity()}
   */
  public int available() {
    return ready.size();
  }

  /** Schedules computations on the executor until ready plus scheduled factors reach capacity. */
  public void refill() {
    while (true) {
      int current = readyOrScheduled.get();
      if (current >= capacity) {
        return;
      }
      if (!readyOrScheduled.compareAndSet(current, current + 1)) {
        continue;
      }
      try {
        executor.execute(
            () -> {
              try {
                ready.add(source.next());
              } catch (RuntimeException e) {
                readyOrScheduled.decrementAndGet();
                throw e;
              }
            });
      } catch (RejectedExecutionException e) {
        readyOrScheduled.decrementAndGet();
        return;
      }
    }
  }

  /** A fresh factor: a precomputed one if any, else one computed on the calling thread. */
  BigInteger take() {
    BigInteger value = ready.poll();
    if (value == null) {
      value = source.next();
    } else {
      readyOrScheduled.decrementAndGet();
    }
    refill();
    return value;
  }

  @Override
  public String toString() {
    return "RandomnessPool[" + publicKey + ", available=" + available() + "/" + capacity + "]";
  }
}
