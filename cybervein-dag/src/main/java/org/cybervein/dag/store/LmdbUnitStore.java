package org.cybervein.dag.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.PublicKey;
import org.cybervein.api.SignatureAlgorithm;
import org.cybervein.api.store.KeyRange;
import org.cybervein.api.store.KeyValue;
import org.cybervein.api.store.KeyValueStore;
import org.cybervein.api.store.StoreException;
import org.cybervein.api.store.WriteBatch;
import org.cybervein.dag.certification.ValidatorBits;
import org.cybervein.dag.unit.Attestation;
import org.cybervein.dag.unit.InvalidUnitException;
import org.cybervein.dag.unit.Unit;
import org.cybervein.dag.unit.UnitStatus;

/**
 * The durable {@link UnitStore}: units and every index of the interface kept as keys of one {@link
 * KeyValueStore}, normally an {@link LmdbKeyValueStore}. Each {@link #append(UnitBatch)} becomes
 * one {@link WriteBatch}, which is one LMDB transaction: the group commit of the interface, with
 * one sync for the whole batch.
 *
 * <p>Nothing is rebuilt on reopening: children, tips, the (author, sequence) index, equivocators,
 * verification ids, the per-status index, the unit count and the last checkpoint are all stored
 * entries, so {@link #open} reads only a format record. Stored units are decoded on each {@link
 * #unit} call (shape checks and id hash, no signature check) and their id is compared with the key:
 * a mismatch is reported as a corrupt store ({@link StoreException}).
 *
 * <p>The store owns the whole key space of its {@link KeyValueStore}; share an LMDB directory with
 * nothing else. Over an {@link org.cybervein.api.store.InMemoryKeyValueStore} it behaves the same
 * without durability.
 *
 * <p>Threads: appends are serialized; reads may run concurrently with each other and with an
 * append. Each read sees whole batches only, but a caller that makes several reads during a
 * concurrent append may see the batch between two of them.
 *
 * <h2>Key layout (version 1)</h2>
 *
 * <pre>
 * 00 "format"                   -> "org.cybervein.dag.store.LmdbUnitStore/1"
 * 'U' id                        -> encoded unit (envelope)
 * 'M' id                        -> height (8) | status (1) | finalizedBy (8, -1 none) | coverage
 * 'C' parent id                 -> (empty)          children
 * 'T' id                        -> (empty)          tips
 * 'S' author seq(8) id          -> (empty)          units by author and sequence
 * 'L' author                    -> last sequence (8)
 * 'E' author                    -> (empty)          equivocators
 * 'V' verification id           -> (empty)          used verification ids
 * 'Q' status id                 -> (empty)          units by status
 * 'N'                           -> number of units (8)
 * 'K'                           -> last checkpoint (8)
 * </pre>
 *
 * An author is its algorithm's ordinal (1 byte) followed by its fixed-size encoded key; sequence
 * numbers are big-endian with the sign bit flipped, so that they sort as signed numbers.
 */
public final class LmdbUnitStore implements UnitStore {
  private static final Bytes FORMAT_KEY = Bytes.of(new byte[] {0, 'f', 'o', 'r', 'm', 'a', 't'});
  private static final Bytes FORMAT_V1 = Bytes.utf8("org.cybervein.dag.store.LmdbUnitStore/1");

  private static final byte UNIT = 'U';
  private static final byte META = 'M';
  private static final byte CHILD = 'C';
  private static final byte TIP = 'T';
  private static final byte SEQUENCE = 'S';
  private static final byte LAST_SEQUENCE = 'L';
  private static final byte EQUIVOCATOR = 'E';
  private static final byte VERIFICATION_ID = 'V';
  private static final byte STATUS = 'Q';
  private static final Bytes COUNT = Bytes.of(new byte[] {'N'});
  private static final Bytes CHECKPOINT = Bytes.of(new byte[] {'K'});

  // Stored units passed validation under the node's limits when they were appended; reading them
  // back must not depend on today's configuration, so decode with the widest limits.
  private static final org.cybervein.dag.unit.UnitLimits STORED =
      new org.cybervein.dag.unit.UnitLimits(
          org.cybervein.dag.unit.UnitLimits.HARD_MAX_PARENTS,
          Integer.MAX_VALUE,
          Integer.MAX_VALUE,
          Duration.ZERO);

