package org.cybervein.store.lmdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.cybervein.api.Bytes;
import org.cybervein.api.store.KeyRange;
import org.cybervein.api.store.KeyValue;
import org.cybervein.api.store.KeyValueStore;
import org.cybervein.api.store.StoreException;
import org.cybervein.api.store.WriteBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;

/** What the LMDB store adds to the contract: persistence, self-check, map growth, closing. */
class LmdbKeyValueStoreTest {
  @TempDir Path dir;

  private static Bytes b(String hex) {
    return Bytes.fromHex(hex);
  }

  private static List<KeyValue> scanAll(KeyValueStore store) {
    List<KeyValue> out = new ArrayList<>();
    try (KeyValueStore.Scan scan = store.scan(KeyRange.all())) {
      scan.forEachRemaining(out::add);
    }
    return out;
  }

  @Test
  void reopenedStoreHasEverythingWrittenBeforeClose() {
    try (LmdbKeyValueStore store = LmdbKeyValueStore.open(dir)) {
      store.write(WriteBatch.builder().put(b("01"), b("11")).put(b("02"), Bytes.EMPTY).build());
      store.put(b("03"), b("33"));
      store.delete(b("03"));
    }
    try (LmdbKeyValueStore store = LmdbKeyValueStore.open(dir)) {
      assertEquals(
          List.of(new KeyValue(b("01"), b("11")), new KeyValue(b("02"), Bytes.EMPTY)),
          scanAll(store));
      store.put(b("04"), b("44"));
    }
    try (LmdbKeyValueStore store = LmdbKeyValueStore.open(dir)) {
      assertEquals(Optional.of(b("44")), store.get(b("04")));
      assertEquals(3, scanAll(store).size());
    }
  }

  @Test
  void everyDurabilityLevelPersistsAcrossReopen() {
    for (LmdbKeyValueStore.Durability d : LmdbKeyValueStore.Durability.values()) {
      Path sub = dir.resolve(d.name());
      try (LmdbKeyValueStore store = LmdbKeyValueStore.builder(sub).durability(d).open()) {
        store.put(b("01"), Bytes.utf8(d.name()));
      }
      try (LmdbKeyValueStore store = LmdbKeyValueStore.open(sub)) {
        assertEquals(Optional.of(Bytes.utf8(d.name())), store.get(b("01")), d.name());
      }
    }
  }

  @Test
  void createsMissingParentDirectories() {
    Path nested = dir.resolve("a").resolve("b");
    try (LmdbKeyValueStore store = LmdbKeyValueStore.open(nested)) {
      store.put(b("01"), b("11"));
      assertTrue(Files.isRegularFile(nested.resolve("data.mdb")));
    }
  }

  @Test
  void refusesAnLmdbDirectoryWithoutItsFormatRecord() {
    // A foreign LMDB environment: right file format, wrong layout.
    try (Env<byte[]> env = Env.create(ByteArrayProxy.PROXY_BA).setMaxDbs(2).open(dir.toFile())) {
      Dbi<byte[]> foreign = env.openDbi("other", DbiFlags.MDB_CREATE);
      foreign.put(new byte[] {1}, new byte[] {2});
    }
    assertThrows(StoreException.class, () -> LmdbKeyValueStore.open(dir));
    // The failed open released the directory.
    assertThrows(StoreException.class, () -> LmdbKeyValueStore.open(dir));
  }

  @Test
  void refusesAStoreOfAnotherFormatVersion() {
    LmdbKeyValueStore.open(dir).close();
    try (Env<byte[]> env = Env.create(ByteArrayProxy.PROXY_BA).setMaxDbs(2).open(dir.toFile())) {
      Dbi<byte[]> meta = env.openDbi("meta");
      meta.put("format".getBytes(java.nio.charset.StandardCharsets.US_ASCII), new byte[] {9});
    }
    StoreException e = assertThrows(StoreException.class, () -> LmdbKeyValueStore.open(dir));
    assertTrue(e.getMessage().contains("format"), e.getMessage());
  }

  @Test
  void refusesAFileThatIsNotLmdb() throws Exception {
    Files.write(dir.resolve("data.mdb"), new byte[8192]);
    assertThrows(StoreException.class, () -> LmdbKeyValueStore.open(dir));
  }

  @Test
  void aDirectoryIsOpenAtMostOncePerProcess() {
    try (LmdbKeyValueStore store = LmdbKeyValueStore.open(dir)) {
      assertThrows(IllegalStateException.class, () -> LmdbKeyValueStore.open(dir));
      assertThrows(IllegalStateException.class, () -> LmdbKeyValueStore.open(dir.resolve(".")));
      store.put(b("01"), b("11"));
    }
    try (LmdbKeyValueStore again = LmdbKeyValueStore.open(dir)) {
      assertEquals(Optional.of(b("11")), again.get(b("01")));
    }
  }

