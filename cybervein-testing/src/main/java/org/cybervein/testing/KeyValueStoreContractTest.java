package org.cybervein.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.cybervein.api.Bytes;
import org.cybervein.api.store.KeyRange;
import org.cybervein.api.store.KeyValue;
import org.cybervein.api.store.KeyValueStore;
import org.cybervein.api.store.WriteBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quicktheories.core.Gen;

/**
 * What every {@link KeyValueStore} must do. An implementation's test extends this class and
 * supplies {@link #createStore()}; the SDK's in-memory and LMDB stores run it, and so can a host's
 * own store.
 *
 * <p>Keys are 1 to {@link KeyValueStore#MAX_KEY_SIZE} bytes, the limit every store shares; the
 * contract checks that keys outside it are refused everywhere.
 */
public abstract class KeyValueStoreContractTest {
  private KeyValueStore store;
  private boolean closedByTest;
  private final List<KeyValueStore> extraStores = new ArrayList<>();

  /** For subclasses, which supply the store. */
  protected KeyValueStoreContractTest() {}

  /**
   * A new, empty, open store, independent of every other store this method returned; the contract
   * closes it after the test.
   *
   * @return the store under test
   */
  protected abstract KeyValueStore createStore();

  @BeforeEach
  void openStore() {
    store = createStore();
  }

  @AfterEach
  void closeStores() {
    if (!closedByTest) {
      store.close();
    }
    extraStores.forEach(KeyValueStore::close);
  }

  /**
   * Hexadecimal to bytes, for keys whose unsigned order matters.
   *
   * @param hex an even number of hexadecimal digits
   * @return the bytes they spell
   */
  protected static Bytes b(String hex) {
    return Bytes.fromHex(hex);
  }

  private static List<KeyValue> scanAll(KeyValueStore s, KeyRange range) {
    List<KeyValue> out = new ArrayList<>();
    try (KeyValueStore.Scan scan = s.scan(range)) {
      scan.forEachRemaining(out::add);
    }
    return out;
  }

  private List<Bytes> keysIn(KeyRange range) {
    return scanAll(store, range).stream().map(KeyValue::key).toList();
  }

  private void putAll(String... hexKeys) {
    WriteBatch.Builder batch = WriteBatch.builder();
    for (String k : hexKeys) {
      batch.put(b(k), b(k));
    }
    store.write(batch.build());
  }

  // ------------------------------------------------------------ get, put, delete

  @Test
  void getOfAnAbsentKeyIsEmpty() {
    assertEquals(Optional.empty(), store.get(b("01")));
  }

  @Test
  void getReturnsWhatWasPutAndALaterPutReplacesIt() {
    store.put(b("01"), b("aa"));
    assertEquals(Optional.of(b("aa")), store.get(b("01")));
    store.put(b("01"), b("bbbb"));
    assertEquals(Optional.of(b("bbbb")), store.get(b("01")));
    assertEquals(Optional.empty(), store.get(b("0100")), "keys match exactly, not by prefix");
  }

  @Test
  void rejectsEmptyAndOverlongKeysEverywhere() {
    Bytes longest = Bytes.of(new byte[KeyValueStore.MAX_KEY_SIZE]);
    Bytes tooLong = Bytes.of(new byte[KeyValueStore.MAX_KEY_SIZE + 1]);
    store.put(longest, b("01"));
    assertEquals(Optional.of(b("01")), store.get(longest));
    for (Bytes bad : List.of(Bytes.EMPTY, tooLong)) {
      assertThrows(IllegalArgumentException.class, () -> store.get(bad));
      assertThrows(IllegalArgumentException.class, () -> store.put(bad, b("01")));
      assertThrows(IllegalArgumentException.class, () -> store.delete(bad));
      assertThrows(IllegalArgumentException.class, () -> WriteBatch.builder().put(bad, b("01")));
    }
    assertEquals(List.of(longest), keysIn(KeyRange.all()), "nothing else was written");
  }

  @Test
  void emptyValueIsStoredAndDistinctFromAbsence() {
    store.put(b("01"), Bytes.EMPTY);
    assertEquals(Optional.of(Bytes.EMPTY), store.get(b("01")));
  }

  @Test
  void deleteRemovesTheKeyAndDeletingAnAbsentKeyIsHarmless() {
    store.put(b("01"), b("aa"));
    store.delete(b("01"));
    assertEquals(Optional.empty(), store.get(b("01")));
    store.delete(b("02"));
    assertEquals(List.of(), scanAll(store, KeyRange.all()));
  }

  // ------------------------------------------------------------ batches

  @Test
  void batchAppliesEveryOperation() {
    store.put(b("03"), b("33"));
    store.write(
        WriteBatch.builder().put(b("01"), b("11")).put(b("02"), b("22")).delete(b("03")).build());
    assertEquals(
        List.of(new KeyValue(b("01"), b("11")), new KeyValue(b("02"), b("22"))),
        scanAll(store, KeyRange.all()));
  }

