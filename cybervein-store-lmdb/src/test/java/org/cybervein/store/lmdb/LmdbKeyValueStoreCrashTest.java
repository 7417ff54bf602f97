package org.cybervein.store.lmdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.cybervein.api.Bytes;
import org.cybervein.api.store.KeyRange;
import org.cybervein.api.store.KeyValue;
import org.cybervein.api.store.KeyValueStore;
import org.cybervein.testing.ChildJvm;
import org.cybervein.testing.PropertyRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A child JVM killed in the middle of writing loses no acknowledged batch and tears none. */
class LmdbKeyValueStoreCrashTest {
  @TempDir Path dir;
  private final Random delays = new Random(PropertyRuns.seed());

  @Test
  @Timeout(120)
  void killedWriterKeepsEveryAcknowledgedBatchWholeAndNoBatchHalfApplied() throws Exception {
    // Two runs in the same directory: the second continues a store the first left killed.
    int afterFirst =
        checkStore(
            ChildJvm.runAndKill(
                CrashingBatchWriter.class, 150, delays.nextInt(40), dir.toString()));
    int afterSecond =
        checkStore(
            ChildJvm.runAndKill(
                CrashingBatchWriter.class, 150, delays.nextInt(40), dir.toString()));
    assertTrue(afterSecond >= afterFirst + 150, "the second run continued the first");
  }

  /** Checks the store after a kill; returns the last batch found. */
  private int checkStore(int lastAcknowledged) {
    try (LmdbKeyValueStore store = LmdbKeyValueStore.open(dir)) {
      Bytes a = store.get(CrashingBatchWriter.COUNTER_A).orElseThrow();
      assertEquals(Optional.of(a), store.get(CrashingBatchWriter.COUNTER_B), "counters torn");
      int last = CrashingBatchWriter.toInt(a, 0);
      assertTrue(
          last >= lastAcknowledged,
          "acknowledged batch " + lastAcknowledged + " lost; store ends at " + last);
      // Every batch in the store is whole, and the batches present are exactly 0..last.
      TreeMap<Integer, Integer> keysPerBatch = new TreeMap<>();
      try (KeyValueStore.Scan scan = store.scan(KeyRange.prefix(Bytes.utf8("k")))) {
        while (scan.hasNext()) {
          KeyValue kv = scan.next();
          int n = CrashingBatchWriter.toInt(kv.key(), 1);
          assertEquals(CrashingBatchWriter.value(n), kv.value(), "value of batch " + n);
          keysPerBatch.merge(n, 1, Integer::sum);
        }
      }
      for (int n = 0; n <= last; n++) {
        assertEquals(
            CrashingBatchWriter.KEYS_PER_BATCH,
            keysPerBatch.getOrDefault(n, 0),
            "keys of batch " + n + " (last " + last + ")");
      }
      assertEquals(
          last, (int) keysPerBatch.lastKey(), "a batch beyond the counters was partly applied");
      return last;
    }
  }
}