  @Test
  void growsAFullMapAndKeepsEveryBatch() {
    long oneMiB = 1L << 20;
    byte[] big = new byte[64 * 1024];
    try (LmdbKeyValueStore store = LmdbKeyValueStore.builder(dir).mapSize(oneMiB).open()) {
      // 64 values of 64 KiB: four times the initial map.
      for (int i = 0; i < 64; i++) {
        big[0] = (byte) i;
        store.put(Bytes.of(new byte[] {(byte) i}), Bytes.of(big));
      }
      assertTrue(store.mapSize() >= 4 * oneMiB, "map size " + store.mapSize());
      assertEquals(64, scanAll(store).size());
    }
    try (LmdbKeyValueStore store = LmdbKeyValueStore.builder(dir).mapSize(oneMiB).open()) {
      assertTrue(store.mapSize() >= 4 * oneMiB, "reopened with the file's size");
      assertEquals(63, store.get(Bytes.of(new byte[] {63})).orElseThrow().byteAt(0));
    }
  }

  @Test
  void closingTheStoreClosesItsOpenScans() {
    LmdbKeyValueStore store = LmdbKeyValueStore.open(dir);
    store.put(b("01"), b("11"));
    store.put(b("02"), b("22"));
    KeyValueStore.Scan scan = store.scan(KeyRange.all());
    assertEquals(b("01"), scan.next().key());
    store.close();
    assertThrows(IllegalStateException.class, scan::hasNext);
    assertThrows(IllegalStateException.class, scan::next);
    scan.close();
    store.close();
    assertThrows(IllegalStateException.class, store::mapSize);
  }

  @Test
  void aClosedScanRejectsFurtherUseAndFreesItsReaderSlot() {
    try (LmdbKeyValueStore store = LmdbKeyValueStore.builder(dir).maxReaders(2).open()) {
      store.put(b("01"), b("11"));
      for (int i = 0; i < 10; i++) {
        KeyValueStore.Scan scan = store.scan(KeyRange.all());
        assertTrue(scan.hasNext());
        scan.close();
        assertThrows(IllegalStateException.class, scan::hasNext);
      }
      assertFalse(store.get(b("02")).isPresent());
    }
  }

  @Test
  void updateReadsItsOwnWritesAndCommitsThemTogether() {
    try (LmdbKeyValueStore store = LmdbKeyValueStore.open(dir)) {
      store.put(b("01"), b("11"));
      String seen =
          store.update(
              t -> {
                t.put(b("02"), b("22"));
                t.delete(b("01"));
                return t.get(b("02")).orElseThrow().toHex()
                    + "/"
                    + t.get(b("01")).isPresent()
                    + "/"
                    + t.first(KeyRange.all()).orElseThrow().key().toHex();
              });
      assertEquals("22/false/02", seen);
      assertEquals(List.of(new KeyValue(b("02"), b("22"))), scanAll(store));
      assertEquals(
          Optional.empty(), store.update(t -> t.first(KeyRange.between(b("03"), b("04")))));
    }
  }

  @Test
  void updateThatThrowsAppliesNothing() {
    try (LmdbKeyValueStore store = LmdbKeyValueStore.open(dir)) {
      store.put(b("01"), b("11"));
      assertThrows(
          IllegalArgumentException.class,
          () ->
              store.update(
                  t -> {
                    t.put(b("02"), b("22"));
                    t.delete(b("01"));
                    throw new IllegalArgumentException("refused");
                  }));
      assertEquals(List.of(new KeyValue(b("01"), b("11"))), scanAll(store));
      assertThrows(
          IllegalStateException.class,
          () -> store.update(t -> store.update(inner -> inner.get(b("01")))),
          "a nested update would deadlock on LMDB's writer lock");
      assertThrows(
          IllegalStateException.class,
          () ->
              store.update(
                  t -> {
                    store.put(b("03"), b("33"));
                    return null;
                  }));
      assertEquals(Optional.empty(), store.get(b("03")));
      assertEquals(
          Optional.of(b("11")),
          store.update(t -> store.get(b("01"))),
          "reads of the store inside an update see the committed state");
      LmdbKeyValueStore.Transaction[] leaked = new LmdbKeyValueStore.Transaction[1];
      store.update(t -> leaked[0] = t);
      assertThrows(IllegalStateException.class, () -> leaked[0].get(b("01")));
    }
  }

  @Test
  void updateThatFillsTheMapRunsAgainOnTheGrownMap() {
    try (LmdbKeyValueStore store = LmdbKeyValueStore.builder(dir).mapSize(1L << 20).open()) {
      AtomicInteger runs = new AtomicInteger();
      store.update(
          t -> {
            runs.incrementAndGet();
            for (int i = 0; i < 64; i++) {
              t.put(Bytes.of(new byte[] {(byte) i}), Bytes.of(new byte[64 * 1024]));
            }
            return null;
          });
      assertTrue(runs.get() > 1, "ran " + runs.get() + " times");
      assertEquals(64, scanAll(store).size());
    }
  }

  @Test
  void rejectsBadSettings() {
    LmdbKeyValueStore.Builder builder = LmdbKeyValueStore.builder(dir);
    assertThrows(IllegalArgumentException.class, () -> builder.mapSize(1024));
    assertThrows(IllegalArgumentException.class, () -> builder.maxReaders(0));
    assertThrows(NullPointerException.class, () -> builder.durability(null));
  }
}
