package org.cybervein.dag.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.store.InMemoryKeyValueStore;
import org.cybervein.api.store.StoreException;
import org.cybervein.api.store.WriteBatch;
import org.junit.jupiter.api.Test;

/** The unit store's format record and its checks of stored records. */
class LmdbUnitStoreFormatTest {
  private static final Bytes FORMAT_KEY = Bytes.of(new byte[] {0, 'f', 'o', 'r', 'm', 'a', 't'});

  @Test
  void refusesAStoreOfTheFormerLayout() {
    InMemoryKeyValueStore kv = new InMemoryKeyValueStore();
    kv.write(
        WriteBatch.builder()
            .put(FORMAT_KEY, Bytes.utf8("org.cybervein.dag.store.LmdbUnitStore/1"))
            .build());
    StoreException e = assertThrows(StoreException.class, () -> LmdbUnitStore.open(kv));
    assertTrue(e.getMessage().contains("LmdbUnitStore/1"), e.getMessage());
    assertTrue(e.getMessage().contains("LmdbUnitStore/2"), e.getMessage());
  }

  @Test
  void refusesAKeyValueStoreWithoutFormatRecord() {
    InMemoryKeyValueStore kv = new InMemoryKeyValueStore();
    kv.write(WriteBatch.builder().put(Bytes.utf8("x"), Bytes.utf8("y")).build());
    assertThrows(StoreException.class, () -> LmdbUnitStore.open(kv));
  }

  @Test
  void reportsATruncatedUnitRecordAsCorrupt() {
    InMemoryKeyValueStore kv = new InMemoryKeyValueStore();
    try (LmdbUnitStore store = LmdbUnitStore.open(kv)) {
      Hash id = TestHashes.hash("damaged");
      byte[] key = new byte[1 + Hash.SIZE];
      key[0] = 'U';
      id.copyTo(key, 1);
      kv.write(WriteBatch.builder().put(Bytes.of(key), Bytes.of(new byte[] {1, 2, 3})).build());
      assertThrows(StoreException.class, () -> store.unit(id));
      assertThrows(StoreException.class, () -> store.height(id));
      assertFalse(store.unit(TestHashes.hash("absent")).isPresent());
      assertEquals(0, store.size());
    }
  }

  @Test
  void reportsABadCoverageLengthAsCorrupt() {
    InMemoryKeyValueStore kv = new InMemoryKeyValueStore();
    try (LmdbUnitStore store = LmdbUnitStore.open(kv)) {
      Hash id = TestHashes.hash("damaged");
      byte[] key = new byte[1 + Hash.SIZE];
      key[0] = 'U';
      id.copyTo(key, 1);
      byte[] record = new byte[40];
      // status SOLID is ordinal > 0; the coverage length claims more bytes than there are
      record[16] = 1;
      record[25] = 0x7f;
      kv.write(WriteBatch.builder().put(Bytes.of(key), Bytes.of(record)).build());
      assertThrows(StoreException.class, () -> store.status(id));
    }
  }
}
