package org.cybervein.benchmarks.dag;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.dag.store.InMemoryUnitStore;
import org.cybervein.dag.store.KeyValueUnitStore;
import org.cybervein.dag.store.UnitBatch;
import org.cybervein.dag.store.UnitStore;
import org.cybervein.dag.unit.Unit;
import org.cybervein.dag.unit.UnitStatus;
import org.cybervein.store.lmdb.LmdbKeyValueStore;
import org.cybervein.store.lmdb.LmdbKeyValueStore.Durability;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * {@link UnitStore#append} in group commits: the store alone (no verification, no certification),
 * units signed beforehand, heights and statuses given.
 *
 * <p>{@code store}: {@code MEMORY} ({@link InMemoryUnitStore}), {@code LMDB_SYNC} ({@link
 * KeyValueUnitStore}, fsync per append, the default) or {@code LMDB_NO_SYNC}. Each append is one
 * batch of 1024 or 64 units of a layered DAG of 16 authors (each unit has two parents, 256 bytes of
 * inline data, ~500 bytes encoded); the batch also raises the previous layer to {@code CERTIFIED}
 * as ingest would.
 *
 * <p>Mode: throughput in units per second; higher is better. The pool of {@code poolSize} units is
 * signed once; when it is used up the benchmark switches to a new empty store (counted in the time,
 * rare with the default pool). Compare with {@code LmdbStoreBenchmark.rawPut1000PerTxn}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
@State(Scope.Thread)
public class UnitStoreBenchmark {
  /** Which store to append to. */
  public enum StoreKind {
    /** {@link InMemoryUnitStore}. */
    MEMORY,
    /** {@link KeyValueUnitStore} with fsync per append. */
    LMDB_SYNC,
    /** {@link KeyValueUnitStore} without fsync. */
    LMDB_NO_SYNC
  }

  static final int AUTHORS = 16;

  @Param({"MEMORY", "LMDB_SYNC", "LMDB_NO_SYNC"})
  public StoreKind store;

  @Param({"131072"})
  public int poolSize;

  private List<Unit> pool;
  private final List<Path> dirs = new ArrayList<>();
  private UnitStore target;
  private int next;

  /** Signs the pool of units. */
  @Setup(Level.Trial)
  public void signPool() {
    List<Ed25519PrivateKey> keys = new ArrayList<>();
    for (int i = 0; i < AUTHORS; i++) {
      keys.add(Workload.key(i));
    }
    pool = Workload.layeredDag(keys, poolSize);
  }

  /** A fresh, empty store for each iteration. */
  @Setup(Level.Iteration)
  public void freshStore() {
    closeStore();
    target = open(store, dirs);
    next = 0;
  }

  static UnitStore open(StoreKind kind, List<Path> dirs) {
    if (kind == StoreKind.MEMORY) {
      return new InMemoryUnitStore();
    }
    Path dir = Workload.tempDir("bench-units");
    dirs.add(dir);
    return KeyValueUnitStore.open(
        LmdbKeyValueStore.builder(dir)
            .mapSize(4L << 30)
            .durability(kind == StoreKind.LMDB_SYNC ? Durability.SYNC : Durability.NO_SYNC)
            .open());
  }

  private void closeStore() {
    if (target != null) {
      target.close();
      target = null;
    }
  }

  /** Closes the store and deletes every directory made. */
  @TearDown(Level.Trial)
  public void tearDown() {
    closeStore();
    dirs.forEach(Workload::delete);
  }

  private void append(int count) {
    if (next + count > pool.size()) {
      freshStore();
    }
    UnitBatch.Builder batch = UnitBatch.builder();
    for (int i = next; i < next + count; i++) {
      Unit u = pool.get(i);
      batch.add(u, u.sequence() + 1, UnitStatus.SOLID);
    }
    // Units of the layer before this batch's first layer become CERTIFIED, as a step of ingest
    // would record.
    int firstOfBatch = next;
    for (int i = Math.max(0, firstOfBatch - AUTHORS); i < firstOfBatch; i++) {
      batch.status(pool.get(i).id(), UnitStatus.CERTIFIED);
    }
    target.append(batch.build());
    next += count;
  }

  /** One append of 1024 units. */
  @Benchmark
  @OperationsPerInvocation(1024)
  public void append1024() {
    append(1024);
  }

  /** One append of 64 units: a smaller group, more commits. */
  @Benchmark
  @OperationsPerInvocation(64)
  public void append64() {
    append(64);
  }
}
