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
            .put(FORMAT_KEY, Bytes.utf8("org.cybervein.dag.store.LmdbUnitStore/2"))
            .build());
    StoreException e = assertThrows(StoreException.class, () -> KeyValueUnitStore.open(kv));
    assertTrue(e.getMessage().contains("LmdbUnitStore/2"), e.getMessage());
    assertTrue(e.getMessage().contains("LmdbUnitStore/4"), e.getMessage());
  }

  @Test
  void refusesAKeyValueStoreWithoutFormatRecord() {
    InMemoryKeyValueStore kv = new InMemoryKeyValueStore();
    kv.write(WriteBatch.builder().put(Bytes.utf8("x"), Bytes.utf8("y")).build());
    assertThrows(StoreException.class, () -> KeyValueUnitStore.open(kv));
  }

  @Test
  void reportsATruncatedUnitRecordAsCorrupt() {
    InMemoryKeyValueStore kv = new InMemoryKeyValueStore();
    try (KeyValueUnitStore store = KeyValueUnitStore.open(kv)) {
      Hash id = TestHashes.hash("damaged");
      kv.write(storedAsNumberZero(id, new byte[] {1, 2, 3}));
      assertThrows(StoreException.class, () -> store.unit(id));
      assertThrows(StoreException.class, () -> store.height(id));
      assertFalse(store.unit(TestHashes.hash("absent")).isPresent());
      assertEquals(0, store.size());
    }
  }

  @Test
  void reportsABadCoverageLengthAsCorrupt() {
    InMemoryKeyValueStore kv = new InMemoryKeyValueStore();
    try (KeyValueUnitStore store = KeyValueUnitStore.open(kv)) {
      Hash id = TestHashes.hash("damaged");
      byte[] record = new byte[40];
      // status SOLID is ordinal > 0; the coverage length claims more bytes than there are
      record[16] = 1;
      record[25] = 0x7f;
      kv.write(storedAsNumberZero(id, record));
      assertThrows(StoreException.class, () -> store.status(id));
    }
  }

  @Test
  void reportsARecordOfAnotherNumberAsCorrupt() {
    InMemoryKeyValueStore kv = new InMemoryKeyValueStore();
    try (KeyValueUnitStore store = KeyValueUnitStore.open(kv)) {
      Hash id = TestHashes.hash("damaged");
      byte[] record = new byte[40];
      record[7] = 5; // number 5 under the key of number 0
      record[16] = 1;
      record[25] = -1;
      record[26] = -1;
      record[27] = -1;
      record[28] = -1;
      kv.write(storedAsNumberZero(id, record));
      assertThrows(StoreException.class, () -> store.height(id));
    }
  }

  /** The index entry of {@code id} to number 0, and {@code record} as the record of number 0. */
  private static WriteBatch storedAsNumberZero(Hash id, byte[] record) {
    byte[] index = new byte[1 + Hash.SIZE];
    index[0] = 'I';
    id.copyTo(index, 1);
    byte[] unit = new byte[9];
    unit[0] = 'U';
    return WriteBatch.builder()
        .put(Bytes.of(index), Bytes.of(new byte[8]))
        .put(Bytes.of(unit), Bytes.of(record))
        .build();
  }
}
