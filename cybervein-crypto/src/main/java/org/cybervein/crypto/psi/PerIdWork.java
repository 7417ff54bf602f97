package org.cybervein.crypto.psi;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.IntFunction;
import org.cybervein.crypto.InvalidCryptoInputException;

/**
 * Runs the per-id exponentiations of a PSI round on an injected executor, in chunks of {@value
 * #CHUNK} ids, and waits for them: the caller's thread blocks, the executor's threads compute. With
 * {@code Runnable::run} everything happens on the caller's thread, in order.
 */
final class PerIdWork {
  /** Ids per task: large enough that scheduling is negligible, small enough to balance cores. */
  static final int CHUNK = 256;

  private PerIdWork() {}

  /** One id's work; may refuse peer input. */
  interface Step {
    byte[] apply(int index) throws InvalidCryptoInputException;
  }

  /** {@code step(0) .. step(count - 1)} of steps on own data, which refuse nothing. */
  static byte[][] mapOwn(int count, Executor executor, IntFunction<byte[]> step) {
    try {
      return map(count, executor, step::apply);
    } catch (InvalidCryptoInputException e) {
      throw new IllegalStateException("own data refused", e);
    }
  }

  /** One id's work whose outcome the step stores itself (e.g. into its slice of an array). */
  interface Effect {
    void apply(int index) throws InvalidCryptoInputException;
  }

  /**
   * Starts {@code step(0) .. step(count - 1)} on the executor in chunks of {@value #CHUNK} and
   * returns at once: one future per chunk, chunk c covering ids {@code c * CHUNK ..}. A refusal
   * completes its chunk's future exceptionally with a {@link CompletionException} around it.
   */
  static List<CompletableFuture<Void>> start(int count, Executor executor, Effect step) {
    List<CompletableFuture<Void>> tasks = new ArrayList<>((count + CHUNK - 1) / CHUNK);
    for (int from = 0; from < count; from += CHUNK) {
      int start = from;
      int end = Math.min(count, from + CHUNK);
      tasks.add(
          CompletableFuture.runAsync(
              () -> {
                try {
                  for (int i = start; i < end; i++) {
                    step.apply(i);
                  }
                } catch (InvalidCryptoInputException e) {
                  throw new CompletionException(e);
                }
              },
              executor));
    }
    return tasks;
  }

  /**
   * {@code step(0) .. step(count - 1)}, in index order.
   *
   * @throws InvalidCryptoInputException the refusal of the lowest-indexed chunk that refused
   */
  static byte[][] map(int count, Executor executor, Step step) throws InvalidCryptoInputException {
    byte[][] out = new byte[count][];
    await(start(count, executor, i -> out[i] = step.apply(i)));
    return out;
  }

  /**
   * Waits for every task.
   *
   * @throws InvalidCryptoInputException the refusal of the lowest-indexed task that refused, once
   *     all have ended
   */
  static void await(List<CompletableFuture<Void>> tasks) throws InvalidCryptoInputException {
    for (CompletableFuture<Void> task : tasks) {
      try {
        task.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof InvalidCryptoInputException refusal) {
          // Let the other chunks finish: none of them writes anywhere but into its own slice.
          CompletableFuture.allOf(tasks.toArray(new CompletableFuture<?>[0]))
              .exceptionally(t -> null)
              .join();
          throw refusal;
        }
        throw e;
      }
    }
  }
}
