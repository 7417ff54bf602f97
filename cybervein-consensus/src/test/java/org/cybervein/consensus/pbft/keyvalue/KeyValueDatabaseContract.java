package org.cybervein.consensus.pbft.keyvalue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.store.KeyValue;
import org.cybervein.api.store.KeyValueStore;
import org.cybervein.testing.PropertyRuns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link KeyValueDatabase} must do on any {@link KeyValueStore}; a test per store supplies
 * {@link #createStore()}.
 */
abstract class KeyValueDatabaseContract {
  private static final Bytes NAMESPACE = Bytes.utf8("db1");
  private final List<KeyValueStore> stores = new ArrayList<>();

  /** A new, empty, open store; the contract closes it. */
  protected abstract KeyValueStore createStore();

  /** How many examples the expensive properties run; stores on disk may want fewer. */
  protected int examples() {
    return PropertyRuns.examples();
  }

  private KeyValueStore newStore() {
    KeyValueStore store = createStore();
    stores.add(store);
    return store;
  }

  private KeyValueDatabase newDatabase() {
    return new KeyValueDatabase(newStore(), NAMESPACE);
  }

  @AfterEach
  void closeStores() {
    stores.forEach(KeyValueStore::close);
  }

  private static Bytes b(String text) {
    return Bytes.utf8(text);
  }

  /** The result the plain model gives, applying the operation to {@code model}. */
  static DbResult model(NavigableMap<Bytes, Bytes> model, DbOperation operation) {
    Optional<Bytes> current = Optional.ofNullable(model.get(operation.key()));
    if (operation instanceof DbOperation.Get) {
      return current.isPresent() ? DbResult.ok(current) : DbResult.notFound();
    }
    if (operation instanceof DbOperation.Put put) {
      model.put(put.key(), put.value());
      return DbResult.ok(put.returnPrevious() ? current : Optional.empty());
    }
    if (operation instanceof DbOperation.Delete) {
      if (current.isEmpty()) {
        return DbResult.notFound();
      }
      model.remove(operation.key());
      return DbResult.ok(current);
    }
    DbOperation.CompareAndSet cas = (DbOperation.CompareAndSet) operation;
    if (!current.equals(cas.expected())) {
      return new DbResult(DbResult.Status.CAS_MISMATCH, current);
    }
    if (cas.newValue().isPresent()) {
      model.put(cas.key(), cas.newValue().get());
    } else {
      model.remove(cas.key());
    }
    return DbResult.ok(current);
  }

  private static List<KeyValue> entries(NavigableMap<Bytes, Bytes> model) {
    List<KeyValue> out = new ArrayList<>();
    for (Map.Entry<Bytes, Bytes> e : model.entrySet()) {
      out.add(new KeyValue(e.getKey(), e.getValue()));
    }
    return out;
  }

  @Test
  void operationSequencesEqualTheTreeMapModel() {
    PropertyRuns.qt(examples())
        .forAll(DbGenerators.operationLists(40))
        .checkAssert(
            ops -> {
              KeyValueDatabase db = newDatabase();
              NavigableMap<Bytes, Bytes> model = new TreeMap<>();
              for (DbOperation op : ops) {
                // Through the encoding, as replicas execute requests.
                Bytes encodedResult = db.execute(DbCodec.encode(op));
                assertEquals(model(model, op), decodeResult(encodedResult), () -> "after " + op);
              }
              assertEquals(entries(model), db.snapshotValue().entries());
              assertEquals(new DbSnapshot(entries(model)).digest(), db.digest());
            });
  }

  @Test
  void snapshotThenRestoreGivesTheSameDigestAndContents() {
    PropertyRuns.qt(examples())
        .forAll(DbGenerators.operationLists(30), DbGenerators.operationLists(10))
        .checkAssert(
            (source, noise) -> {
              KeyValueDatabase from = newDatabase();
              source.forEach(from::apply);
              Bytes snapshot = from.snapshot();
              Hash digest = from.digest();
              // The target starts in some other state, which restore must replace entirely.
              KeyValueDatabase to = newDatabase();
              noise.forEach(to::apply);
              to.restore(snapshot);
              assertEquals(digest, to.digest());
              assertEquals(from.snapshotValue(), to.snapshotValue());
              // The cached digest after restore equals a digest recomputed from the store.
              to.apply(new DbOperation.Put(b("probe"), Bytes.EMPTY));
              to.apply(new DbOperation.Delete(b("probe")));
              assertEquals(digest, to.digest());
              assertEquals(snapshot, to.snapshot());
            });
  }

  private static DbResult decodeResult(Bytes encoded) {
    try {
      return DbCodec.decodeResult(encoded);
    } catch (InvalidDatabaseInputException e) {
      throw new AssertionError("the database's own result must decode", e);
    }
  }

  @Test
  void compareAndSetAppliesOnlyOnMatch() {
    KeyValueDatabase db = newDatabase();
    Bytes k = b("k");
    assertEquals(
        DbResult.ok(Optional.empty()),
        db.apply(new DbOperation.CompareAndSet(k, Optional.empty(), Optional.of(b("v1")))));
    assertEquals(
        new DbResult(DbResult.Status.CAS_MISMATCH, Optional.of(b("v1"))),
        db.apply(new DbOperation.CompareAndSet(k, Optional.empty(), Optional.of(b("v2")))));
    assertEquals(
        new DbResult(DbResult.Status.CAS_MISMATCH, Optional.of(b("v1"))),
        db.apply(new DbOperation.CompareAndSet(k, Optional.of(b("v0")), Optional.of(b("v2")))));
    assertEquals(Optional.of(b("v1")), db.get(k));
    assertEquals(
        DbResult.ok(Optional.of(b("v1"))),
        db.apply(new DbOperation.CompareAndSet(k, Optional.of(b("v1")), Optional.empty())));
    assertEquals(Optional.empty(), db.get(k));
  }

  @Test
  void putAndDeleteReturnThePreviousValue() {
    KeyValueDatabase db = newDatabase();
    Bytes k = b("k");
    assertEquals(DbResult.ok(Optional.empty()), db.apply(new DbOperation.Put(k, b("a"), true)));
    assertEquals(DbResult.ok(Optional.of(b("a"))), db.apply(new DbOperation.Put(k, b("b"), true)));
    // A plain put overwrites all the same but answers without the old value.
    assertEquals(DbResult.ok(Optional.empty()), db.apply(new DbOperation.Put(k, b("c"))));
    assertEquals(DbResult.ok(Optional.of(b("c"))), db.apply(new DbOperation.Put(k, b("b"), true)));
    assertEquals(DbResult.ok(Optional.of(b("b"))), db.apply(new DbOperation.Get(k)));
    assertEquals(DbResult.ok(Optional.of(b("b"))), db.apply(new DbOperation.Delete(k)));
    assertEquals(DbResult.notFound(), db.apply(new DbOperation.Delete(k)));
    assertEquals(DbResult.notFound(), db.read(new DbOperation.Get(k)));
  }

  @Test
  void garbageOperationExecutesAsInvalidAndChangesNothing() throws Exception {
    KeyValueDatabase db = newDatabase();
    db.apply(new DbOperation.Put(b("k"), b("v")));
    Hash before = db.digest();
    for (Bytes garbage :
        List.of(
            Bytes.EMPTY, Bytes.fromHex("ff"), Bytes.fromHex("0a00"), Bytes.utf8("not protobuf"))) {
      assertEquals(DbResult.invalidOperation(), DbCodec.decodeResult(db.execute(garbage)));
    }
    assertEquals(before, db.digest());
  }

  @Test
  void restoreRejectsABadSnapshotAndKeepsTheState() {
    KeyValueDatabase db = newDatabase();
    db.apply(new DbOperation.Put(b("k"), b("v")));
    Bytes before = db.snapshot();
    // Keys out of order: entry "b" then entry "a".
    Bytes unsorted = Bytes.fromHex("0a030a0162" + "0a030a0161");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> db.restore(unsorted));
    assertEquals(
        InvalidDatabaseInputException.Reason.UNSORTED,
        ((InvalidDatabaseInputException) e.getCause()).reason());
    assertThrows(IllegalArgumentException.class, () -> db.restore(Bytes.fromHex("0aff")));
    assertEquals(before, db.snapshot());
  }

  @Test
  void restoreRejectsASnapshotOverItsLimit() {
    KeyValueDatabase source = newDatabase();
    source.apply(new DbOperation.Put(b("k"), Bytes.of(new byte[100])));
    KeyValueDatabase small = new KeyValueDatabase(newStore(), NAMESPACE, 50);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> small.restore(source.snapshot()));
    assertEquals(
        InvalidDatabaseInputException.Reason.OVERSIZED,
        ((InvalidDatabaseInputException) e.getCause()).reason());
  }

  @Test
  void queryAnswersGetsAndRefusesWritesWithoutChangingState() throws Exception {
    KeyValueDatabase db = newDatabase();
    db.apply(new DbOperation.Put(b("k"), b("v")));
    Hash before = db.digest();
    assertEquals(
        DbResult.ok(Optional.of(b("v"))),
        DbCodec.decodeResult(db.query(DbCodec.encode(new DbOperation.Get(b("k"))))));
    for (DbOperation write :
        List.of(
            new DbOperation.Put(b("k"), b("w")),
            new DbOperation.Delete(b("k")),
            new DbOperation.CompareAndSet(b("k"), Optional.of(b("v")), Optional.empty()))) {
      assertEquals(
          DbResult.invalidOperation(), DbCodec.decodeResult(db.query(DbCodec.encode(write))));
    }
    assertEquals(DbResult.invalidOperation(), DbCodec.decodeResult(db.query(Bytes.fromHex("ff"))));
    assertEquals(before, db.digest());
  }

  @Test
  void namespacesSharingAStoreDoNotSeeEachOther() throws Exception {
    KeyValueStore store = newStore();
    KeyValueDatabase one = new KeyValueDatabase(store, b("a"));
    KeyValueDatabase two = new KeyValueDatabase(store, b("ab"));
    one.apply(new DbOperation.Put(b("x"), b("1")));
    two.apply(new DbOperation.Put(b("x"), b("2")));
    store.put(b("unrelated"), b("keep"));
    assertEquals(Optional.of(b("1")), one.get(b("x")));
    assertEquals(1, one.snapshotValue().entries().size());
    one.restore(DbSnapshot.empty());
    assertEquals(Optional.empty(), one.get(b("x")));
    assertEquals(Optional.of(b("2")), two.get(b("x")));
    assertEquals(Optional.of(b("keep")), store.get(b("unrelated")));
  }

  @Test
  void digestTracksEveryWrite() {
    KeyValueDatabase db = newDatabase();
    Hash empty = db.digest();
    assertEquals(DbSnapshot.empty().digest(), empty);
    db.apply(new DbOperation.Put(b("k"), Bytes.EMPTY));
    Hash withEmptyValue = db.digest();
    assertNotEquals(empty, withEmptyValue);
    db.apply(new DbOperation.Put(b("k"), b("v")));
    assertNotEquals(withEmptyValue, db.digest());
    db.apply(new DbOperation.Delete(b("k")));
    assertEquals(empty, db.digest());
  }

  @Test
  void stateSurvivesReopeningTheDatabaseOnTheSameStore() {
    KeyValueStore store = newStore();
    KeyValueDatabase first = new KeyValueDatabase(store, NAMESPACE);
    first.apply(new DbOperation.Put(b("k"), b("v")));
    KeyValueDatabase second = new KeyValueDatabase(store, NAMESPACE);
    assertEquals(first.digest(), second.digest());
    assertArrayEquals(b("v").toByteArray(), second.get(b("k")).orElseThrow().toByteArray());
  }
}
