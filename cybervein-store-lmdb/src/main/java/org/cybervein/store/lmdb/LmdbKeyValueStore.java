package org.cybervein.store.lmdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.cybervein.api.Bytes;
import org.cybervein.api.store.KeyRange;
import org.cybervein.api.store.KeyValue;
import org.cybervein.api.store.KeyValueStore;
import org.cybervein.api.store.StoreException;
import org.cybervein.api.store.TransactionalKeyValueStore;
import org.cybervein.api.store.WriteBatch;
import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.Cursor;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.GetOp;
import org.lmdbjava.LmdbException;
import org.lmdbjava.PutFlags;
import org.lmdbjava.Txn;

/**
 * The durable {@link KeyValueStore}: one LMDB environment in a directory, through lmdbjava's
 * byte-array proxy so that the host needs no {@code --add-opens} flag.
 *
 * <p><b>Durability.</b> A {@link #write} returns after LMDB has committed its transaction; with the
 * default {@link Durability#SYNC} that includes an {@code fsync}, so the batch survives a killed
 * process and a power loss. A batch is one LMDB transaction: after any crash either all of it or
 * none of it is visible. Group several logical writes into one {@link WriteBatch} to pay one commit
 * for all of them.
 *
 * <p><b>Map size.</b> LMDB maps its file into memory with a fixed upper size ({@link
 * Builder#mapSize}, default {@link #DEFAULT_MAP_SIZE}); the file on disk only grows with the data.
 * When a write finds the map full, the store doubles the map and retries the batch. The map can
 * only change while no read transaction of this process is open, so the growth waits (up to {@link
 * #GROWTH_WAIT_MILLIS} ms) for open scans to close and otherwise fails with {@link StoreException}.
 * A thread that holds a scan open while writing a batch that fills the map gets that exception.
 *
 * <p><b>Self-check.</b> The environment holds a format record in a separate named database. A new
 * directory gets one; reopening a directory checks it and refuses an LMDB file of another layout or
 * version with {@link StoreException}.
 *
 * <p><b>Threads.</b> Thread-safe. Writes are serialized (LMDB has one writer at a time); reads and
 * scans run in parallel with each other and with the writer. The environment is opened with {@code
 * MDB_NOTLS}, so each {@link #get} and each {@link #scan} has its own read transaction regardless
 * of the thread, and one thread may hold several scans. Each open scan takes one of the {@link
 * Builder#maxReaders} reader slots until it is closed. One directory may be open at most once per
 * process (LMDB's locks are per process); a second open fails with {@link IllegalStateException}.
 *
 * <p><b>Closing.</b> {@link #close} waits for running operations, closes every scan still open and
 * releases the environment; every later call, including on those scans, throws {@link
 * IllegalStateException}.
 */
public final class LmdbKeyValueStore implements TransactionalKeyValueStore {
  /** The map size a store starts with unless told otherwise: 1 GiB. */
  public static final long DEFAULT_MAP_SIZE = 1L << 30;

  /** The reader slots unless told otherwise: concurrent gets plus open scans. */
  public static final int DEFAULT_MAX_READERS = 512;

  /** How long a write that must grow the map waits for open scans to close. */
  public static final long GROWTH_WAIT_MILLIS = 10_000;

  private static final DbiFlags[] CREATE = {DbiFlags.MDB_CREATE};
  private static final DbiFlags[] NO_FLAGS = {};
  private static final String DATA_DB = "data";
  private static final String META_DB = "meta";
  private static final byte[] FORMAT_KEY = "format".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FORMAT_V1 =
      "org.cybervein.store.lmdb.LmdbKeyValueStore/1".getBytes(StandardCharsets.US_ASCII);

  /** Canonical directories open in this process; LMDB forbids opening one twice. */
  private static final Set<Path> OPEN_DIRECTORIES = new HashSet<>();