  private static final Comparator<PublicKey> KEY_ORDER =
      Comparator.comparing(PublicKey::algorithm).thenComparing(PublicKey::encoded);

  // Read caches, written through after each commit; appends are serialized, so they hold the
  // committed state. A long value of Long.MIN_VALUE marks an author without units.
  private static final int UNIT_CACHE = 8192;
  private static final int META_CACHE = 65_536;
  private static final int AUTHOR_CACHE = 16_384;
  private static final long NO_SEQUENCE = Long.MIN_VALUE;

  private final KeyValueStore kv;
  private final BoundedCache<Hash, Unit> units = new BoundedCache<>(UNIT_CACHE);
  private final BoundedCache<Hash, Meta> metas = new BoundedCache<>(META_CACHE);
  private final BoundedCache<PublicKey, Long> lastSequenceCache = new BoundedCache<>(AUTHOR_CACHE);
  // A read fills a cache only if no append committed since the read began (generation unchanged),
  // so that a slow reader never puts an older state over a newer one.
  private final Object cacheLock = new Object();
  private long generation;
  private volatile boolean closed;

  private LmdbUnitStore(KeyValueStore kv) {
    this.kv = kv;
  }

  /** Opens (or creates) a unit store in {@code directory} with default LMDB settings. */
  public static LmdbUnitStore open(Path directory) {
    return open(LmdbKeyValueStore.open(directory));
  }

  /**
   * A unit store over {@code kv}, which it then owns (and closes). {@code kv} is empty or holds a
   * unit store of this format.
   *
   * @throws StoreException if {@code kv} holds something else; {@code kv} is closed then
   */
  public static LmdbUnitStore open(KeyValueStore kv) {
    Objects.requireNonNull(kv, "kv");
    try {
      Optional<Bytes> format = kv.get(FORMAT_KEY);
      if (format.isEmpty()) {
        try (KeyValueStore.Scan scan = kv.scan(KeyRange.all())) {
          if (scan.hasNext()) {
            throw new StoreException("not a unit store (no format record)");
          }
        }
        kv.write(WriteBatch.builder().put(FORMAT_KEY, FORMAT_V1).put(COUNT, long8(0)).build());
      } else if (!format.get().equals(FORMAT_V1)) {
        throw new StoreException(
            "unit store format "
                + new String(format.get().toByteArray(), StandardCharsets.UTF_8)
                + " is not "
                + new String(FORMAT_V1.toByteArray(), StandardCharsets.UTF_8));
      }
      return new LmdbUnitStore(kv);
    } catch (RuntimeException e) {
      kv.close();
      throw e;
    }
  }

  // ------------------------------------------------------------------ writing

  /** Per-unit mutable state as stored under 'M'. */
  private static final class Meta {
    final long height;
    final UnitStatus storedStatus;
    UnitStatus status;
    long finalizedBy;
    Optional<ValidatorBits> coverage;

    Meta(long height, UnitStatus storedStatus, long finalizedBy, Optional<ValidatorBits> coverage) {
      this.height = height;
      this.storedStatus = storedStatus;
      this.status = storedStatus;
      this.finalizedBy = finalizedBy;
      this.coverage = coverage;
    }

    /** A copy to change in a batch, whose stored status is this one's status. */
    Meta copy() {
      return new Meta(height, status, finalizedBy, coverage);
    }

    /** The state as committed: its status is now the stored one. */
    Meta committed() {
      return copy();
    }

    Bytes encode() {
      Bytes bits = coverage.map(ValidatorBits::encode).orElse(Bytes.EMPTY);
      ByteBuffer b = ByteBuffer.allocate(18 + bits.size());
      b.putLong(height).put((byte) status.ordinal()).putLong(finalizedBy);
      b.put((byte) (coverage.isPresent() ? 1 : 0)).put(bits.toByteArray());
      return Bytes.of(b.array());
    }

