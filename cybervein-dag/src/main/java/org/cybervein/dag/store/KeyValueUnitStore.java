package org.cybervein.dag.store;

import static org.cybervein.dag.store.UnitKeys.CHECKPOINT_KEY;
import static org.cybervein.dag.store.UnitKeys.COUNT_KEY;
import static org.cybervein.dag.store.UnitKeys.EQUIVOCATOR;
import static org.cybervein.dag.store.UnitKeys.FORMAT_KEY;
import static org.cybervein.dag.store.UnitKeys.FORMAT_V4;
import static org.cybervein.dag.store.UnitKeys.ID;
import static org.cybervein.dag.store.UnitKeys.LAST_SEQUENCE;
import static org.cybervein.dag.store.UnitKeys.NOTHING;
import static org.cybervein.dag.store.UnitKeys.ORPHAN_CHILD;
import static org.cybervein.dag.store.UnitKeys.STATUS;
import static org.cybervein.dag.store.UnitKeys.TIP;
import static org.cybervein.dag.store.UnitKeys.author;
import static org.cybervein.dag.store.UnitKeys.childKey;
import static org.cybervein.dag.store.UnitKeys.childPrefix;
import static org.cybervein.dag.store.UnitKeys.decodeAuthor;
import static org.cybervein.dag.store.UnitKeys.key;
import static org.cybervein.dag.store.UnitKeys.long8;
import static org.cybervein.dag.store.UnitKeys.prefixed;
import static org.cybervein.dag.store.UnitKeys.readLong;
import static org.cybervein.dag.store.UnitKeys.sequenceKey;
import static org.cybervein.dag.store.UnitKeys.statusKey;
import static org.cybervein.dag.store.UnitKeys.unitKey;
import static org.cybervein.dag.store.UnitKeys.verificationPrefix;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.PublicKey;
import org.cybervein.api.store.KeyRange;
import org.cybervein.api.store.KeyValue;
import org.cybervein.api.store.KeyValueStore;
import org.cybervein.api.store.StoreException;
import org.cybervein.api.store.TransactionalKeyValueStore;
import org.cybervein.api.store.WriteBatch;
import org.cybervein.dag.certification.ValidatorBits;
import org.cybervein.dag.unit.Attestation;
import org.cybervein.dag.unit.InvalidUnitException;
import org.cybervein.dag.unit.Unit;
import org.cybervein.dag.unit.UnitStatus;

/**
 * The durable {@link UnitStore}: units and every index of the interface kept as keys of one {@link
 * KeyValueStore}, normally the LMDB one of {@code cybervein-store-lmdb}. Each {@link
 * #append(UnitBatch)} becomes one {@link WriteBatch}, which is one LMDB transaction: the group
 * commit of the interface, with one sync for the whole batch.
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
 * <h2>Key layout (version 4)</h2>
 *
 * <pre>
 * 00 "format"                   -> "org.cybervein.dag.store.LmdbUnitStore/4"
 * 'I' id                        -> number (8)
 * 'U' number(8)                 -> number (8) | height (8) | status (1) | finalizedBy (8, -1 none)
 *                                  | coverage length (4, -1 none) | coverage | encoded unit
 * 'C' parent number(8) id       -> (empty)          children of a stored parent
 * 'D' parent id id              -> (empty)          children of a parent not stored then (genesis)
 * 'T' id                        -> (empty)          tips
 * 'S' author seq(8) id          -> (empty)          units by author and sequence
 * 'L' author                    -> last sequence (8)
 * 'E' author                    -> (empty)          equivocators
 * 'V' validator vid id           -> (empty)          units carrying a validator's verification id
 * 'Q' status number(8)          -> id               units by status
 * 'N'                           -> number of units (8)
 * 'K'                           -> last checkpoint (8)
 * </pre>
 *
 * A unit's number is its position in the order of appends (0, 1, ...). Only the small entry that
 * maps its id to its number lands at a random place of the tree; its record, children and status
 * entries are keyed by numbers, which grow, so the entries of one append share a few pages at the
 * end of their ranges: fewer pages for each commit to write and sync. A lookup by id costs two
 * reads instead of one. An author is its algorithm's ordinal (1 byte) followed by its fixed-size
 * encoded key; numbers are big-endian, sequence numbers with the sign bit flipped, so that they
 * sort as signed numbers.
 */
public final class KeyValueUnitStore implements UnitStore {
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

  private KeyValueUnitStore(KeyValueStore kv) {
    this.kv = kv;
  }