  /**
   * How hard a commit pushes its data to the disk. Every level survives a killed process, because
   * the committed pages are in the operating system's cache; they differ after an operating system
   * crash or a power loss.
   */
  public enum Durability {
    /** fsync on every commit: a returned write survives a power loss. The default. */
    SYNC(new EnvFlags[0]),
    /**
     * Data is synced on commit but the meta page is not ({@code MDB_NOMETASYNC}): a power loss may
     * undo the last commits, never corrupts the store.
     */
    NO_META_SYNC(new EnvFlags[] {EnvFlags.MDB_NOMETASYNC}),
    /**
     * No fsync at all ({@code MDB_NOSYNC}): a power loss may undo recent commits, and on file
     * systems that reorder writes may even corrupt the store. For tests and rebuildable caches.
     */
    NO_SYNC(new EnvFlags[] {EnvFlags.MDB_NOSYNC});

    private final EnvFlags[] flags;

    Durability(EnvFlags[] flags) {
      this.flags = flags;
    }
  }

  private final Path directory;
  private final Env<byte[]> env;
  private final Dbi<byte[]> data;
  private final ReentrantLock writer = new ReentrantLock();
  // Read mode for every operation that uses the environment; write mode to resize or close it.
  private final ReentrantReadWriteLock envLock = new ReentrantReadWriteLock();
  // Guarded by itself: scans whose read transaction is open.
  private final Set<LmdbScan> openScans = new LinkedHashSet<>();
  private volatile boolean closed;
  private long mapSize;

  private LmdbKeyValueStore(Path directory, Env<byte[]> env, Dbi<byte[]> data, long mapSize) {
    this.directory = directory;
    this.env = env;
    this.data = data;
    this.mapSize = mapSize;
  }

  /**
   * A builder for a store in {@code directory}, created with its parents if missing.
   *
   * @param directory the directory that holds (or will hold) the store's data and lock files;
   *     nothing is created until {@link Builder#open()}
   * @return a builder with the default map size, reader slots and {@link Durability#SYNC}
   */
  public static Builder builder(Path directory) {
    return new Builder(directory);
  }

  /**
   * Opens (or creates) the store in {@code directory} with the default settings.
   *
   * @param directory the directory that holds (or will hold) the store's data and lock files
   * @return the open store; close it to release the directory
   * @throws StoreException if the directory cannot be created, holds files that are not a store of
   *     this format, or LMDB fails
   * @throws IllegalStateException if this process already has the directory open
   */
  public static LmdbKeyValueStore open(Path directory) {
    return builder(directory).open();
  }

  /**
   * The directory holding the store's files.
   *
   * @return the real path of the store's directory, as resolved when it was opened
   */
  public Path directory() {
    return directory;
  }

  /**
   * The current map size in bytes: the largest the data file may grow before the map grows.
   *
   * @return the map size in bytes, at least the size the data file already has
   * @throws IllegalStateException if the store is closed
   */
  public long mapSize() {
    envLock.readLock().lock();
    try {
      checkOpen();
      return mapSize;
    } finally {
      envLock.readLock().unlock();
    }
  }

  @Override
  public Optional<Bytes> get(Bytes key) {
    byte[] k = KeyValueStore.checkKey(key).toByteArray();
    envLock.readLock().lock();
    try {
      checkOpen();
      try (Txn<byte[]> txn = env.txnRead()) {
        byte[] v = data.get(txn, k);
        return v == null ? Optional.empty() : Optional.of(Bytes.of(v));
      }
    } catch (LmdbException e) {
      throw new StoreException("LMDB get failed in " + directory, e);
    } finally {
      envLock.readLock().unlock();
    }
  }

  @Override
  public void write(WriteBatch batch) {
    Objects.requireNonNull(batch, "batch");
    if (closed) {
      throw new IllegalStateException("store is closed: " + directory);
    }
    // Convert once, outside the transaction, so that the write lock is held only for LMDB work.
    List<WriteBatch.Operation> ops = batch.operations();
    byte[][] keys = new byte[ops.size()][];
    byte[][] values = new byte[ops.size()][];
    for (int i = 0; i < keys.length; i++) {
      WriteBatch.Operation op = ops.get(i);
      keys[i] = op.key().toByteArray();
      values[i] = op.value().map(Bytes::toByteArray).orElse(null);
    }
    checkNotInUpdate();
    writer.lock();
    try {
      while (!tryWrite(keys, values)) {
        growMap();
      }
    } finally {
      writer.unlock();
    }
  }

