package org.cybervein.storageproofs.por;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.crypto.Cipher;

/**
 * A keyed pseudorandom permutation of {@code [0, size)}: where the sentinel POR puts each block of
 * the stored file, so that sentinels cannot be told from data and a codeword's bytes end up far
 * apart.
 *
 * <p>A balanced Feistel network of {@value #ROUNDS} rounds (Luby-Rackoff: four rounds with a PRF
 * give a strong pseudorandom permutation) on {@code 2h}-bit values, {@code 2^(2h)} the smallest
 * even power of two at least {@code size} (and at least 4); values that land outside {@code [0,
 * size)} are permuted again (cycle walking), which keeps the result a permutation of {@code [0,
 * size)}. The round function is {@code F_r(x) = AES_k(r || x)} truncated to {@code h} bits, with
 * {@code r} the round number in the block's first byte and {@code x} in its last eight bytes,
 * big-endian. Evaluations are batched, one AES call per round for all pending values.
 *
 * <p>A round function only ever sees {@code h}-bit inputs, so it has {@code 2^h} values per round
 * (512 for a 1 MiB file, where {@code h = 9}). When many inputs are permuted at once (a whole
 * encoding), the {@value #ROUNDS} rounds are tabulated with {@code ROUNDS * 2^h} AES blocks, and
 * the network and its cycle walking become table look-ups; the result is the same permutation,
 * which otherwise costs {@value #ROUNDS} AES blocks per walking step (about {@code 4 * 2^(2h)}
 * blocks for all of {@code [0, size)}).
 *
 * <p>Not thread-safe (it keeps one initialized cipher); make one per use. The executor overload of
 * {@link #apply(long[], Executor, int)} shares only the finished round tables between its jobs.
 */
final class KeyedPermutation {
  static final int ROUNDS = 4;

  /** Tables of up to 2^20 entries per round (16 MiB of AES input); in-memory files need 14 bits. */
  private static final int MAX_TABLE_BITS = 20;

  /** Below this many inputs per job, handing work to another thread costs more than it saves. */
  private static final int MIN_TASK_INPUTS = 4096;

  private static final VarHandle BIG_ENDIAN_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final Cipher prf;
  private final long size;
  private final int halfBits;
  private final long halfMask;

