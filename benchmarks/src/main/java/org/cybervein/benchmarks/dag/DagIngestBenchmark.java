package org.cybervein.benchmarks.dag;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.cybervein.api.PublicKey;
import org.cybervein.api.Signature;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.crypto.sign.Ed25519Verifier;
import org.cybervein.dag.Dag;
import org.cybervein.dag.DagConfig;
import org.cybervein.dag.IngestResult;
import org.cybervein.dag.certification.ValidatorSet;
import org.cybervein.dag.store.UnitStore;
import org.cybervein.dag.unit.Unit;
import org.cybervein.dag.validation.VerificationResult;
import org.cybervein.dag.validation.VerifiedUnit;
import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.Txn;
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
 * The DAG's two ingest paths in steps of 1024 units, next to their physical limits measured in the
 * same run.
 *
 * <ul>
 *   <li>{@code preVerifiedIngest}: {@link Dag#ingestVerified} of units a {@code UnitVerifier}
 *       already passed: contextual checks, store (one group commit per step), indexes and
 *       incremental certification. Targets: 100,000 units/s on {@code MEMORY}, 50,000 units/s on
 *       {@code LMDB_SYNC}.
 *   <li>{@code verifiedIngest}: {@link Dag#ingest} of the same units, signatures checked in
 *       parallel on every core first. Target: 90% of {@code rawEd25519VerifyAllCores}.
 *   <li>{@code rawEd25519VerifyAllCores} (baseline): the units' Ed25519 signatures verified over
 *       the same pool of threads with verifiers made once per author (no decoding, no checks).
 *   <li>{@code rawLmdbPut} (baseline): the units' encoded bytes put under their ids, 1024 in one
 *       fsync'd LMDB transaction.
 * </ul>
 *
 * <p>16 validators author a layered DAG (two parents per unit, 256 bytes inline data), so units
 * become certified as the DAG grows. Mode: throughput in units per second; higher is better. The
 * pool of {@code poolSize} units is signed (and for the pre-verified path verified) once; when it
 * is used up the benchmark reopens an empty store and DAG (counted, rare with the default pool).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx3g")
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
public class DagIngestBenchmark {
  static final int STEP = 1024;

  /** The signed pool, its verified form, and the threads; shared by every benchmark method. */
  @State(Scope.Benchmark)
  public static class Pool {
    @Param({"131072"})
    public int poolSize;

    List<Unit> units;
    List<VerifiedUnit> verified;
    ValidatorSet validators;
    ForkJoinPool threads;
    int parallelism;

    /** Signs and verifies the pool once. */
    @Setup(Level.Trial)
    public void setUp() {
      List<Ed25519PrivateKey> keys = new ArrayList<>();
      for (int i = 0; i < UnitStoreBenchmark.AUTHORS; i++) {
        keys.add(Workload.key(i));
      }
      validators = Workload.validators(keys);
      units = Workload.layeredDag(keys, poolSize);
      parallelism = Runtime.getRuntime().availableProcessors();
      threads = new ForkJoinPool(parallelism);
      Dag dag = openDag(new org.cybervein.dag.store.InMemoryUnitStore());
      VerificationResult result = dag.verifier().verifyAll(units);
      if (!result.rejected().isEmpty()) {
        throw new IllegalStateException("pool unit rejected: " + result.rejected().get(0));
      }
      verified = result.verified();
    }

    Dag openDag(UnitStore store) {
      return Dag.open(
          DagConfig.of(Workload.GENESIS, validators),
          store,
          Workload.fixedClock(),
          threads,
          parallelism);
    }

    /** Stops the threads. */
    @TearDown(Level.Trial)
    public void tearDown() {
      threads.shutdownNow();
    }
  }

  /** A DAG on the chosen store, fresh for each iteration. */
  @State(Scope.Thread)
  public static class Node {
    @Param({"MEMORY", "LMDB_SYNC"})
    public UnitStoreBenchmark.StoreKind store;

    private final List<Path> dirs = new ArrayList<>();
    Dag dag;
    int next;

    /** Opens an empty store and DAG. */
    @Setup(Level.Iteration)
    public void fresh(Pool pool) {
      if (dag != null) {
        dag.store().close();
      }
      dag = pool.openDag(UnitStoreBenchmark.open(store, dirs));
      next = 0;
    }

    int take(Pool pool) {
      if (next + STEP > pool.units.size()) {
        fresh(pool);
      }
      int from = next;
      next += STEP;
      return from;
    }

    /** Closes the store and deletes every directory made. */
    @TearDown(Level.Trial)
    public void tearDown() {
      dag.store().close();
      dirs.forEach(Workload::delete);
    }
  }

  /** The baselines' own state: verifiers per author, signing inputs, a raw LMDB environment. */
  @State(Scope.Thread)
  public static class Baseline {
    Map<PublicKey, Ed25519Verifier> verifiers;
    byte[][] signingInputs;
    Signature[] signatures;
    Ed25519Verifier[] verifierOf;
    byte[][] ids;
    byte[][] encoded;
    Path dir;
    Env<byte[]> env;
    Dbi<byte[]> dbi;
    int next;

    /** Prepares everything the raw operations need, so that they measure only themselves. */
    @Setup(Level.Trial)
    public void setUp(Pool pool) throws InvalidCryptoInputException {
      int n = pool.units.size();
      verifiers = new HashMap<>();
      signingInputs = new byte[n][];
      signatures = new Signature[n];
      verifierOf = new Ed25519Verifier[n];
      ids = new byte[n][];
      encoded = new byte[n][];
      for (int i = 0; i < n; i++) {
        Unit u = pool.units.get(i);
        Ed25519Verifier v = verifiers.get(u.author());
        if (v == null) {
          v = Ed25519Verifier.of(u.author());
          verifiers.put(u.author(), v);
        }
        verifierOf[i] = v;
        signingInputs[i] = u.envelope().signingInput();
        signatures[i] = u.envelope().signature();
        ids[i] = u.id().toByteArray();
        encoded[i] = u.encoded().toByteArray();
      }
      dir = Workload.tempDir("bench-ingest-raw");
      env =
          Env.create(ByteArrayProxy.PROXY_BA).setMapSize(8L << 30).setMaxDbs(1).open(dir.toFile());
      dbi = env.openDbi("units", DbiFlags.MDB_CREATE);
    }

    int take(int size) {
      if (next + STEP > size) {
        next = 0;
      }
      int from = next;
      next += STEP;
      return from;
    }

    /** Closes the environment and deletes its files. */
    @TearDown(Level.Trial)
    public void tearDown() {
      env.close();
      Workload.delete(dir);
    }
  }

  /** The pre-verified path: store, index and certify 1024 verified units. */
  @Benchmark
  @OperationsPerInvocation(STEP)
  public IngestResult preVerifiedIngest(Pool pool, Node node) {
    int from = node.take(pool);
    return node.dag.ingestVerified(pool.verified.subList(from, from + STEP));
  }

  /** Verified ingest: signatures in parallel, then the pre-verified path. */
  @Benchmark
  @OperationsPerInvocation(STEP)
  public IngestResult verifiedIngest(Pool pool, Node node) {
    int from = node.take(pool);
    return node.dag.ingest(pool.units.subList(from, from + STEP));
  }

  /** Baseline: raw Ed25519 verification of 1024 units' signatures on every core. */
  @Benchmark
  @OperationsPerInvocation(STEP)
  public boolean rawEd25519VerifyAllCores(Pool pool, Baseline base)
      throws InterruptedException, ExecutionException {
    int from = base.take(pool.units.size());
    return pool.threads
        .submit(
            () ->
                IntStream.range(from, from + STEP)
                    .parallel()
                    .allMatch(
                        i -> base.verifierOf[i].verify(base.signingInputs[i], base.signatures[i])))
        .get();
  }

  /** Baseline: 1024 raw LMDB puts of the units (id to encoded bytes) in one fsync'd transaction. */
  @Benchmark
  @OperationsPerInvocation(STEP)
  public void rawLmdbPut(Pool pool, Baseline base) {
    int from = base.take(pool.units.size());
    try (Txn<byte[]> txn = base.env.txnWrite()) {
      for (int i = from; i < from + STEP; i++) {
        base.dbi.put(txn, base.ids[i], base.encoded[i]);
      }
      txn.commit();
    }
  }
}
