package org.cybervein.fl.vertical;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.IntFunction;

/**
 * Runs independent ciphertext operations on the host's executor and waits for all of them. The
 * result depends only on the inputs, not on the executor or the order tasks run in: randomness is
 * drawn by the caller before the fan-out.
 */
final class Parallel {
  private static final int CHUNKS = 16;

  private Parallel() {}

  static BigInteger[] map(Executor executor, int count, IntFunction<BigInteger> task) {
    BigInteger[] out = new BigInteger[count];
    if (count == 0) {
      return out;
    }
    int chunks = Math.min(CHUNKS, count);
    List<CompletableFuture<Void>> futures = new ArrayList<>(chunks);
    for (int c = 0; c < chunks; c++) {
      int from = (int) ((long) count * c / chunks);
      int to = (int) ((long) count * (c + 1) / chunks);
      futures.add(
          CompletableFuture.runAsync(
              () -> {
                for (int i = from; i < to; i++) {
                  out[i] = task.apply(i);
                }
              },
              executor));
    }
    try {
      CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
    return out;
  }
}