  KeyedPermutation(byte[] key, long size) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be positive, got " + size);
    }
    if (size > 1L << 60) {
      throw new IllegalArgumentException("size above 2^60");
    }
    this.prf = BlockCipher.ecb(key);
    this.size = size;
    int bits = Math.max(2, 64 - Long.numberOfLeadingZeros(size - 1));
    this.halfBits = (bits + 1) / 2;
    this.halfMask = (1L << halfBits) - 1;
  }

  long size() {
    return size;
  }

  /** The images of {@code inputs}, each in {@code [0, size)}. */
  long[] apply(long[] inputs) {
    return apply(inputs, Runnable::run, 1);
  }

  /**
   * The images of {@code inputs}; when the rounds are tabulated, the look-ups run as {@code tasks}
   * jobs on {@code executor} (the table is read-only by then, so the jobs share it).
   */
  long[] apply(long[] inputs, Executor executor, int tasks) {
    if (tasks < 1) {
      throw new IllegalArgumentException("tasks must be positive, got " + tasks);
    }
    long[] values = inputs.clone();
    for (long v : values) {
      if (v < 0 || v >= size) {
        throw new IllegalArgumentException("input " + v + " outside [0, " + size + ")");
      }
    }
    return permute(values, executor, tasks);
  }

  /**
   * The images of {@code from, from + 1, .., from + count - 1}, as {@link #apply(long[], Executor,
   * int)} computes them, without a separate array of inputs.
   */
  long[] applyToRange(long from, int count, Executor executor, int tasks) {
    if (tasks < 1) {
      throw new IllegalArgumentException("tasks must be positive, got " + tasks);
    }
    if (from < 0 || count < 0 || from > size - count) {
      throw new IllegalArgumentException(
          "range [" + from + ", " + from + " + " + count + ") outside [0, " + size + ")");
    }
    long[] values = new long[count];
    for (int i = 0; i < count; i++) {
      values[i] = from + i;
    }
    return permute(values, executor, tasks);
  }

  /** Replaces valid inputs by their images. */
  private long[] permute(long[] values, Executor executor, int tasks) {
    // Tabulating costs ROUNDS * 2^h blocks; evaluating directly at least ROUNDS per input.
    if (halfBits > MAX_TABLE_BITS || (1L << halfBits) > 4L * values.length) {
      return applyDirect(values);
    }
    int[] table = roundTable();
    int chunks = Math.min(tasks, Math.max(1, values.length / MIN_TASK_INPUTS));
    if (chunks == 1) {
      applyTabulated(table, values, 0, values.length);
      return values;
    }
    int per = (values.length + chunks - 1) / chunks;
    List<CompletableFuture<Void>> running = new ArrayList<>();
    for (int from = 0; from < values.length; from += per) {
      int start = from;
      int end = Math.min(values.length, from + per);
      running.add(
          CompletableFuture.runAsync(() -> applyTabulated(table, values, start, end), executor));
    }
    CompletableFuture.allOf(running.toArray(new CompletableFuture<?>[0])).join();
    return values;
  }

  /** {@link #apply(long[])} without the round tables, for tests comparing both ways. */
  long[] applyDirect(long[] inputs) {
    long[] values = inputs.clone();
    int[] pending = new int[values.length];
    for (int i = 0; i < pending.length; i++) {
      pending[i] = i;
    }
    int count = pending.length;
    while (count > 0) {
      feistel(values, pending, count);
      int still = 0;
      for (int k = 0; k < count; k++) {
        if (values[pending[k]] >= size) {
          pending[still++] = pending[k];
        }
      }
      count = still;
    }
    return values;
  }

  /**
   * Walks two values at a time: one walk is a chain of dependent look-ups, and two independent
   * chains let the processor overlap their loads.
   */
  private void applyTabulated(int[] table, long[] values, int from, int to) {
    int k = from;
    for (; k + 1 < to; k += 2) {
      long a = network(table, values[k]);
      long b = network(table, values[k + 1]);
      while (a >= size || b >= size) {
        if (a >= size) {
          a = network(table, a);
        }
        if (b >= size) {
          b = network(table, b);
        }
      }
      values[k] = a;
      values[k + 1] = b;
    }
    if (k < to) {
      long a = network(table, values[k]);
      while (a >= size) {
        a = network(table, a);
      }
      values[k] = a;
    }
  }

  /** One pass of the Feistel network on the tabulated rounds. */
  private long network(int[] table, long v) {
    int left = (int) (v >>> halfBits);
    int right = (int) (v & halfMask);
    for (int r = 0; r < ROUNDS; r++) {
      int next = left ^ table[(r << halfBits) + right];
      left = right;
      right = next;
    }
    return ((long) left << halfBits) | right;
  }

  /** {@code F_r(x)} at index {@code r * 2^h + x}, from one AES call over all rounds and inputs. */
  private int[] roundTable() {
    int half = 1 << halfBits;
    byte[] blocks = new byte[ROUNDS * half * BlockCipher.BLOCK];
    for (int r = 0; r < ROUNDS; r++) {
      for (int x = 0; x < half; x++) {
        int o = (r * half + x) * BlockCipher.BLOCK;
        blocks[o] = (byte) r;
        BIG_ENDIAN_LONG.set(blocks, o + 8, (long) x);
      }
    }
    byte[] out = BlockCipher.encryptBlocks(prf, blocks);
    int[] table = new int[ROUNDS * half];
    for (int i = 0; i < table.length; i++) {
      table[i] = (int) ((long) BIG_ENDIAN_LONG.get(out, i * BlockCipher.BLOCK) & halfMask);
    }
    return table;
  }

  /** The image of one input. */
  long apply(long input) {
    return apply(new long[] {input})[0];
  }

  private void feistel(long[] values, int[] pending, int count) {
    long[] left = new long[count];
    long[] right = new long[count];
    for (int k = 0; k < count; k++) {
      long v = values[pending[k]];
      left[k] = v >>> halfBits;
      right[k] = v & halfMask;
    }
    byte[] blocks = new byte[count * BlockCipher.BLOCK];
    for (int r = 0; r < ROUNDS; r++) {
      for (int k = 0; k < count; k++) {
        int o = k * BlockCipher.BLOCK;
        blocks[o] = (byte) r;
        long x = right[k];
        for (int b = 0; b < 8; b++) {
          blocks[o + 8 + b] = (byte) (x >>> (56 - 8 * b));
        }
      }
      byte[] out = BlockCipher.encryptBlocks(prf, blocks);
      for (int k = 0; k < count; k++) {
        int o = k * BlockCipher.BLOCK;
        long f = 0;
        for (int b = 0; b < 8; b++) {
          f = (f << 8) | (out[o + b] & 0xff);
        }
        long next = left[k] ^ (f & halfMask);
        left[k] = right[k];
        right[k] = next;
      }
    }
    for (int k = 0; k < count; k++) {
      values[pending[k]] = (left[k] << halfBits) | right[k];
    }
  }
}
