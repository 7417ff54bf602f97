package org.cybervein.consensus.pbft.keyvalue;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.store.KeyRange;
import org.cybervein.api.store.KeyValue;
import org.cybervein.api.store.KeyValueStore;
import org.cybervein.api.store.WriteBatch;
import org.cybervein.consensus.pbft.StateMachine;

/**
 * The replicated database: a key-value state machine with put, get, delete and compare-and-set,
 * kept in a {@link KeyValueStore} (LMDB for a durable replica, in memory for tests).
 *
 * <p><b>Determinism.</b> The result and the new state depend only on the state and the operation
 * bytes: no clock, no randomness, no hash-map order. Bytes that do not decode execute as {@link
 * DbResult.Status#INVALID_OPERATION} and change nothing, so a garbage operation that a client
 * managed to get ordered leaves every honest replica in the same state.
 *
 * <p><b>Atomicity.</b> Each write operation is one {@link WriteBatch}; {@link #restore} replaces
 * the whole key space in one batch. A crash never leaves half an operation behind.
 *
 * <p><b>Layout.</b> The database owns the keys that begin with its namespace: user key {@code k} is
 * stored under {@code namespace || 'd' || k}, so several databases (or a replica's own log) can
 * share one store.
 *
 * <p><b>Local reads.</b> {@link #get} and {@link #read} answer from this replica's state without
 * ordering: they see exactly the operations this replica has executed, which may lag behind the
 * committed log (the replica is slow or partitioned) and, on a faulty replica, may be anything. A
 * client that wants a linearizable read either orders its {@link DbOperation.Get} through PBFT like
 * any operation, or uses PBFT's read-only optimisation: it sends the get to every replica, which
 * answers from its local state, and accepts a result only when 2f + 1 replicas return the same one
 * (otherwise it retries the get as an ordered operation).
 *
 * <p>Not thread-safe: the PBFT core calls it from its one thread.
 */
public final class KeyValueDatabase implements StateMachine {
  /** The longest namespace, in bytes: namespace, tag byte and key fit the store's key limit. */
  public static final int MAX_NAMESPACE_SIZE =
      KeyValueStore.MAX_KEY_SIZE - 1 - DbOperation.MAX_KEY_SIZE;

  /** The longest snapshot {@link #restore} accepts by default (64 MiB). */
  public static final int DEFAULT_MAX_SNAPSHOT_SIZE = 64 << 20;

  private static final byte DATA_TAG = 'd';

  private final KeyValueStore store;
  private final Bytes dataPrefix;
  private final KeyRange dataRange;
  private final int maxSnapshotSize;
  private Optional<Hash> cachedDigest = Optional.empty();

  /**
   * A database over the keys of {@code store} that begin with {@code namespace}, restoring at most
   * {@link #DEFAULT_MAX_SNAPSHOT_SIZE} bytes.
   *
   * @param store the store; the database does not close it
   * @param namespace 1 to {@link #MAX_NAMESPACE_SIZE} bytes
   */
  public KeyValueDatabase(KeyValueStore store, Bytes namespace) {
    this(store, namespace, DEFAULT_MAX_SNAPSHOT_SIZE);
  }

  /**
   * A database over the keys of {@code store} that begin with {@code namespace}.
   *
   * @param store the store; the database does not close it
   * @param namespace 1 to {@link #MAX_NAMESPACE_SIZE} bytes
   * @param maxSnapshotSize the longest snapshot encoding {@link #restore} accepts
   */
  public KeyValueDatabase(KeyValueStore store, Bytes namespace, int maxSnapshotSize) {
    this.store = Objects.requireNonNull(store, "store");
    Objects.requireNonNull(namespace, "namespace");
    if (namespace.isEmpty() || namespace.size() > MAX_NAMESPACE_SIZE) {
      throw new IllegalArgumentException(
          "a namespace is 1 to " + MAX_NAMESPACE_SIZE + " bytes, got " + namespace.size());
    }
    if (maxSnapshotSize < 0) {
      throw new IllegalArgumentException("maxSnapshotSize must not be negative");
    }
    this.dataPrefix = namespace.concat(Bytes.of(new byte[] {DATA_TAG}));
    this.dataRange = KeyRange.prefix(dataPrefix);
    this.maxSnapshotSize = maxSnapshotSize;
  }

  /**
   * Executes one operation from its encoding, as the PBFT core does for each committed request.
   *
   * @return the encoded {@link DbResult}; {@link DbResult.Status#INVALID_OPERATION} for bytes that
   *     do not decode
   */
  @Override
  public Bytes execute(Bytes operation) {
    Objects.requireNonNull(operation, "operation");
    DbOperation decoded;
    try {
      decoded = DbCodec.decodeOperation(operation);
    } catch (InvalidDatabaseInputException e) {
      return DbCodec.encode(DbResult.invalidOperation());
    }
    return DbCodec.encode(apply(decoded));
  }