  @Test
  void laterOperationOnTheSameKeyWithinABatchWins() {
    store.write(
        WriteBatch.builder()
            .put(b("01"), b("11"))
            .put(b("01"), b("12"))
            .put(b("02"), b("21"))
            .delete(b("02"))
            .delete(b("03"))
            .put(b("03"), b("31"))
            .build());
    assertEquals(Optional.of(b("12")), store.get(b("01")));
    assertEquals(Optional.empty(), store.get(b("02")));
    assertEquals(Optional.of(b("31")), store.get(b("03")));
  }

  @Test
  void emptyBatchChangesNothing() {
    store.put(b("01"), b("11"));
    store.write(WriteBatch.builder().build());
    assertEquals(List.of(new KeyValue(b("01"), b("11"))), scanAll(store, KeyRange.all()));
  }

  @Test
  @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void concurrentScansSeeEachBatchWhollyOrNotAtAll() throws InterruptedException {
    // Each batch writes the same counter under both keys; a scan that sees them differ saw half
    // a batch.
    store.write(WriteBatch.builder().put(b("0a"), b("00")).put(b("0b"), b("00")).build());
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<String> torn = new AtomicReference<>();
    Thread reader =
        new Thread(
            () -> {
              while (!done.get() && torn.get() == null) {
                List<KeyValue> both = scanAll(store, KeyRange.between(b("0a"), b("0c")));
                if (both.size() != 2 || !both.get(0).value().equals(both.get(1).value())) {
                  torn.set(both.toString());
                }
              }
            });
    reader.start();
    try {
      for (int i = 1; i <= 2000; i++) {
        Bytes v = Bytes.of(new byte[] {(byte) (i >> 8), (byte) i});
        store.write(WriteBatch.builder().put(b("0a"), v).put(b("0b"), v).build());
      }
    } finally {
      done.set(true);
      reader.join(10_000);
    }
    assertFalse(reader.isAlive(), "a scan did not finish");
    assertEquals(null, torn.get(), "a scan saw half a batch");
  }

  // ------------------------------------------------------------ scans

  @Test
  void scanReturnsKeysInUnsignedOrder() {
    putAll("ff", "80", "7f", "00", "01", "ffff", "ff00", "0000", "8000", "7fff");
    assertEquals(
        List.of(
            b("00"), b("0000"), b("01"), b("7f"), b("7fff"), b("80"), b("8000"), b("ff"), b("ff00"),
            b("ffff")),
        keysIn(KeyRange.all()));
  }

  @Test
  void scanBetweenIncludesItsStartAndExcludesItsEnd() {
    putAll("01", "02", "0200", "03", "04");
    assertEquals(List.of(b("02"), b("0200")), keysIn(KeyRange.between(b("02"), b("03"))));
    assertEquals(List.of(), keysIn(KeyRange.between(b("02"), b("02"))), "an empty range");
    assertEquals(List.of(b("03"), b("04")), keysIn(KeyRange.atLeast(b("0201"))));
    assertEquals(List.of(), keysIn(KeyRange.atLeast(b("05"))));
  }

  @Test
  void prefixScanFindsExactlyTheKeysWithThePrefix() {
    putAll("00ff", "01", "0100", "01ff", "01ffff", "02", "0200");
    assertEquals(
        List.of(b("01"), b("0100"), b("01ff"), b("01ffff")), keysIn(KeyRange.prefix(b("01"))));
  }

  @Test
  void prefixEndingInFfRunsToTheNextPrefix() {
    putAll("01fe", "01feff", "01ff", "01ff00", "01ffff", "02", "0200");
    assertEquals(List.of(b("01ff"), b("01ff00"), b("01ffff")), keysIn(KeyRange.prefix(b("01ff"))));
  }

  @Test
  void prefixOfOnlyFfBytesRunsToTheEndOfTheKeySpace() {
    putAll("fe", "feff", "ff", "fffe", "ffff", "ffff00", "ffffff");
    assertEquals(List.of(b("ffff"), b("ffff00"), b("ffffff")), keysIn(KeyRange.prefix(b("ffff"))));
    assertEquals(Optional.empty(), KeyRange.prefix(b("ffff")).toExclusive());
    assertEquals(KeyRange.all(), KeyRange.prefix(Bytes.EMPTY));
  }

  @Test
  void scanSeesTheSnapshotOfItsStart() {
    putAll("01", "02", "03");
    try (KeyValueStore.Scan scan = store.scan(KeyRange.all())) {
      assertEquals(b("01"), scan.next().key());
      store.delete(b("02"));
      store.put(b("04"), b("04"));
      store.put(b("03"), b("33"));
      List<KeyValue> rest = new ArrayList<>();
      scan.forEachRemaining(rest::add);
      assertEquals(List.of(new KeyValue(b("02"), b("02")), new KeyValue(b("03"), b("03"))), rest);
      assertFalse(scan.hasNext());
      assertThrows(NoSuchElementException.class, scan::next);
    }
    assertEquals(List.of(b("01"), b("03"), b("04")), keysIn(KeyRange.all()));
  }