    static Meta decode(Hash id, Bytes encoded) {
      byte[] raw = encoded.toByteArray();
      if (raw.length < 18 || raw[8] < 0 || raw[8] >= UnitStatus.values().length || raw[17] > 1) {
        throw new StoreException("corrupt unit store: bad state record of " + id);
      }
      ByteBuffer b = ByteBuffer.wrap(raw);
      long height = b.getLong();
      UnitStatus status = UnitStatus.values()[b.get()];
      long finalizedBy = b.getLong();
      boolean hasCoverage = b.get() == 1;
      Optional<ValidatorBits> coverage;
      try {
        coverage =
            hasCoverage
                ? Optional.of(ValidatorBits.decode(Bytes.of(raw, 18, raw.length - 18)))
                : Optional.empty();
      } catch (IllegalArgumentException e) {
        throw new StoreException("corrupt unit store: bad coverage of " + id, e);
      }
      return new Meta(height, status, finalizedBy, coverage);
    }
  }

  private record AuthorSequence(PublicKey author, long sequence) {}

  /** Where an append reads the stored state and puts its writes. */
  private interface Tx {
    Optional<Bytes> get(Bytes key);

    boolean anyWithPrefix(Bytes prefix);

    void put(Bytes key, Bytes value);

    void delete(Bytes key);
  }

  /** An LMDB write transaction: reads need no read transaction, and the writes commit at once. */
  private static Tx over(LmdbKeyValueStore.Transaction t) {
    return new Tx() {
      @Override
      public Optional<Bytes> get(Bytes key) {
        return t.get(key);
      }

      @Override
      public boolean anyWithPrefix(Bytes prefix) {
        return t.first(KeyRange.prefix(prefix)).isPresent();
      }

      @Override
      public void put(Bytes key, Bytes value) {
        t.put(key, value);
      }

      @Override
      public void delete(Bytes key) {
        t.delete(key);
      }
    };
  }

  /** Any other store: reads from it, writes collected into one batch. */
  private static Tx over(KeyValueStore kv, WriteBatch.Builder writes) {
    return new Tx() {
      @Override
      public Optional<Bytes> get(Bytes key) {
        return kv.get(key);
      }

      @Override
      public boolean anyWithPrefix(Bytes prefix) {
        try (KeyValueStore.Scan scan = kv.scan(KeyRange.prefix(prefix))) {
          return scan.hasNext();
        }
      }

      @Override
      public void put(Bytes key, Bytes value) {
        writes.put(key, value);
      }

      @Override
      public void delete(Bytes key) {
        writes.delete(key);
      }
    };
  }

  @Override
  public synchronized void append(UnitBatch batch) {
    Objects.requireNonNull(batch, "batch");
    checkOpen();
    if (batch.isEmpty()) {
      return;
    }
    Map<Hash, Meta> touched;
    Map<PublicKey, Long> lastSequences;
    if (kv instanceof LmdbKeyValueStore lmdb) {
      // One write transaction for the checks, the index reads and the writes; re-run from the
      // start if the map had to grow, so the results are taken from the last run.
      List<Map<Hash, Meta>> lastTouched = new ArrayList<>(1);
      List<Map<PublicKey, Long>> lastSeqs = new ArrayList<>(1);
      lmdb.update(
          t -> {
            Map<Hash, Meta> tm = new LinkedHashMap<>();
            Map<PublicKey, Long> ls = new HashMap<>();
            apply(batch, over(t), tm, ls);
            lastTouched.clear();
            lastTouched.add(tm);
            lastSeqs.clear();
            lastSeqs.add(ls);
            return null;
          });
      touched = lastTouched.get(0);
      lastSequences = lastSeqs.get(0);
    } else {
      WriteBatch.Builder writes = WriteBatch.builder();
      touched = new LinkedHashMap<>();
      lastSequences = new HashMap<>();
      apply(batch, over(kv, writes), touched, lastSequences);
      kv.write(writes.build());
    }
    // Committed: refresh the caches with what this batch made true.
    synchronized (cacheLock) {
      generation++;
      for (UnitBatch.NewUnit n : batch.units()) {
        units.put(n.unit().id(), n.unit());
      }
      touched.forEach((id, m) -> metas.put(id, m.committed()));
      lastSequences.forEach(lastSequenceCache::put);
    }
  }

  private long generation() {
    synchronized (cacheLock) {
      return generation;
    }
  }

  private <K, V> void fill(BoundedCache<K, V> cache, long readAt, K key, V value) {
    synchronized (cacheLock) {
      if (generation == readAt) {
        cache.put(key, value);
      }
    }
  }