  /** One attempt at the batch; false if the map was full (nothing of the batch was applied). */
  private boolean tryWrite(byte[][] keys, byte[][] values) {
    envLock.readLock().lock();
    try {
      checkOpen();
      try (Txn<byte[]> txn = env.txnWrite()) {
        for (int i = 0; i < keys.length; i++) {
          if (values[i] == null) {
            data.delete(txn, keys[i]);
          } else {
            data.put(txn, keys[i], values[i]);
          }
        }
        txn.commit();
        return true;
      } catch (Env.MapFullException e) {
        return false;
      } catch (LmdbException e) {
        throw new StoreException("LMDB write failed in " + directory, e);
      }
    } finally {
      envLock.readLock().unlock();
    }
  }

  /**
   * Runs {@code work} inside one LMDB write transaction and commits what it wrote: reads see the
   * state the transaction started from plus its own writes, and the writes apply atomically and
   * durably when this method returns, like a {@link #write}. For a read-modify-write (an index
   * update that depends on stored state) that must not be split, and that is cheaper than separate
   * reads because it needs no read transactions.
   *
   * <p>If {@code work} throws, nothing of it is applied and the exception propagates. If the map
   * fills up, the transaction is aborted, the map grows and {@code work} runs again from the start
   * on a fresh transaction, so {@code work} must not have effects outside the transaction. The
   * {@link Transaction} is valid only during the call. Updates are serialized with every write.
   *
   * @return what {@code work} returned
   */
  @Override
  public <T> T update(Function<? super Transaction, ? extends T> work) {
    Objects.requireNonNull(work, "work");
    if (closed) {
      throw new IllegalStateException("store is closed: " + directory);
    }
    checkNotInUpdate();
    writer.lock();
    try {
      while (true) {
        envLock.readLock().lock();
        boolean full = false;
        T result = null;
        try {
          checkOpen();
          try (Txn<byte[]> txn = env.txnWrite()) {
            LmdbTransaction t = new LmdbTransaction(txn);
            try {
              result = work.apply(t);
            } finally {
              t.open = false;
            }
            txn.commit();
          } catch (Env.MapFullException e) {
            full = true;
          } catch (LmdbException e) {
            throw new StoreException("LMDB update failed in " + directory, e);
          }
        } finally {
          envLock.readLock().unlock();
        }
        if (!full) {
          return result;
        }
        growMap();
      }
    } finally {
      writer.unlock();
    }
  }

  /**
   * The transaction handed to {@link #update}. Its raw methods spare the unit store the copies of
   * {@link Bytes} on its hot path; their arrays must not be changed by the caller afterwards.
   */
  final class LmdbTransaction implements Transaction {
    private final Txn<byte[]> txn;
    boolean open = true;

    LmdbTransaction(Txn<byte[]> txn) {
      this.txn = txn;
    }

    private void checkUsable() {
      if (!open) {
        throw new IllegalStateException("the transaction has ended");
      }
    }

    @Override
    public Optional<Bytes> get(Bytes key) {
      byte[] k = KeyValueStore.checkKey(key).toByteArray();
      checkUsable();
      byte[] v = data.get(txn, k);
      return v == null ? Optional.empty() : Optional.of(Bytes.of(v));
    }

    @Override
    public Optional<KeyValue> first(KeyRange range) {
      Objects.requireNonNull(range, "range");
      checkUsable();
      byte[] from = range.from().toByteArray();
      try (Cursor<byte[]> cursor = data.openCursor(txn)) {
        boolean found = from.length == 0 ? cursor.first() : cursor.get(from, GetOp.MDB_SET_RANGE);
        if (!found) {
          return Optional.empty();
        }
        byte[] k = cursor.key();
        if (range.toExclusive().isPresent()
            && Arrays.compareUnsigned(k, range.toExclusive().get().toByteArray()) >= 0) {
          return Optional.empty();
        }
        return Optional.of(new KeyValue(Bytes.of(k), Bytes.of(cursor.val())));
      }
    }

