package org.cybervein.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.api.store.InMemoryKeyValueStore;
import org.cybervein.api.store.KeyRange;
import org.cybervein.api.store.KeyValue;
import org.cybervein.api.store.KeyValueStore;
import org.cybervein.api.store.WriteBatch;
import org.cybervein.testing.KeyValueStoreContractTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EventWritesTest {
  private static Bytes b(String hex) {
    return Bytes.fromHex(hex);
  }

  private static List<KeyValue> scanAll(KeyValueStore s, KeyRange range) {
    List<KeyValue> out = new ArrayList<>();
    try (KeyValueStore.Scan scan = s.scan(range)) {
      scan.forEachRemaining(out::add);
    }
    return out;
  }

  /** A store that counts the batches written to it: one batch is one LMDB write transaction. */
  static final class CountingStore implements KeyValueStore {
    final InMemoryKeyValueStore inner = new InMemoryKeyValueStore();
    int writes;
    WriteBatch last = WriteBatch.builder().build();

    @Override
    public Optional<Bytes> get(Bytes key) {
      return inner.get(key);
    }

    @Override
    public void write(WriteBatch batch) {
      writes++;
      last = batch;
      inner.write(batch);
    }

    @Override
    public Scan scan(KeyRange range) {
      return inner.scan(range);
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  @Test
  void readsWithinAnEventSeeItsPutsAndDeletesInGetAndScan() {
    CountingStore backing = new CountingStore();
    backing.write(
        WriteBatch.builder()
            .put(b("01"), b("11"))
            .put(b("02"), b("22"))
            .put(b("03"), b("33"))
            .put(b("05"), b("55"))
            .build());
    EventWrites writes = new EventWrites(backing);
    writes.delete(b("02"));
    writes.put(b("01"), b("aa"));
    writes.put(b("04"), b("44"));
    writes.delete(b("06")); // absent everywhere
    writes.write(WriteBatch.builder().put(b("05"), b("bb")).delete(b("05")).build());

    assertEquals(Optional.of(b("aa")), writes.get(b("01")));
    assertEquals(Optional.empty(), writes.get(b("02")));
    assertEquals(Optional.of(b("33")), writes.get(b("03")));
    assertEquals(Optional.empty(), writes.get(b("05")), "the later operation in a batch wins");
    List<KeyValue> expected =
        List.of(
            new KeyValue(b("01"), b("aa")),
            new KeyValue(b("03"), b("33")),
            new KeyValue(b("04"), b("44")));
    assertEquals(expected, scanAll(writes, KeyRange.all()));
    assertEquals(
        List.of(new KeyValue(b("03"), b("33")), new KeyValue(b("04"), b("44"))),
        scanAll(writes, KeyRange.between(b("02"), b("05"))));
    assertEquals(4, scanAll(backing, KeyRange.all()).size(), "nothing reached the store yet");
    assertEquals(1, backing.writes);

    assertTrue(writes.commit());
    assertEquals(2, backing.writes, "the whole event is one batch");
    assertEquals(expected, scanAll(backing, KeyRange.all()));
    assertEquals(expected, scanAll(writes, KeyRange.all()));
    assertFalse(writes.commit(), "nothing pending: no empty transaction");
    assertEquals(2, backing.writes);
  }

  @Test
  void aScanKeepsTheSnapshotOfItsStartAcrossWritesAndCommits() {
    CountingStore backing = new CountingStore();
    EventWrites writes = new EventWrites(backing);
    writes.put(b("01"), b("11"));
    writes.commit();
    writes.put(b("02"), b("22"));
    try (KeyValueStore.Scan scan = writes.scan(KeyRange.all())) {
      writes.delete(b("01"));
      writes.put(b("03"), b("33"));
      writes.commit();
      List<KeyValue> seen = new ArrayList<>();
      scan.forEachRemaining(seen::add);
      assertEquals(List.of(new KeyValue(b("01"), b("11")), new KeyValue(b("02"), b("22"))), seen);
    }
  }

  @Test
  void closeCommitsWhatIsPending() {
    CountingStore backing = new CountingStore();
    EventWrites writes = new EventWrites(backing);
    writes.put(b("01"), b("11"));
    writes.put(b("02"), b("22"));
    assertEquals(0, backing.inner.size());
    writes.close();
    assertEquals(1, backing.writes);
    assertEquals(
        WriteBatch.builder().put(b("01"), b("11")).put(b("02"), b("22")).build(), backing.last);
  }

  /**
   * The store contract, with a commit after every other write so that reads merge pending writes
   * over committed ones in every combination.
   */
  @Nested
  class Contract extends KeyValueStoreContractTest {
    @Override
    protected KeyValueStore createStore() {
      EventWrites writes = new EventWrites(new InMemoryKeyValueStore());
      return new KeyValueStore() {
        private int count;

        @Override
        public Optional<Bytes> get(Bytes key) {
          return writes.get(key);
        }

        @Override
        public void write(WriteBatch batch) {
          writes.write(batch);
          if (++count % 2 == 0) {
            writes.commit();
          }
        }

        @Override
        public Scan scan(KeyRange range) {
          return writes.scan(range);
        }

        @Override
        public void close() {
          writes.close();
        }
      };
    }
  }
}