  /**
   * A unit store over {@code kv}, which it then owns (and closes). {@code kv} is empty or holds a
   * unit store of this format.
   *
   * @param kv the key-value store to keep the units in
   * @return the unit store
   * @throws StoreException if {@code kv} holds something else; {@code kv} is closed then
   */
  public static KeyValueUnitStore open(KeyValueStore kv) {
    Objects.requireNonNull(kv, "kv");
    try {
      Optional<Bytes> format = kv.get(FORMAT_KEY);
      if (format.isEmpty()) {
        try (KeyValueStore.Scan scan = kv.scan(KeyRange.all())) {
          if (scan.hasNext()) {
            throw new StoreException("not a unit store (no format record)");
          }
        }
        kv.write(
            WriteBatch.builder()
                .put(FORMAT_KEY, FORMAT_V4)
                .put(Bytes.of(COUNT_KEY), Bytes.of(long8(0)))
                .build());
      } else if (!format.get().equals(FORMAT_V4)) {
        throw new StoreException(
            "unit store format "
                + new String(format.get().toByteArray(), StandardCharsets.UTF_8)
                + " is not "
                + new String(FORMAT_V4.toByteArray(), StandardCharsets.UTF_8));
      }
      return new KeyValueUnitStore(kv);
    } catch (RuntimeException e) {
      kv.close();
      throw e;
    }
  }

  // ------------------------------------------------------------------ writing

  /**
   * Per-unit mutable state, stored in front of the unit under 'U': number (8) | height (8) | status
   * (1) | finalizedBy (8, -1 none) | coverage length (4, -1 none) | coverage | encoded unit.
   */
  private static final class Meta {
    static final int HEADER = 29;

    final long number;
    final long height;
    final UnitStatus storedStatus;
    UnitStatus status;
    long finalizedBy;
    Optional<ValidatorBits> coverage;

    Meta(
        long number,
        long height,
        UnitStatus storedStatus,
        long finalizedBy,
        Optional<ValidatorBits> coverage) {
      this.number = number;
      this.height = height;
      this.storedStatus = storedStatus;
      this.status = storedStatus;
      this.finalizedBy = finalizedBy;
      this.coverage = coverage;
    }

    /** A copy to change in a batch, whose stored status is this one's status. */
    Meta copy() {
      return new Meta(number, height, status, finalizedBy, coverage);
    }

    /** The state as committed: its status is now the stored one. */
    Meta committed() {
      return copy();
    }

    /** The whole record: this state followed by the encoded unit. */
    byte[] encode(Bytes unit) {
      byte[] bits = coverage.map(b -> b.encode().toByteArray()).orElse(null);
      int bitsLength = bits == null ? 0 : bits.length;
      byte[] out = new byte[HEADER + bitsLength + unit.size()];
      ByteBuffer b = ByteBuffer.wrap(out);
      b.putLong(number).putLong(height).put((byte) status.ordinal()).putLong(finalizedBy);
      b.putInt(bits == null ? -1 : bitsLength);
      if (bits != null) {
        b.put(bits);
      }
      unit.copyTo(out, HEADER + bitsLength);
      return out;
    }

    /** Where the encoded unit starts in a record, after checking the header. */
    static int unitOffset(Hash id, byte[] raw) {
      if (raw.length < HEADER || raw[16] < 0 || raw[16] >= UnitStatus.values().length) {
        throw new StoreException("corrupt unit store: bad state record of " + id);
      }
      int bits = ByteBuffer.wrap(raw).getInt(25);
      if (bits < -1 || bits > raw.length - HEADER) {
        throw new StoreException("corrupt unit store: bad coverage length of " + id);
      }
      return HEADER + Math.max(bits, 0);
    }

    static long number(Hash id, byte[] raw) {
      unitOffset(id, raw);
      return ByteBuffer.wrap(raw).getLong(0);
    }

    /** Decodes the state of a record, which must be that of unit {@code expected}. */
    static Meta decode(Hash id, byte[] raw, long expected) {
      if (raw == null) {
        throw new StoreException("corrupt unit store: no record of " + id);
      }
      int unitAt = unitOffset(id, raw);
      ByteBuffer b = ByteBuffer.wrap(raw);
      long number = b.getLong();
      if (number != expected) {
        throw new StoreException("corrupt unit store: record of " + id + " has another number");
      }
      long height = b.getLong();
      UnitStatus status = UnitStatus.values()[b.get()];
      long finalizedBy = b.getLong();
      int bits = b.getInt();
      Optional<ValidatorBits> coverage;
      try {
        coverage =
            bits < 0
                ? Optional.empty()
                : Optional.of(ValidatorBits.decode(Bytes.of(raw, HEADER, unitAt - HEADER)));
      } catch (IllegalArgumentException e) {
        throw new StoreException("corrupt unit store: bad coverage of " + id, e);
      }
      return new Meta(number, height, status, finalizedBy, coverage);
    }
  }