    @Override
    public void put(Bytes key, Bytes value) {
      byte[] k = KeyValueStore.checkKey(key).toByteArray();
      byte[] v = Objects.requireNonNull(value, "value").toByteArray();
      checkUsable();
      data.put(txn, k, v);
    }

    @Override
    public void delete(Bytes key) {
      byte[] k = KeyValueStore.checkKey(key).toByteArray();
      checkUsable();
      data.delete(txn, k);
    }

    @Override
    public boolean putIfAbsent(Bytes key, Bytes value) {
      byte[] k = KeyValueStore.checkKey(key).toByteArray();
      byte[] v = Objects.requireNonNull(value, "value").toByteArray();
      return putRaw(k, v, true);
    }

    /** The value under a well-formed key, not copied into {@link Bytes}; null if absent. */
    byte[] getRaw(byte[] key) {
      checkUsable();
      return data.get(txn, key);
    }

    /** Puts under a well-formed key; false if {@code ifAbsent} and the key is present. */
    boolean putRaw(byte[] key, byte[] value, boolean ifAbsent) {
      checkUsable();
      return ifAbsent
          ? data.put(txn, key, value, PutFlags.MDB_NOOVERWRITE)
          : data.put(txn, key, value);
    }

    /** Deletes a well-formed key. */
    void deleteRaw(byte[] key) {
      checkUsable();
      data.delete(txn, key);
    }
  }