  /**
   * Checks {@code batch} against the stored state and writes it through {@code tx}: every check
   * before the first write, so that a refused batch writes nothing. Fills {@code touched} with the
   * new state of every unit the batch changes and {@code lastSequences} with each author's new last
   * sequence.
   */
  private void apply(
      UnitBatch batch, Tx tx, Map<Hash, Meta> touched, Map<PublicKey, Long> lastSequences) {
    Map<Hash, Meta> added = new HashMap<>();
    for (UnitBatch.NewUnit n : batch.units()) {
      Hash id = n.unit().id();
      if (added.containsKey(id) || tx.get(key(META, id)).isPresent()) {
        throw new IllegalArgumentException("unit " + id + " is already stored");
      }
      Meta m = new Meta(n.height(), null, -1, Optional.empty());
      m.status = n.status();
      added.put(id, m);
      touched.put(id, m);
    }
    for (Map.Entry<Hash, UnitStatus> e : batch.statuses().entrySet()) {
      Meta m = known(e.getKey(), touched, tx);
      if (e.getValue().compareTo(m.status) < 0) {
        throw new IllegalArgumentException(
            "status of " + e.getKey() + " would fall from " + m.status + " to " + e.getValue());
      }
    }
    for (Hash id : batch.coverage().keySet()) {
      known(id, touched, tx);
    }
    for (Hash id : batch.finalizedBy().keySet()) {
      known(id, touched, tx);
    }

    Map<AuthorSequence, Boolean> occupied = new HashMap<>();
    for (UnitBatch.NewUnit n : batch.units()) {
      Unit unit = n.unit();
      Hash id = unit.id();
      Bytes author = author(unit.author());
      tx.put(key(UNIT, id), unit.encoded());
      tx.put(key(TIP, id), Bytes.EMPTY);
      for (Hash parent : unit.body().parents()) {
        tx.put(key(CHILD, parent, id), Bytes.EMPTY);
        // A later operation wins within a batch, so a parent added earlier here stops being a tip.
        tx.delete(key(TIP, parent));
      }
      long last =
          lastSequences.computeIfAbsent(
              unit.author(), a -> storedLastSequence(author, tx).orElse(Long.MIN_VALUE));
      AuthorSequence at = new AuthorSequence(unit.author(), unit.sequence());
      Bytes seqPrefix = concat(new byte[] {SEQUENCE}, author, sequence(unit.sequence()));
      // Above the author's last sequence nothing is stored yet: no index read needed.
      boolean taken =
          occupied.computeIfAbsent(at, a -> unit.sequence() <= last && tx.anyWithPrefix(seqPrefix));
      if (taken) {
        tx.put(concat(new byte[] {EQUIVOCATOR}, author), Bytes.EMPTY);
      }
      occupied.put(at, true);
      tx.put(seqPrefix.concat(id.toBytes()), Bytes.EMPTY);
      if (unit.sequence() > last) {
        lastSequences.put(unit.author(), unit.sequence());
      }
      if (unit.body().payload() instanceof Attestation a) {
        tx.put(key(VERIFICATION_ID, a.record().verificationId()), Bytes.EMPTY);
      }
    }
    lastSequences.forEach(
        (a, s) -> tx.put(concat(new byte[] {LAST_SEQUENCE}, author(a)), long8(s)));
    batch.statuses().forEach((id, s) -> touched.get(id).status = s);
    batch.coverage().forEach((id, bits) -> touched.get(id).coverage = Optional.of(bits));
    batch.finalizedBy().forEach((id, number) -> touched.get(id).finalizedBy = number);
    touched.forEach(
        (id, m) -> {
          tx.put(key(META, id), m.encode());
          if (m.status != m.storedStatus) {
            if (m.storedStatus != null) {
              tx.delete(statusKey(m.storedStatus, id));
            }
            tx.put(statusKey(m.status, id), Bytes.EMPTY);
          }
        });
    if (!added.isEmpty()) {
      long count = tx.get(COUNT).map(v -> readLong(v, 0)).orElse(0L);
      tx.put(COUNT, long8(count + added.size()));
    }
    batch.checkpoint().ifPresent(number -> tx.put(CHECKPOINT, long8(number)));
  }

