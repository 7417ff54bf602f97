package org.cybervein.fl.vertical;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.random.RandomSource;

/**
 * Coordinator C's encryptions of zero, made ahead of the requests that take them: while A and B
 * work on one batch, C's share of the work for the next (two encryptions of zero per row, the
 * largest single cost of an encrypted epoch) runs on the same injected executor, instead of after
 * the request arrives with the parties waiting.
 *
 * <p><b>Same values as made on request.</b> Zero number k of the session is {@code
 * encryptZero(fromSeed(s_k))}, with {@code s_k} the k-th 32-byte seed drawn from C's random source
 * in order; requests take zeros in the order they arrive. Which thread computes a zero, and whether
 * ahead or on request, changes nothing: a session replays from its seed.
 *
 * <p><b>Bounded.</b> At most {@link #target()} zeros are kept ready or in the making beyond those
 * requested (twice the largest request times the parties that ask, capped at {@link #MAX_AHEAD}),
 * and at most {@link #WORKERS} tasks are on the executor at once, each making one zero and
 * resubmitting itself: on a shared first-in-first-out pool the parties' tasks wait behind at most
 * that many zeros. A request finds its zeros ready or computes the missing ones at once on the
 * executor, so a slow or rejecting executor costs speed, never progress. Each zero is handed out
 * once.
 *
 * <p><b>Threads.</b> {@link #take} is called by C's message handler; the workers run on the
 * executor. Every field is guarded by this object's lock, and the random source and the queue are
 * only touched under it; {@code encryptZero} runs outside it and must be thread-safe (the Paillier
 * and mock decryptors are immutable). A direct executor ({@code Runnable::run}) runs the workers on
 * the caller's thread, one after the other, without recursion.
 */
final class ZeroStock {
  /** Worker tasks on the executor at once. */
  static final int WORKERS = 2;

  /** The most zeros made ahead, whatever the requests. */
  static final int MAX_AHEAD = 4096;

  private final GradientDecryptor decryptor;
  private final RandomSource random;
  private final Executor executor;
  private final ArrayDeque<Zero> queue = new ArrayDeque<>();
  private int target;
  private int running;
  private int deferred;
  private final Set<Thread> draining = new HashSet<>();
  private boolean closed;
  private long made;

  private static final class Zero {
    final byte[] seed = new byte[32];
    final CompletableFuture<BigInteger> value = new CompletableFuture<>();
    boolean claimed;
  }

  ZeroStock(GradientDecryptor decryptor, RandomSource random, Executor executor) {
    this.decryptor = Objects.requireNonNull(decryptor, "decryptor");
    this.random = Objects.requireNonNull(random, "random");
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  /**
   * The next {@code count} zeros of the session, in order; afterwards the stock is refilled to
   * {@code min(MAX_AHEAD, 2 * aheadPerRound)} in the background.
   *
   * @param count how many zeros, at least 1
   * @param aheadPerRound how many zeros the parties ask for per batch, all together (the stock
   *     grows to twice the largest value seen)
   */
  BigInteger[] take(int count, int aheadPerRound) {
    List<Zero> taken = new ArrayList<>(count);
    List<Zero> mine = new ArrayList<>();
    synchronized (this) {
      target = Math.max(target, (int) Math.min(MAX_AHEAD, 2L * aheadPerRound));
      while (queue.size() < count) {
        queue.add(newZero());
      }
      for (int i = 0; i < count; i++) {
        Zero z = queue.poll();
        taken.add(z);
        if (!z.claimed) {
          z.claimed = true;
          mine.add(z);
        }
      }
    }
    // the zeros no worker has started: now, on the executor
    Parallel.map(executor, mine.size(), i -> make(mine.get(i)));
    BigInteger[] out = new BigInteger[count];
    for (int i = 0; i < count; i++) {
      // a claimed zero is being made by a running worker
      out[i] = taken.get(i).value.join();
    }
    refill();
    return out;
  }

  /** Stops making zeros ahead: the session is over. Zeros in the making are finished, unused. */
  synchronized void close() {
    closed = true;
    queue.clear();
  }

  /** The bound on zeros kept ahead, 0 until the first request. */
  synchronized int target() {
    return target;
  }

  /** Zeros made ready or in the making and not yet taken. */
  synchronized int ahead() {
    return queue.size();
  }

  /** Zeros computed so far, taken or not. */
  synchronized long made() {
    return made;
  }

  /** Draws the next seed in order; under the lock. */
  private Zero newZero() {
    Zero z = new Zero();
    random.nextBytes(z.seed);
    return z;
  }

  private BigInteger make(Zero z) {
    BigInteger value = decryptor.encryptZero(DeterministicRandom.fromSeed(z.seed));
    synchronized (this) {
      made++;
    }
    z.value.complete(value);
    return value;
  }

  /** Starts workers up to {@link #WORKERS} while the stock is short. */
  private void refill() {
    while (true) {
      synchronized (this) {
        if (closed || running >= WORKERS || !wanted()) {
          return;
        }
        running++;
      }
      submit();
    }
  }

  /** True if a worker has a zero to make; under the lock. */
  private boolean wanted() {
    if (queue.size() < target) {
      return true;
    }
    for (Zero z : queue) {
      if (!z.claimed) {
        return true;
      }
    }
    return false;
  }

  private void submit() {
    try {
      executor.execute(this::work);
    } catch (RejectedExecutionException e) {
      synchronized (this) {
        running--;
      }
    }
  }

  /**
   * One worker task: makes one zero, then hands the next to a fresh task, so that other work on the
   * executor gets its turn. On a direct executor the fresh task runs inside this one: it is
   * deferred to this loop instead of nesting.
   */
  private void work() {
    synchronized (this) {
      if (!draining.add(Thread.currentThread())) {
        deferred++;
        return;
      }
    }
    try {
      while (true) {
        Zero z;
        synchronized (this) {
          z = claimNext();
          if (z == null) {
            running--;
            return;
          }
        }
        make(z);
        // this task's place among the workers passes to a fresh task at the back of the queue
        submit();
        synchronized (this) {
          // on a direct executor the fresh task was deferred: it continues in this loop
          if (deferred == 0) {
            return;
          }
          deferred--;
        }
      }
    } finally {
      synchronized (this) {
        draining.remove(Thread.currentThread());
      }
    }
  }

  /** The first unclaimed zero, appending one if the stock is short; null if nothing is wanted. */
  private Zero claimNext() {
    if (closed) {
      return null;
    }
    for (Zero z : queue) {
      if (!z.claimed) {
        z.claimed = true;
        return z;
      }
    }
    if (queue.size() >= target) {
      return null;
    }
    Zero z = newZero();
    z.claimed = true;
    queue.add(z);
    return z;
  }
}
