package org.cybervein.store.lmdb;

import java.nio.file.Path;
import org.cybervein.api.Bytes;
import org.cybervein.api.store.WriteBatch;

/**
 * The child process of {@link LmdbKeyValueStoreCrashTest}: writes numbered batches to a store until
 * it is killed, continuing after the last batch in the store, and prints {@code ack <n>} after
 * batch {@code n} returned.
 *
 * <p>Batch {@code n} puts {@link #KEYS_PER_BATCH} keys {@code n || j} whose values name {@code n},
 * and overwrites the two counters {@code A} and {@code B} with {@code n}: a batch applied in part
 * shows as a batch with missing keys or as counters that differ.
 */
public final class CrashingBatchWriter {
  static final int KEYS_PER_BATCH = 16;
  static final Bytes COUNTER_A = Bytes.utf8("A");
  static final Bytes COUNTER_B = Bytes.utf8("B");

  private CrashingBatchWriter() {}

  /** Args: the store directory. */
  public static void main(String[] args) {
    try (LmdbKeyValueStore store = LmdbKeyValueStore.open(Path.of(args[0]))) {
      // Continue after the last batch a killed predecessor committed.
      int first = store.get(COUNTER_A).map(c -> toInt(c, 0) + 1).orElse(0);
      for (int n = first; ; n++) {
        store.write(batch(n));
        System.out.println("ack " + n);
        System.out.flush();
      }
    }
  }

  static WriteBatch batch(int n) {
    WriteBatch.Builder batch = WriteBatch.builder();
    Bytes value = value(n);
    for (int j = 0; j < KEYS_PER_BATCH; j++) {
      batch.put(key(n, j), value);
    }
    Bytes counter = Bytes.of(int4(n));
    return batch.put(COUNTER_A, counter).put(COUNTER_B, counter).build();
  }

  static Bytes key(int n, int j) {
    byte[] k = new byte[6];
    k[0] = 'k';
    System.arraycopy(int4(n), 0, k, 1, 4);
    k[5] = (byte) j;
    return Bytes.of(k);
  }

  /** A value of a few hundred bytes, so that a batch spans several pages. */
  static Bytes value(int n) {
    byte[] v = new byte[600];
    for (int i = 0; i < v.length; i += 4) {
      System.arraycopy(int4(n), 0, v, i, 4);
    }
    return Bytes.of(v);
  }

  static int toInt(Bytes b, int offset) {
    return ((b.byteAt(offset) & 0xff) << 24)
        | ((b.byteAt(offset + 1) & 0xff) << 16)
        | ((b.byteAt(offset + 2) & 0xff) << 8)
        | (b.byteAt(offset + 3) & 0xff);
  }

  static byte[] int4(int n) {
    return new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
  }
}