  /** The state of a unit of this batch or the store, loaded into {@code touched}. */
  private Meta known(Hash id, Map<Hash, Meta> touched, Tx tx) {
    Meta m = touched.get(id);
    if (m == null) {
      Meta cached = metas.get(id);
      m =
          cached != null
              ? cached.copy()
              : tx.get(key(META, id))
                  .map(encoded -> Meta.decode(id, encoded))
                  .orElseThrow(() -> new IllegalArgumentException("unit " + id + " is not stored"));
      touched.put(id, m);
    }
    return m;
  }

  private static OptionalLong storedLastSequence(Bytes author, Tx tx) {
    return tx.get(concat(new byte[] {LAST_SEQUENCE}, author))
        .map(v -> OptionalLong.of(readLong(v, 0)))
        .orElse(OptionalLong.empty());
  }

  // ------------------------------------------------------------------ reading

  @Override
  public boolean contains(Hash id) {
    checkOpen();
    return metas.get(id) != null || kv.get(key(META, id)).isPresent();
  }

  @Override
  public Optional<Unit> unit(Hash id) {
    checkOpen();
    Unit cached = units.get(id);
    if (cached != null) {
      return Optional.of(cached);
    }
    // Units never change once stored, so any read may fill the cache.
    Optional<Unit> stored = kv.get(key(UNIT, id)).map(encoded -> decodeUnit(id, encoded));
    stored.ifPresent(u -> units.put(id, u));
    return stored;
  }

  private static Unit decodeUnit(Hash id, Bytes encoded) {
    Unit unit;
    try {
      unit = Unit.decode(encoded, STORED);
    } catch (InvalidUnitException e) {
      throw new StoreException("corrupt unit store: unit " + id + " does not decode", e);
    }
    if (!unit.id().equals(id)) {
      throw new StoreException("corrupt unit store: unit under " + id + " has id " + unit.id());
    }
    return unit;
  }

  private Optional<Meta> meta(Hash id) {
    checkOpen();
    Meta cached = metas.get(id);
    if (cached != null) {
      return Optional.of(cached);
    }
    long readAt = generation();
    Optional<Meta> stored = kv.get(key(META, id)).map(encoded -> Meta.decode(id, encoded));
    stored.ifPresent(m -> fill(metas, readAt, id, m));
    return stored;
  }

  @Override
  public OptionalLong height(Hash id) {
    return meta(id).map(m -> OptionalLong.of(m.height)).orElse(OptionalLong.empty());
  }

  @Override
  public Optional<UnitStatus> status(Hash id) {
    return meta(id).map(m -> m.status);
  }

  @Override
  public Optional<ValidatorBits> coverage(Hash id) {
    return meta(id).flatMap(m -> m.coverage);
  }

  @Override
  public OptionalLong finalizedBy(Hash id) {
    return meta(id)
        .filter(m -> m.finalizedBy >= 0)
        .map(m -> OptionalLong.of(m.finalizedBy))
        .orElse(OptionalLong.empty());
  }

  @Override
  public List<Hash> children(Hash parent) {
    checkOpen();
    return idsAfter(key(CHILD, parent));
  }

  @Override
  public List<Hash> tips() {
    checkOpen();
    return idsAfter(Bytes.of(new byte[] {TIP}));
  }

  @Override
  public List<Hash> unitsAt(PublicKey author, long sequence) {
    checkOpen();
    OptionalLong last = lastSequence(author);
    if (last.isEmpty() || sequence > last.getAsLong()) {
      // The common question of ingest ("is this new unit an equivocation?") needs no scan.
      return List.of();
    }
    return idsAfter(concat(new byte[] {SEQUENCE}, author(author), sequence(sequence)));
  }

  @Override
  public OptionalLong lastSequence(PublicKey author) {
    checkOpen();
    Long cached = lastSequenceCache.get(author);
    if (cached == null) {
      long readAt = generation();
      cached =
          kv.get(concat(new byte[] {LAST_SEQUENCE}, author(author)))
              .map(v -> readLong(v, 0))
              .orElse(NO_SEQUENCE);
      fill(lastSequenceCache, readAt, author, cached);
    }
    return cached == NO_SEQUENCE ? OptionalLong.empty() : OptionalLong.of(cached);
  }

  @Override
  public boolean isVerificationIdUsed(Hash verificationId) {
    checkOpen();
    return kv.get(key(VERIFICATION_ID, verificationId)).isPresent();
  }