  private record AuthorSequence(PublicKey author, long sequence) {}

  @Override
  public synchronized void append(UnitBatch batch) {
    Objects.requireNonNull(batch, "batch");
    checkOpen();
    if (batch.isEmpty()) {
      return;
    }
    Map<Hash, Meta> touched;
    Map<PublicKey, Long> lastSequences;
    if (kv instanceof TransactionalKeyValueStore lmdb) {
      // One write transaction for the checks, the index reads and the writes; re-run from the
      // start if the map had to grow, so the results are taken from the last run.
      List<Map<Hash, Meta>> lastTouched = new ArrayList<>(1);
      List<Map<PublicKey, Long>> lastSeqs = new ArrayList<>(1);
      lmdb.update(
          t -> {
            Map<Hash, Meta> tm = new LinkedHashMap<>();
            Map<PublicKey, Long> ls = new HashMap<>();
            apply(batch, AppendTx.over(t), tm, ls);
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
      apply(batch, AppendTx.over(kv, writes), touched, lastSequences);
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
   * Checks {@code batch} against the stored state and writes it through {@code tx}; a refused batch
   * throws before {@code tx} commits, so it writes nothing. Fills {@code touched} with the new
   * state of every unit the batch changes and {@code lastSequences} with each author's new last
   * sequence.
   *
   * <p>Each new unit costs one put at a random place of the tree (its record under its id); its
   * other keys carry its number, which grows with every unit, so that they land at the end of their
   * ranges, on a few pages that each commit writes anyway.
   */
  private void apply(
      UnitBatch batch, AppendTx tx, Map<Hash, Meta> touched, Map<PublicKey, Long> lastSequences) {
    Map<Hash, Meta> added = new HashMap<>();
    long count = 0;
    if (!batch.units().isEmpty()) {
      byte[] stored = tx.get(COUNT_KEY);
      count = stored == null ? 0 : readLong(stored);
    }
    long number = count;
    for (UnitBatch.NewUnit n : batch.units()) {
      Hash id = n.unit().id();
      Meta m = new Meta(number++, n.height(), null, -1, Optional.empty());
      m.status = n.status();
      if (added.put(id, m) != null) {
        throw new IllegalArgumentException("unit " + id + " is already stored");
      }
      touched.put(id, m);
    }
    Map<Hash, byte[]> records = new HashMap<>();
    for (Map.Entry<Hash, UnitStatus> e : batch.statuses().entrySet()) {
      Meta m = known(e.getKey(), touched, records, tx);
      if (e.getValue().compareTo(m.status) < 0) {
        throw new IllegalArgumentException(
            "status of " + e.getKey() + " would fall from " + m.status + " to " + e.getValue());
      }
      m.status = e.getValue();
    }
    batch
        .coverage()
        .forEach((id, bits) -> known(id, touched, records, tx).coverage = Optional.of(bits));
    batch.finalizedBy().forEach((id, n) -> known(id, touched, records, tx).finalizedBy = n);

    // Tips change once per batch, not once per unit: a new unit is a tip unless a later unit of
    // the batch references it (parents come first), and each parent outside the batch stops being
    // one. In a long batch that is a few operations instead of three per unit.
    Set<Hash> referenced = new HashSet<>();
    for (UnitBatch.NewUnit n : batch.units()) {
      referenced.addAll(n.unit().body().parents());
    }
    for (Hash parent : referenced) {
      if (!added.containsKey(parent)) {
        tx.delete(key(TIP, parent));
      }
    }
    Map<AuthorSequence, Boolean> occupied = new HashMap<>();
    Map<Hash, Long> parentNumbers = new HashMap<>();
    for (UnitBatch.NewUnit n : batch.units()) {
      Unit unit = n.unit();
      Hash id = unit.id();
      Meta m = added.get(id);
      if (!tx.putNew(key(ID, id), long8(m.number))) {
        throw new IllegalArgumentException("unit " + id + " is already stored");
      }
      tx.put(unitKey(m.number), m.encode(unit.encoded()));
      if (!referenced.contains(id)) {
        tx.put(key(TIP, id), NOTHING);
      }
      for (Hash parent : unit.body().parents()) {
        long p = parentNumbers.computeIfAbsent(parent, q -> numberOf(q, added, tx));
        tx.put(p < 0 ? key(ORPHAN_CHILD, parent, id) : childKey(p, id), NOTHING);
      }
      byte[] author = author(unit.author());
      long last =
          lastSequences.computeIfAbsent(
              unit.author(), a -> storedLastSequence(author, tx).orElse(Long.MIN_VALUE));
      AuthorSequence at = new AuthorSequence(unit.author(), unit.sequence());
      byte[] seqKey = sequenceKey(author, unit.sequence(), id);
      // Above the author's last sequence nothing is stored yet: no index read needed.
      boolean taken =
          occupied.computeIfAbsent(
              at,
              a ->
                  unit.sequence() <= last
                      && tx.anyWithPrefix(Bytes.of(seqKey, 0, seqKey.length - Hash.SIZE)));
      if (taken) {
        tx.put(prefixed(EQUIVOCATOR, author), NOTHING);
      }
      occupied.put(at, true);
      tx.put(seqKey, NOTHING);
      if (unit.sequence() > last) {
        lastSequences.put(unit.author(), unit.sequence());
      }
      tx.put(statusKey(m.status, m.number), id.toByteArray());
      if (unit.body().payload() instanceof Attestation a) {
        byte[] prefix = verificationPrefix(a.validator(), a.record().verificationId());
        byte[] k = Arrays.copyOf(prefix, prefix.length + Hash.SIZE);
        id.copyTo(k, prefix.length);
        tx.put(k, NOTHING);
      }
    }
    lastSequences.forEach((a, s) -> tx.put(prefixed(LAST_SEQUENCE, author(a)), long8(s)));
    touched.forEach(
        (id, m) -> {
          if (m.storedStatus == null) {
            return; // new: written above
          }
          byte[] record = records.get(id);
          Bytes unit =
              record != null
                  ? Bytes.of(
                      record,
                      Meta.unitOffset(id, record),
                      record.length - Meta.unitOffset(id, record))
                  : unitBytes(id, m.number, tx);
          tx.put(unitKey(m.number), m.encode(unit));
          if (m.status != m.storedStatus) {
            tx.delete(statusKey(m.storedStatus, m.number));
            tx.put(statusKey(m.status, m.number), id.toByteArray());
          }
        });
    if (!added.isEmpty()) {
      tx.put(COUNT_KEY, long8(count + added.size()));
    }
    batch.checkpoint().ifPresent(c -> tx.put(CHECKPOINT_KEY, long8(c)));
  }

  /** The encoded unit of a stored unit, from the cache or the record. */
  private Bytes unitBytes(Hash id, long number, AppendTx tx) {
    Unit cached = units.get(id);
    if (cached != null) {
      return cached.encoded();
    }
    byte[] record = tx.get(unitKey(number));
    if (record == null) {
      throw new StoreException("corrupt unit store: no record of " + id);
    }
    int at = Meta.unitOffset(id, record);
    return Bytes.of(record, at, record.length - at);
  }

  /** The number of a unit of this batch or the store; -1 if it is neither (the genesis id). */
  private long numberOf(Hash id, Map<Hash, Meta> added, AppendTx tx) {
    Meta m = added.get(id);
    if (m == null) {
      m = metas.get(id);
    }
    if (m != null) {
      return m.number;
    }
    byte[] number = tx.get(key(ID, id));
    return number == null ? -1 : readNumber(id, number);
  }

  /**
   * The state of a unit of this batch or the store, loaded into {@code touched}; a record read for
   * it is kept in {@code records}, so that rewriting it needs no second read.
   */
  private Meta known(Hash id, Map<Hash, Meta> touched, Map<Hash, byte[]> records, AppendTx tx) {
    Meta m = touched.get(id);
    if (m == null) {
      Meta cached = metas.get(id);
      if (cached != null) {
        m = cached.copy();
      } else {
        byte[] number = tx.get(key(ID, id));
        if (number == null) {
          throw new IllegalArgumentException("unit " + id + " is not stored");
        }
        byte[] record = tx.get(unitKey(readNumber(id, number)));
        m = Meta.decode(id, record, readNumber(id, number));
        records.put(id, record);
      }
      touched.put(id, m);
    }
    return m;
  }

  private static OptionalLong storedLastSequence(byte[] author, AppendTx tx) {
    byte[] v = tx.get(prefixed(LAST_SEQUENCE, author));
    return v == null ? OptionalLong.empty() : OptionalLong.of(readLong(v));
  }

  // ------------------------------------------------------------------ reading

  @Override
  public boolean contains(Hash id) {
    checkOpen();
    return metas.get(id) != null || kv.get(Bytes.of(key(ID, id))).isPresent();
  }

  @Override
  public Optional<Unit> unit(Hash id) {
    checkOpen();
    Unit cached = units.get(id);
    if (cached != null) {
      return Optional.of(cached);
    }
    // Units never change once stored, so any read may fill the cache.
    Optional<Unit> stored = storedRecord(id).map(record -> decodeUnit(id, record));
    stored.ifPresent(u -> units.put(id, u));
    return stored;
  }

  /** The record of a stored unit, through its number. */
  private Optional<byte[]> storedRecord(Hash id) {
    Optional<Bytes> number = kv.get(Bytes.of(key(ID, id)));
    if (number.isEmpty()) {
      return Optional.empty();
    }
    long n = readNumber(id, number.get().toByteArray());
    // Records are never deleted, so the record of a number read before is there.
    byte[] record =
        kv.get(Bytes.of(unitKey(n)))
            .orElseThrow(() -> new StoreException("corrupt unit store: no record of " + id))
            .toByteArray();
    Meta.number(id, record); // checks the header
    if (ByteBuffer.wrap(record).getLong(0) != n) {
      throw new StoreException("corrupt unit store: record of " + id + " has another number");
    }
    return Optional.of(record);
  }

  private static long readNumber(Hash id, byte[] v) {
    if (v.length != 8) {
      throw new StoreException("corrupt unit store: bad number of " + id);
    }
    return ByteBuffer.wrap(v).getLong(0);
  }

  private static Unit decodeUnit(Hash id, byte[] record) {
    int at = Meta.unitOffset(id, record);
    Unit unit;
    try {
      unit = Unit.decode(Bytes.of(record, at, record.length - at), STORED);
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
    Optional<Meta> stored =
        storedRecord(id).map(record -> Meta.decode(id, record, Meta.number(id, record)));
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
    // Children of a stored parent are under its number; those appended while it was not stored
    // (the genesis id) under its id.
    List<Hash> out = idsAfter(Bytes.of(key(ORPHAN_CHILD, parent)));
    Optional<Meta> m = meta(parent);
    if (m.isPresent()) {
      List<Hash> under = idsAfter(Bytes.of(childPrefix(m.get().number)));
      if (out.isEmpty()) {
        return under;
      }
      out.addAll(under);
      out.sort(Comparator.naturalOrder());
    }
    return out;
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
    byte[] k = sequenceKey(author(author), sequence, Hash.ZERO);
    return idsAfter(Bytes.of(k, 0, k.length - Hash.SIZE));
  }

  @Override
  public OptionalLong lastSequence(PublicKey author) {
    checkOpen();
    Long cached = lastSequenceCache.get(author);
    if (cached == null) {
      long readAt = generation();
      cached =
          kv.get(Bytes.of(prefixed(LAST_SEQUENCE, author(author))))
              .map(v -> readLong(v.toByteArray()))
              .orElse(NO_SEQUENCE);
      fill(lastSequenceCache, readAt, author, cached);
    }
    return cached == NO_SEQUENCE ? OptionalLong.empty() : OptionalLong.of(cached);
  }

  @Override
  public List<Hash> unitsCarrying(PublicKey validator, Hash verificationId) {
    checkOpen();
    return idsAfter(Bytes.of(verificationPrefix(validator, verificationId)));
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
    List<Hash> out = new ArrayList<>();
    try (KeyValueStore.Scan scan =
        kv.scan(KeyRange.prefix(Bytes.of(new byte[] {STATUS, (byte) status.ordinal()})))) {
      while (scan.hasNext()) {
        Bytes v = scan.next().value();
        if (v.size() != Hash.SIZE) {
          throw new StoreException("corrupt unit store: status entry of " + v.size() + " bytes");
        }
        out.add(Hash.of(v.toByteArray()));
      }
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  @Override
  public OptionalLong lastCheckpoint() {
    checkOpen();
    return kv.get(Bytes.of(CHECKPOINT_KEY))
        .map(v -> OptionalLong.of(readLong(v.toByteArray())))
        .orElse(OptionalLong.empty());
  }

  @Override
  public long size() {
    checkOpen();
    return kv.get(Bytes.of(COUNT_KEY)).map(v -> readLong(v.toByteArray())).orElse(0L);
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
    return "KeyValueUnitStore[" + (closed ? "closed" : kv.toString()) + "]";
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
}
