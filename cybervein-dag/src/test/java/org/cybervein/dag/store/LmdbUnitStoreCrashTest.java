package org.cybervein.dag.store;

import static org.cybervein.dag.testing.TestUnits.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeSet;
import org.cybervein.api.Hash;
import org.cybervein.dag.unit.UnitStatus;
import org.cybervein.store.lmdb.LmdbKeyValueStore;
import org.cybervein.testing.ChildJvm;
import org.cybervein.testing.PropertyRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM killed while appending units loses no acknowledged batch, applies no batch in part,
 * and the reopened store answers from its stored indexes.
 */
class LmdbUnitStoreCrashTest {
  @TempDir Path dir;
  private final Random delays = new Random(PropertyRuns.seed());

  @Test
  @Timeout(180)
  void killedWriterKeepsEveryAcknowledgedLayerAndNoPartOfAnother() throws Exception {
    long afterFirst =
        check(
            ChildJvm.runAndKill(CrashingUnitWriter.class, 40, delays.nextInt(40), dir.toString()));
    long afterSecond =
        check(
            ChildJvm.runAndKill(CrashingUnitWriter.class, 40, delays.nextInt(40), dir.toString()));
    assertTrue(afterSecond >= afterFirst + 40, "the second run continued the first");
  }

  /** Checks the store after a kill; returns its last layer. */
  private long check(int lastAcknowledged) {
    try (KeyValueUnitStore store = KeyValueUnitStore.open(LmdbKeyValueStore.open(dir))) {
      OptionalLong lastSeq = store.lastSequence(key(0).publicKey());
      long last = lastSeq.orElseThrow();
      assertTrue(last >= lastAcknowledged, "acknowledged layer " + lastAcknowledged + " lost");
      int n = CrashingUnitWriter.AUTHORS;
      for (int a = 0; a < n; a++) {
        assertEquals(lastSeq, store.lastSequence(key(a).publicKey()), "layer torn at author " + a);
      }
      assertEquals((last + 1) * n, store.size());
      assertEquals(OptionalLong.of(last), store.lastCheckpoint());
      // The last layer is exactly the tips, still SOLID; all earlier layers are CERTIFIED.
      List<Hash> lastLayer = new ArrayList<>();
      for (int a = 0; a < n; a++) {
        List<Hash> at = store.unitsAt(key(a).publicKey(), last);
        assertEquals(1, at.size());
        lastLayer.add(at.get(0));
        assertEquals(List.of(), store.unitsAt(key(a).publicKey(), last + 1));
      }
      assertEquals(List.copyOf(new TreeSet<>(lastLayer)), store.tips());
      assertEquals(List.copyOf(new TreeSet<>(lastLayer)), store.withStatus(UnitStatus.SOLID));
      assertEquals(last * n, store.withStatus(UnitStatus.CERTIFIED).size());
      for (Hash tip : lastLayer) {
        assertEquals(OptionalLong.of(last + 1), store.height(tip));
        for (Hash parent : store.unit(tip).orElseThrow().body().parents()) {
          assertTrue(store.children(parent).contains(tip), "child index of " + parent);
          if (last > 0) {
            assertEquals(UnitStatus.CERTIFIED, store.status(parent).orElseThrow());
          }
        }
      }
      assertEquals(List.of(), store.equivocators());
      return last;
    }
  }
}
