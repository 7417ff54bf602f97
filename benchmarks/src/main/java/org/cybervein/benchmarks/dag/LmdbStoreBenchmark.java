package org.cybervein.benchmarks.dag;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.cybervein.api.Bytes;
import org.cybervein.api.store.WriteBatch;
import org.cybervein.store.lmdb.LmdbKeyValueStore;
import org.cybervein.store.lmdb.LmdbKeyValueStore.Durability;
import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.Txn;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Puts and gets of 32-byte keys (spread like unit ids) with 256-byte values: raw LMDB through
 * lmdbjava's byte-array proxy, the physical limit, next to {@link LmdbKeyValueStore} doing the same
 * work through the SDK's {@code KeyValueStore} interface.
 *
 * <p>Mode: throughput in puts or gets per second (a 1000-put transaction counts 1000); higher is
 * better. {@code durability} = {@code SYNC} (fsync per commit, the store's default) or {@code
 * NO_SYNC}; with {@code SYNC} the one-put-per-transaction rates are the disk's fsync rate.
 *
 * <p>Ratios: {@code storePut / rawPutOnePerTxn}, {@code storeBatch1000 / rawPut1000PerTxn} and
 * {@code storeGet / rawGet} are the cost of the interface (key checks, copies into {@code Bytes},
 * locks).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
@State(Scope.Thread)
public class LmdbStoreBenchmark {
  private static final int VALUE_SIZE = 256;
  private static final int PRELOADED = 100_000;
  private static final long MAP_SIZE = 8L << 30;

  @Param({"SYNC", "NO_SYNC"})
  public Durability durability;

  private Path rawDir;
  private Path storeDir;
  private Env<byte[]> env;
  private Dbi<byte[]> dbi;
  private LmdbKeyValueStore store;
  private byte[] value;
  private Bytes valueBytes;
  private long nextKey;
  private long nextRead;

  /** Opens a raw environment and a store, each preloaded with the same 100,000 entries. */
  @Setup
  public void setUp() {
    rawDir = Workload.tempDir("bench-raw-lmdb");
    storeDir = Workload.tempDir("bench-kv-lmdb");
    EnvFlags[] flags =
        durability == Durability.SYNC ? new EnvFlags[0] : new EnvFlags[] {EnvFlags.MDB_NOSYNC};
    env =
        Env.create(ByteArrayProxy.PROXY_BA)
            .setMapSize(MAP_SIZE)
            .setMaxDbs(1)
            .open(rawDir.toFile(), flags);
    dbi = env.openDbi("bench", DbiFlags.MDB_CREATE);
    store = LmdbKeyValueStore.builder(storeDir).mapSize(MAP_SIZE).durability(durability).open();
    value = new byte[VALUE_SIZE];
    value[0] = 1;
    valueBytes = Bytes.of(value);
    // Preload in big transactions, then keep inserting fresh keys after them.
    for (int chunk = 0; chunk < PRELOADED; chunk += 10_000) {
      rawPuts(10_000);
      nextKey -= 10_000;
      WriteBatch.Builder batch = WriteBatch.builder();
      for (int i = 0; i < 10_000; i++) {
        batch.put(key(nextKey++), valueBytes);
      }
      store.write(batch.build());
    }
  }

  /** Closes both and deletes their files. */
  @TearDown
  public void tearDown() {
    store.close();
    env.close();
    Workload.delete(rawDir);
    Workload.delete(storeDir);
  }

  private static byte[] rawKey(long counter) {
    byte[] k = new byte[32];
    Workload.counterKey(counter, k);
    return k;
  }

  private static Bytes key(long counter) {
    return Bytes.of(rawKey(counter));
  }

  private void rawPuts(int n) {
    try (Txn<byte[]> txn = env.txnWrite()) {
      for (int i = 0; i < n; i++) {
        dbi.put(txn, rawKey(nextKey++), value);
      }
      txn.commit();
    }
  }

  /** Baseline: one raw put in its own write transaction. */
  @Benchmark
  public void rawPutOnePerTxn() {
    rawPuts(1);
  }

  /** Baseline: 1000 raw puts in one write transaction. */
  @Benchmark
  @OperationsPerInvocation(1000)
  public void rawPut1000PerTxn() {
    rawPuts(1000);
  }

  /** Baseline: a raw get of a preloaded key in its own read transaction. */
  @Benchmark
  public byte[] rawGet() {
    try (Txn<byte[]> txn = env.txnRead()) {
      return dbi.get(txn, rawKey(nextRead++ % PRELOADED));
    }
  }

  /** {@link LmdbKeyValueStore#put}: one put, one transaction. */
  @Benchmark
  public void storePut() {
    store.put(key(nextKey++), valueBytes);
  }

  /** {@link LmdbKeyValueStore#write} of a 1000-put batch, building the batch included. */
  @Benchmark
  @OperationsPerInvocation(1000)
  public void storeBatch1000() {
    WriteBatch.Builder batch = WriteBatch.builder();
    for (int i = 0; i < 1000; i++) {
      batch.put(key(nextKey++), valueBytes);
    }
    store.write(batch.build());
  }

  /** {@link LmdbKeyValueStore#get} of a preloaded key. */
  @Benchmark
  public Optional<Bytes> storeGet() {
    return store.get(key(nextRead++ % PRELOADED));
  }
}