  // ------------------------------------------------------------ closing

  @Test
  void closedStoreRejectsEveryOperation() {
    store.put(b("01"), b("11"));
    store.close();
    closedByTest = true;
    assertThrows(IllegalStateException.class, () -> store.get(b("01")));
    assertThrows(IllegalStateException.class, () -> store.put(b("01"), b("11")));
    assertThrows(IllegalStateException.class, () -> store.delete(b("01")));
    assertThrows(
        IllegalStateException.class,
        () -> store.write(WriteBatch.builder().put(b("02"), b("22")).build()));
    assertThrows(IllegalStateException.class, () -> store.scan(KeyRange.all()));
  }

  @Test
  void storesAreIndependent() {
    KeyValueStore other = createStore();
    extraStores.add(other);
    store.put(b("01"), b("11"));
    assertEquals(Optional.empty(), other.get(b("01")));
  }

  // ------------------------------------------------------------ against a model

  private static final byte[] ALPHABET = {0x00, 0x01, 0x7f, (byte) 0x80, (byte) 0xfe, (byte) 0xff};

  private static Gen<Bytes> bytesOf(int minSize, int maxSize) {
    return lists()
        .of(integers().between(0, ALPHABET.length - 1))
        .ofSizeBetween(minSize, maxSize)
        .map(
            indexes -> {
              byte[] out = new byte[indexes.size()];
              for (int i = 0; i < out.length; i++) {
                out[i] = ALPHABET[indexes.get(i)];
              }
              return Bytes.of(out);
            });
  }

  /** One step of a random workload; what each {@code kind} does is in {@link #apply}. */
  private record Step(int kind, List<Bytes> keys, Bytes value) {}

  private static Gen<Step> steps() {
    return integers()
        .between(0, 5)
        .zip(lists().of(bytesOf(1, 3)).ofSizeBetween(2, 5), bytesOf(0, 2), Step::new);
  }

  private static List<KeyValue> modelScan(NavigableMap<Bytes, Bytes> model, KeyRange range) {
    Map<Bytes, Bytes> view =
        range.toExclusive().isPresent()
            ? model.subMap(range.from(), true, range.toExclusive().get(), false)
            : model.tailMap(range.from(), true);
    return view.entrySet().stream().map(e -> new KeyValue(e.getKey(), e.getValue())).toList();
  }

  /** Applies a step to the store and the model and checks every answer against the model. */
  private static void apply(Step step, KeyValueStore s, NavigableMap<Bytes, Bytes> model) {
    Bytes k0 = step.keys().get(0);
    Bytes k1 = step.keys().get(1);
    switch (step.kind()) {
      case 0 -> {
        s.put(k0, step.value());
        model.put(k0, step.value());
      }
      case 1 -> {
        s.delete(k0);
        model.remove(k0);
      }
      case 2 -> {
        WriteBatch.Builder batch = WriteBatch.builder();
        for (int i = 0; i < step.keys().size(); i++) {
          Bytes k = step.keys().get(i);
          if (i % 3 == 2) {
            batch.delete(k);
            model.remove(k);
          } else {
            Bytes v = step.value().concat(Bytes.of(new byte[] {(byte) i}));
            batch.put(k, v);
            model.put(k, v);
          }
        }
        s.write(batch.build());
      }
      case 3 -> {
        KeyRange range =
            k0.compareTo(k1) <= 0 ? KeyRange.between(k0, k1) : KeyRange.between(k1, k0);
        assertEquals(modelScan(model, range), scanAll(s, range), "scan " + range);
      }
      case 4 -> {
        KeyRange range = KeyRange.prefix(k0.slice(0, 1 + (k1.size() % k0.size())));
        assertEquals(modelScan(model, range), scanAll(s, range), "prefix scan " + range);
      }
      default -> assertEquals(Optional.ofNullable(model.get(k0)), s.get(k0), "get " + k0);
    }
  }

  @Test
  void behavesLikeASortedMapUnderRandomWorkloads() {
    PropertyRuns.qt()
        .forAll(lists().of(steps()).ofSizeBetween(0, 40))
        .checkAssert(
            workload -> {
              KeyValueStore s = createStore();
              try {
                NavigableMap<Bytes, Bytes> model = new TreeMap<>();
                for (Step step : workload) {
                  apply(step, s, model);
                }
                assertEquals(modelScan(model, KeyRange.all()), scanAll(s, KeyRange.all()));
              } finally {
                s.close();
              }
            });
  }

  @Test
  void prefixRangeContainsExactlyTheKeysWithThePrefix() {
    PropertyRuns.qt()
        .forAll(bytesOf(0, 3), bytesOf(0, 4))
        .checkAssert(
            (prefix, key) ->
                assertEquals(
                    key.startsWith(prefix),
                    KeyRange.prefix(prefix).contains(key),
                    prefix + " / " + key));
    assertTrue(KeyRange.prefix(b("01ff")).contains(b("01ffff")));
  }
}