  @Override
  public List<PublicKey> equivocators() {
    checkOpen();
    List<PublicKey> out = new ArrayList<>();
    try (KeyValueStore.Scan scan = kv.scan(KeyRange.prefix(Bytes.of(new byte[] {EQUIVOCATOR})))) {
      while (scan.hasNext()) {
        Bytes k = scan.next().key();
        out.add(decodeAuthor(k.slice(1, k.size())));
      }
    }
    out.sort(KEY_ORDER);
    return List.copyOf(out);
  }

  @Override
  public List<Hash> withStatus(UnitStatus status) {
    checkOpen();
    return idsAfter(Bytes.of(new byte[] {STATUS, (byte) status.ordinal()}));
  }

  @Override
  public OptionalLong lastCheckpoint() {
    checkOpen();
    return kv.get(CHECKPOINT)
        .map(v -> OptionalLong.of(readLong(v, 0)))
        .orElse(OptionalLong.empty());
  }

  @Override
  public long size() {
    checkOpen();
    return kv.get(COUNT).map(v -> readLong(v, 0)).orElse(0L);
  }

  /** Closes the store and its key-value store. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      kv.close();
      units.clear();
      metas.clear();
      lastSequenceCache.clear();
    }
  }

  @Override
  public String toString() {
    return "LmdbUnitStore[" + (closed ? "closed" : kv.toString()) + "]";
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the unit store is closed");
    }
  }

  // ------------------------------------------------------------------ keys

  /** The ids that end the keys beginning with {@code prefix}, in key (= id) order. */
  private List<Hash> idsAfter(Bytes prefix) {
    List<Hash> out = new ArrayList<>();
    try (KeyValueStore.Scan scan = kv.scan(KeyRange.prefix(prefix))) {
      while (scan.hasNext()) {
        KeyValue e = scan.next();
        byte[] k = e.key().toByteArray();
        if (k.length != prefix.size() + Hash.SIZE) {
          throw new StoreException("corrupt unit store: key of " + k.length + " bytes");
        }
        out.add(Hash.of(k, prefix.size()));
      }
    }
    return out;
  }

  private static Bytes key(byte kind, Hash id) {
    byte[] k = new byte[1 + Hash.SIZE];
    k[0] = kind;
    id.copyTo(k, 1);
    return Bytes.of(k);
  }

  private static Bytes key(byte kind, Hash first, Hash second) {
    byte[] k = new byte[1 + 2 * Hash.SIZE];
    k[0] = kind;
    first.copyTo(k, 1);
    second.copyTo(k, 1 + Hash.SIZE);
    return Bytes.of(k);
  }

  private static Bytes statusKey(UnitStatus status, Hash id) {
    byte[] k = new byte[2 + Hash.SIZE];
    k[0] = STATUS;
    k[1] = (byte) status.ordinal();
    id.copyTo(k, 2);
    return Bytes.of(k);
  }

  private static Bytes author(PublicKey key) {
    return Bytes.of(new byte[] {(byte) key.algorithm().ordinal()}).concat(key.encoded());
  }

  private static PublicKey decodeAuthor(Bytes encoded) {
    int ordinal = encoded.isEmpty() ? -1 : encoded.byteAt(0);
    if (ordinal < 0 || ordinal >= SignatureAlgorithm.values().length) {
      throw new StoreException("corrupt unit store: unknown key algorithm " + ordinal);
    }
    try {
      return new PublicKey(SignatureAlgorithm.values()[ordinal], encoded.slice(1, encoded.size()));
    } catch (IllegalArgumentException e) {
      throw new StoreException("corrupt unit store: bad author key", e);
    }
  }

  private static Bytes sequence(long sequence) {
    return long8(sequence ^ Long.MIN_VALUE);
  }

  private static Bytes long8(long v) {
    return Bytes.of(ByteBuffer.allocate(8).putLong(v).array());
  }

  private static long readLong(Bytes v, int offset) {
    if (v.size() < offset + 8) {
      throw new StoreException("corrupt unit store: short number");
    }
    return ByteBuffer.wrap(v.toByteArray()).getLong(offset);
  }

  private static Bytes concat(byte[] head, Bytes... rest) {
    Bytes out = Bytes.of(head);
    for (Bytes r : rest) {
      out = out.concat(r);
    }
    return out;
  }
}
