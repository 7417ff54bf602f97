package org.cybervein.fl.vertical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.random.RandomSource;
import org.junit.jupiter.api.Test;

/** C's zeros made ahead: the values made on request, each once, and a bounded stock. */
class ZeroStockTest {
  /** Each "zero" is the first 32 bytes of its random stream: distinct seeds, distinct values. */
  private static final class Recording implements GradientDecryptor {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public GradientCipher publicKey() {
      throw new UnsupportedOperationException();
    }

    @Override
    public BigInteger encryptZero(RandomSource random) {
      calls.incrementAndGet();
      byte[] b = new byte[32];
      random.nextBytes(b);
      return new BigInteger(1, b);
    }

    @Override
    public BigInteger decrypt(BigInteger ciphertext) {
      throw new UnsupportedOperationException();
    }
  }

  /** What C handed out before the stock: the k-th zero from the k-th seed, made on request. */
  private static List<BigInteger> onRequest(long seed, int count) {
    DeterministicRandom random = DeterministicRandom.fromSeed(seed);
    Recording decryptor = new Recording();
    List<BigInteger> out = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      byte[] s = new byte[32];
      random.nextBytes(s);
      out.add(decryptor.encryptZero(DeterministicRandom.fromSeed(s)));
    }
    return out;
  }

  @Test
  void handsOutTheZerosMadeOnRequestEachOnceWhateverTheThreads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      Recording decryptor = new Recording();
      ZeroStock stock = new ZeroStock(decryptor, DeterministicRandom.fromSeed(42L), pool);
      List<BigInteger> got = new ArrayList<>();
      int[] requests = {10, 7, 30, 1, 64, 66, 64, 66, 3};
      for (int count : requests) {
        for (BigInteger z : stock.take(count, 130)) {
          got.add(z);
        }
        Thread.sleep(2); // let the workers run ahead between requests
      }
      assertEquals(onRequest(42L, got.size()), got);
      assertEquals(got.size(), new HashSet<>(got).size(), "a zero was handed out twice");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void makesAtMostTwiceARoundAheadAndStopsWhenClosed() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Recording decryptor = new Recording();
      ZeroStock stock = new ZeroStock(decryptor, DeterministicRandom.fromSeed(1L), pool);
      assertEquals(0, stock.take(5, 10).length - 5);
      assertEquals(20, stock.target());
      awaitStable(decryptor);
      assertEquals(20, stock.ahead());
      assertEquals(5 + 20, decryptor.calls.get());
      stock.take(8, 10);
      awaitStable(decryptor);
      assertEquals(5 + 8 + 20, decryptor.calls.get(), "refilled to the bound, not beyond");
      stock.close();
      stock.take(4, 10);
      awaitStable(decryptor);
      assertEquals(5 + 8 + 20 + 4, decryptor.calls.get(), "nothing made ahead once closed");
      assertEquals(0, stock.ahead());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aDirectExecutorFillsTheStockInALoopNotByRecursion() {
    Recording decryptor = new Recording();
    ZeroStock stock = new ZeroStock(decryptor, DeterministicRandom.fromSeed(3L), Runnable::run);
    List<BigInteger> got = new ArrayList<>();
    for (BigInteger z : stock.take(3, ZeroStock.MAX_AHEAD)) {
      got.add(z);
    }
    // on the caller's thread: the stock is full when take returns
    assertEquals(ZeroStock.MAX_AHEAD, stock.ahead());
    assertEquals(3 + ZeroStock.MAX_AHEAD, decryptor.calls.get());
    for (BigInteger z : stock.take(ZeroStock.MAX_AHEAD + 2, 1)) {
      got.add(z);
    }
    assertEquals(onRequest(3L, got.size()), got);
  }

  /** Waits until the workers have stopped making zeros (no call for a while). */
  private static void awaitStable(Recording decryptor) throws InterruptedException {
    int last = -1;
    for (int quiet = 0; quiet < 5; ) {
      Thread.sleep(20);
      int now = decryptor.calls.get();
      quiet = now == last ? quiet + 1 : 0;
      last = now;
    }
    assertTrue(last >= 0);
  }
}