  private void growMap() {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GROWTH_WAIT_MILLIS);
    synchronized (openScans) {
      // Resizing remaps the file: no read transaction of this process may be open meanwhile.
      while (!openScans.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new StoreException(
              "LMDB map of "
                  + mapSize
                  + " bytes is full in "
                  + directory
                  + " and cannot grow while "
                  + openScans.size()
                  + " scans are open; close them, or open the store with a larger map size");
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(openScans, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new StoreException("interrupted while waiting to grow the LMDB map", e);
        }
      }
      // New scans need the openScans monitor to register, so holding it keeps them out until the
      // environment lock is taken; gets and the writer are kept out by the environment lock.
      envLock.writeLock().lock();
    }
    try {
      checkOpen();
      if (mapSize > Long.MAX_VALUE / 2) {
        throw new StoreException("LMDB map cannot grow beyond " + mapSize + " bytes");
      }
      env.setMapSize(mapSize * 2);
      mapSize *= 2;
    } catch (LmdbException e) {
      throw new StoreException("could not grow the LMDB map in " + directory, e);
    } finally {
      envLock.writeLock().unlock();
    }
  }

  @Override
  public Scan scan(KeyRange range) {
    Objects.requireNonNull(range, "range");
    synchronized (openScans) {
      envLock.readLock().lock();
      try {
        checkOpen();
        Txn<byte[]> txn = env.txnRead();
        try {
          Cursor<byte[]> cursor = data.openCursor(txn);
          LmdbScan scan = new LmdbScan(txn, cursor, range);
          openScans.add(scan);
          return scan;
        } catch (RuntimeException e) {
          txn.close();
          throw e;
        }
      } catch (LmdbException e) {
        throw new StoreException("LMDB scan failed in " + directory, e);
      } finally {
        envLock.readLock().unlock();
      }
    }
  }

  /**
   * Forces every committed write to the disk ({@code mdb_env_sync} with force), whatever the
   * store's {@link Durability}: a store opened with {@link Durability#NO_SYNC} and synced at the
   * points that matter (before a message that depends on the writes leaves the process) pays one
   * fsync for many commits.
   *
   * @throws IllegalStateException if the store is closed
   */
  public void sync() {
    envLock.readLock().lock();
    try {
      checkOpen();
      env.sync(true);
    } finally {
      envLock.readLock().unlock();
    }
  }

  @Override
  public void close() {
    // Lock order everywhere: openScans monitor, then envLock, then a scan's own monitor.
    synchronized (openScans) {
      envLock.writeLock().lock();
      try {
        if (closed) {
          return;
        }
        closed = true;
        try {
          for (LmdbScan scan : new ArrayList<>(openScans)) {
            scan.close();
          }
          env.close();
        } finally {
          synchronized (OPEN_DIRECTORIES) {
            OPEN_DIRECTORIES.remove(directory);
          }
        }
      } finally {
        envLock.writeLock().unlock();
      }
    }
  }

  // LMDB has one write transaction at a time: a second one on the same thread would wait for
  // itself forever.
  private void checkNotInUpdate() {
    if (writer.isHeldByCurrentThread()) {
      throw new IllegalStateException(
          "write or update called inside an update; use its Transaction");
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("store is closed: " + directory);
    }
  }

  /** A scan over one read transaction, reading ahead one entry so that hasNext is exact. */
  private final class LmdbScan implements Scan {
    private final Txn<byte[]> txn;
    private final Cursor<byte[]> cursor;
    private final Optional<byte[]> end;
    private KeyValue next;
    private boolean open = true;

    LmdbScan(Txn<byte[]> txn, Cursor<byte[]> cursor, KeyRange range) {
      this.txn = txn;
      this.cursor = cursor;
      this.end = range.toExclusive().map(Bytes::toByteArray);
      byte[] from = range.from().toByteArray();
      // An empty start key means "from the first key"; LMDB rejects empty keys, so seek instead.
      boolean found = from.length == 0 ? cursor.first() : cursor.get(from, GetOp.MDB_SET_RANGE);
      load(found);
    }

    private void load(boolean found) {
      if (!found) {
        next = null;
        return;
      }
      byte[] k = cursor.key();
      if (end.isPresent() && Arrays.compareUnsigned(k, end.get()) >= 0) {
        next = null;
        return;
      }
      next = new KeyValue(Bytes.of(k), Bytes.of(cursor.val()));
    }

    @Override
    public synchronized boolean hasNext() {
      checkScanOpen();
      return next != null;
    }

    @Override
    public synchronized KeyValue next() {
      checkScanOpen();
      if (next == null) {
        throw new NoSuchElementException("scan is exhausted");
      }
      KeyValue out = next;
      try {
        load(cursor.next());
      } catch (LmdbException e) {
        throw new StoreException("LMDB scan failed in " + directory, e);
      }
      return out;
    }

    private void checkScanOpen() {
      if (!open) {
        throw new IllegalStateException(
            closed ? "store is closed: " + directory : "scan is closed");
      }
    }

    @Override
    public void close() {
      synchronized (this) {
        if (!open) {
          return;
        }
        open = false;
        next = null;
        cursor.close();
        txn.close();
      }
      synchronized (openScans) {
        openScans.remove(this);
        openScans.notifyAll();
      }
    }
  }

  /** Settings for opening a {@link LmdbKeyValueStore}; not thread-safe. */
  public static final class Builder {
    private final Path directory;
    private long mapSize = DEFAULT_MAP_SIZE;
    private int maxReaders = DEFAULT_MAX_READERS;
    private Durability durability = Durability.SYNC;

    private Builder(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
    }

    /**
     * The initial map size in bytes (at least 1 MiB); a reopened store uses the larger of this and
     * the size its file already has. The map doubles when full, so this is a starting point.
     *
     * @param bytes the initial map size in bytes, at least 1 MiB (1,048,576)
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is below 1 MiB
     */
    public Builder mapSize(long bytes) {
      if (bytes < (1L << 20)) {
        throw new IllegalArgumentException("map size must be at least 1 MiB, got " + bytes);
      }
      this.mapSize = bytes;
      return this;
    }

    /**
     * The reader slots: the most gets plus open scans at one time (at least 1).
     *
     * @param readers the number of reader slots, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code readers} is below 1
     */
    public Builder maxReaders(int readers) {
      if (readers < 1) {
        throw new IllegalArgumentException("max readers must be positive, got " + readers);
      }
      this.maxReaders = readers;
      return this;
    }

    /**
     * How hard each commit pushes data to disk; {@link Durability#SYNC} by default.
     *
     * @param durability the commit durability; not null
     * @return this builder
     */
    public Builder durability(Durability durability) {
      this.durability = Objects.requireNonNull(durability, "durability");
      return this;
    }

    /**
     * Opens the store, creating the directory and an empty store if missing.
     *
     * @return the open store; close it to release the directory
     * @throws StoreException if the directory cannot be created, holds files that are not a store
     *     of this format, or LMDB fails
     * @throws IllegalStateException if this process already has the directory open
     */
    public LmdbKeyValueStore open() {
      Path dir;
      try {
        Files.createDirectories(directory);
        dir = directory.toRealPath();
      } catch (IOException e) {
        throw new StoreException("cannot create the store directory " + directory, e);
      }
      synchronized (OPEN_DIRECTORIES) {
        if (!OPEN_DIRECTORIES.add(dir)) {
          throw new IllegalStateException("store already open in this process: " + dir);
        }
      }
      Env<byte[]> env = null;
      try {
        long existing = dataFileSize(dir);
        long size = Math.max(mapSize, roundUpToMiB(existing));
        env =
            Env.create(ByteArrayProxy.PROXY_BA)
                .setMapSize(size)
                .setMaxDbs(2)
                .setMaxReaders(maxReaders)
                .open(dir.toFile(), envFlags());
        // Reader slots left by killed processes would keep old pages from being reused.
        env.readerCheck();
        Dbi<byte[]> data = openDatabases(env, dir);
        return new LmdbKeyValueStore(dir, env, data, size);
      } catch (LmdbException e) {
        closeQuietly(env);
        forget(dir);
        throw new StoreException("cannot open the LMDB store in " + dir, e);
      } catch (RuntimeException e) {
        closeQuietly(env);
        forget(dir);
        throw e;
      }
    }

    private EnvFlags[] envFlags() {
      EnvFlags[] flags = Arrays.copyOf(durability.flags, durability.flags.length + 1);
      flags[flags.length - 1] = EnvFlags.MDB_NOTLS;
      return flags;
    }

    private static Dbi<byte[]> openDatabases(Env<byte[]> env, Path dir) {
      // The main database lists the named ones: empty means a new store (or one whose first open
      // was killed before it committed anything), anything else must carry our format record.
      boolean fresh = env.stat().entries == 0;
      try (Txn<byte[]> txn = env.txnWrite()) {
        Dbi<byte[]> meta;
        try {
          meta = env.openDbi(txn, bytes(META_DB), null, false, fresh ? CREATE : NO_FLAGS);
        } catch (LmdbException e) {
          throw new StoreException("not a CyberVein store (no format record): " + dir, e);
        }
        byte[] format = meta.get(txn, FORMAT_KEY);
        if (format == null && fresh) {
          meta.put(txn, FORMAT_KEY, FORMAT_V1);
        } else if (format == null) {
          throw new StoreException("not a CyberVein store (no format record): " + dir);
        } else if (!Arrays.equals(format, FORMAT_V1)) {
          throw new StoreException(
              "store format "
                  + new String(format, StandardCharsets.US_ASCII)
                  + " in "
                  + dir
                  + " is not "
                  + new String(FORMAT_V1, StandardCharsets.US_ASCII));
        }
        Dbi<byte[]> data = env.openDbi(txn, bytes(DATA_DB), null, false, DbiFlags.MDB_CREATE);
        txn.commit();
        return data;
      }
    }

    private static byte[] bytes(String name) {
      return name.getBytes(StandardCharsets.US_ASCII);
    }

    private static long dataFileSize(Path dir) {
      Path file = dir.resolve("data.mdb");
      try {
        return Files.exists(file) ? Files.size(file) : 0;
      } catch (IOException e) {
        throw new StoreException("cannot read " + file, e);
      }
    }

    private static long roundUpToMiB(long bytes) {
      long mib = 1L << 20;
      return (bytes + mib - 1) / mib * mib;
    }

    private static void closeQuietly(Env<byte[]> env) {
      if (env != null && !env.isClosed()) {
        env.close();
      }
    }

    private static void forget(Path dir) {
      synchronized (OPEN_DIRECTORIES) {
        OPEN_DIRECTORIES.remove(dir);
      }
    }
  }
}