  /**
   * Executes one decoded operation.
   *
   * @param operation the operation to execute
   * @return its result; an invalid operation changes nothing
   */
  public DbResult apply(DbOperation operation) {
    Objects.requireNonNull(operation, "operation");
    if (operation instanceof DbOperation.Get get) {
      return read(get);
    }
    if (operation instanceof DbOperation.Put put) {
      // The old value is read only when the client asked for it: a blind put is one store write.
      Optional<Bytes> previous = put.returnPrevious() ? get(put.key()) : Optional.empty();
      write(WriteBatch.builder().put(storeKey(put.key()), put.value()).build());
      return DbResult.ok(previous);
    }
    Optional<Bytes> current = get(operation.key());
    WriteBatch.Builder batch = WriteBatch.builder();
    if (operation instanceof DbOperation.Delete delete) {
      if (current.isEmpty()) {
        return DbResult.notFound();
      }
      batch.delete(storeKey(delete.key()));
    } else {
      DbOperation.CompareAndSet cas = (DbOperation.CompareAndSet) operation;
      if (!current.equals(cas.expected())) {
        return new DbResult(DbResult.Status.CAS_MISMATCH, current);
      }
      if (cas.newValue().isPresent()) {
        batch.put(storeKey(cas.key()), cas.newValue().get());
      } else {
        batch.delete(storeKey(cas.key()));
      }
    }
    write(batch.build());
    return DbResult.ok(current);
  }

  /**
   * Answers a read-only operation from the local state without ordering it (PBFT's read-only path);
   * see the class documentation for its consistency. Only a {@link DbOperation.Get} is read-only:
   * anything else, or bytes that do not decode, is answered {@link
   * DbResult.Status#INVALID_OPERATION} and changes nothing.
   */
  @Override
  public Bytes query(Bytes operation) {
    Objects.requireNonNull(operation, "operation");
    try {
      if (DbCodec.decodeOperation(operation) instanceof DbOperation.Get get) {
        return DbCodec.encode(read(get));
      }
    } catch (InvalidDatabaseInputException e) {
      // answered below, like any operation that is not a read
    }
    return DbCodec.encode(DbResult.invalidOperation());
  }

  /**
   * Answers a get from the local state; see the class documentation for its consistency.
   *
   * @param get the read
   * @return the value, or {@link DbResult#notFound()}
   */
  public DbResult read(DbOperation.Get get) {
    return get(get.key()).map(v -> DbResult.ok(Optional.of(v))).orElseGet(DbResult::notFound);
  }

  /**
   * The value under {@code key} in the local state; see the class documentation.
   *
   * @param key the database key, as a client's operation names it
   * @return the value, or empty if absent
   */
  public Optional<Bytes> get(Bytes key) {
    return store.get(storeKey(key));
  }

  /**
   * The whole key space as a value.
   *
   * @return every entry, in key order
   */
  public DbSnapshot snapshotValue() {
    List<KeyValue> entries = new ArrayList<>();
    try (KeyValueStore.Scan scan = store.scan(dataRange)) {
      while (scan.hasNext()) {
        KeyValue kv = scan.next();
        entries.add(new KeyValue(userKey(kv.key()), kv.value()));
      }
    }
    return new DbSnapshot(entries);
  }

  /** The encoded snapshot of the whole key space ({@code DbSnapshot}), for state transfer. */
  @Override
  public Bytes snapshot() {
    return DbCodec.encode(snapshotValue());
  }

  /**
   * Replaces the whole key space with an encoded snapshot, in one atomic batch. For snapshots the
   * replica already trusts (its own, or one whose digest 2f + 1 replicas certified); bytes from
   * outside go through {@link DbCodec#decodeSnapshot} and {@link #restore(DbSnapshot)}.
   *
   * @throws IllegalArgumentException if the bytes are not a valid snapshot within the size limit;
   *     nothing changed then
   */
  @Override
  public void restore(Bytes snapshot) {
    DbSnapshot decoded;
    try {
      decoded =
          DbCodec.decodeSnapshot(Objects.requireNonNull(snapshot, "snapshot"), maxSnapshotSize);
    } catch (InvalidDatabaseInputException e) {
      throw new IllegalArgumentException("not a snapshot of this database: " + e.getMessage(), e);
    }
    restore(decoded);
  }

  /**
   * Replaces the whole key space with {@code snapshot}, in one atomic batch.
   *
   * @param snapshot the key space to install
   */
  public void restore(DbSnapshot snapshot) {
    Objects.requireNonNull(snapshot, "snapshot");
    WriteBatch.Builder batch = WriteBatch.builder();
    try (KeyValueStore.Scan scan = store.scan(dataRange)) {
      while (scan.hasNext()) {
        batch.delete(scan.next().key());
      }
    }
    // Within a batch a later operation on the same key wins, so surviving keys are re-put.
    for (KeyValue entry : snapshot.entries()) {
      batch.put(storeKey(entry.key()), entry.value());
    }
    write(batch.build());
    cachedDigest = Optional.of(snapshot.digest());
  }

  /**
   * The digest of the whole key space, as {@link DbSnapshot#digest()} defines it. Computed by one
   * scan and cached until the next write.
   */
  @Override
  public Hash digest() {
    if (cachedDigest.isEmpty()) {
      DbSnapshot.Digester digester = new DbSnapshot.Digester();
      try (KeyValueStore.Scan scan = store.scan(dataRange)) {
        while (scan.hasNext()) {
          KeyValue kv = scan.next();
          digester.add(userKey(kv.key()), kv.value());
        }
      }
      cachedDigest = Optional.of(digester.finish());
    }
    return cachedDigest.get();
  }

  private void write(WriteBatch batch) {
    cachedDigest = Optional.empty();
    store.write(batch);
  }

  private Bytes storeKey(Bytes key) {
    if (key.isEmpty() || key.size() > DbOperation.MAX_KEY_SIZE) {
      throw new IllegalArgumentException(
          "a database key is 1 to " + DbOperation.MAX_KEY_SIZE + " bytes, got " + key.size());
    }
    return dataPrefix.concat(key);
  }

  private Bytes userKey(Bytes storeKey) {
    return storeKey.slice(dataPrefix.size(), storeKey.size());
  }
}
