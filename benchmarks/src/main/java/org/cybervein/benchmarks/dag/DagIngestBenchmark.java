package org.cybervein.benchmarks.dag;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.PublicKey;
import org.cybervein.api.Signature;
import org.cybervein.api.time.Clock;
import org.cybervein.api.time.Timer;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.crypto.random.DeterministicRandom;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.crypto.sign.Ed25519Verifier;
import org.cybervein.dag.Dag;
import org.cybervein.dag.DagConfig;
import org.cybervein.dag.IngestResult;
import org.cybervein.dag.certification.ValidatorSet;
import org.cybervein.dag.store.InMemoryUnitStore;
import org.cybervein.dag.unit.DataWrite;
import org.cybervein.dag.unit.Unit;
import org.cybervein.dag.unit.UnitBody;
import org.cybervein.dag.validation.UnitVerifier;
import org.cybervein.dag.validation.VerificationResult;
import org.cybervein.dag.validation.VerifiedUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * DAG ingest of {@value #UNITS} signed units (a random DAG of 64 authors, 16 of them validators, so
 * that certification runs), into a fresh in-memory DAG per operation; scores are units per second.
 *
 * <ul>
 *   <li>{@code verifiedIngest}: {@link Dag#ingest(List)}, the whole validated path: parallel
 *       signature checks on the common pool, then store, index and certification on one thread.
 *       Target: at least 90% of {@code rawParallelVerify}.
 *   <li>{@code preVerifiedIngest}: {@link Dag#ingestVerified(List)}, the sequential part alone
 *       (store, index, certification). Target: at least 100,000 units/s.
 *   <li>{@code rawParallelVerify}: <b>baseline</b>, only the Ed25519 verifications of the same
 *       envelopes, one verifier per key made in advance, spread over the same pool: the physical
 *       limit of verified ingest.
 * </ul>
 *
 * The verifier's per-author key cache is warm in all three (one {@link UnitVerifier} shared by the
 * fresh DAGs), as it is on a running node.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class DagIngestBenchmark {
  static final int UNITS = 4096;
  private static final int AUTHORS = 64;
  private static final int VALIDATORS = 16;
  private static final long SEED = 0x0DA6_1A6E_57L;
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private DagConfig config;
  private UnitVerifier verifier;
  private List<Unit> units;
  private List<VerifiedUnit> verified;
  private Ed25519Verifier[] rawVerifiers;
  private byte[][] rawInputs;
  private Signature[] rawSignatures;

  /** A clock stopped at {@link #NOW}. */
  private static final class StoppedClock implements Clock {
    @Override
    public Instant now() {
      return NOW;
    }

    @Override
    public Timer schedule(Duration delay, Runnable action) {
      throw new UnsupportedOperationException();
    }
  }

  /** Signs the units once and warms the verifier's key cache. */
  @Setup
  public void setUp() throws InvalidCryptoInputException {
    DeterministicRandom random = DeterministicRandom.fromSeed(SEED);
    List<Ed25519PrivateKey> keys = new ArrayList<>();
    List<PublicKey> validatorKeys = new ArrayList<>();
    for (int i = 0; i < AUTHORS; i++) {
      keys.add(Ed25519PrivateKey.generate(random));
      if (i < VALIDATORS) {
        validatorKeys.add(keys.get(i).publicKey());
      }
    }
    Hash genesis = HashFunction.untaggedSha256(Bytes.utf8("benchmark genesis").toByteArray());
    config = DagConfig.of(genesis, ValidatorSet.of(validatorKeys));
    verifier =
        new UnitVerifier(
            config.limits(),
            config.validators(),
            new StoppedClock(),
            ForkJoinPool.commonPool(),
            Runtime.getRuntime().availableProcessors());
    units = randomDag(keys, genesis, new SplittableRandom(SEED));
    VerificationResult checked = verifier.verifyAll(units);
    if (!checked.rejected().isEmpty()) {
      throw new IllegalStateException("benchmark units rejected: " + checked.rejected());
    }
    verified = checked.verified();

    Map<PublicKey, Ed25519Verifier> byKey = new HashMap<>();
    rawVerifiers = new Ed25519Verifier[UNITS];
    rawInputs = new byte[UNITS][];
    rawSignatures = new Signature[UNITS];
    for (int i = 0; i < UNITS; i++) {
      Unit u = units.get(i);
      Ed25519Verifier v = byKey.get(u.author());
      if (v == null) {
        v = Ed25519Verifier.of(u.author());
        byKey.put(u.author(), v);
      }
      rawVerifiers[i] = v;
      rawInputs[i] = u.envelope().signingInput();
      rawSignatures[i] = u.envelope().signature();
    }
    IngestResult check = verifiedIngest();
    if (check.stored().size() != UNITS) {
      throw new IllegalStateException("benchmark DAG not fully stored: " + check);
    }
  }

  private static List<Unit> randomDag(
      List<Ed25519PrivateKey> keys, Hash genesis, SplittableRandom random) {
    List<Unit> out = new ArrayList<>(UNITS);
    Map<Ed25519PrivateKey, Unit> last = new HashMap<>();
    byte[] content = new byte[64];
    for (int i = 0; i < UNITS; i++) {
      Ed25519PrivateKey author = keys.get(random.nextInt(keys.size()));
      TreeSet<Hash> parents = new TreeSet<>();
      Unit previous = last.get(author);
      if (previous != null) {
        parents.add(previous.id());
      }
      for (int p = 0; p < 2 && !out.isEmpty(); p++) {
        parents.add(out.get(out.size() - 1 - random.nextInt(Math.min(out.size(), 32))).id());
      }
      if (parents.isEmpty()) {
        parents.add(genesis);
      }
      random.nextBytes(content);
      DataWrite write =
          new DataWrite(
              genesis,
              HashFunction.untaggedSha256(content),
              content.length,
              java.util.Optional.of(Bytes.of(content)));
      long seq = previous == null ? 0 : previous.sequence() + 1;
      Unit u =
          Unit.sign(
              new UnitBody(
                  author.publicKey(), List.copyOf(parents), seq, NOW.toEpochMilli(), write),
              author);
      out.add(u);
      last.put(author, u);
    }
    return out;
  }

  /** Verified ingest: parallel signature checks, then store, index and certification. */
  @Benchmark
  @OperationsPerInvocation(UNITS)
  public IngestResult verifiedIngest() {
    Dag dag = Dag.open(config, new InMemoryUnitStore(), verifier);
    return dag.ingest(units);
  }

  /** The pre-verified path: store, index and certification only. */
  @Benchmark
  @OperationsPerInvocation(UNITS)
  public IngestResult preVerifiedIngest() {
    Dag dag = Dag.open(config, new InMemoryUnitStore(), verifier);
    return dag.ingestVerified(verified);
  }

  /** Baseline: the raw Ed25519 verifications of the same envelopes on all cores. */
  @Benchmark
  @OperationsPerInvocation(UNITS)
  public boolean rawParallelVerify() {
    return IntStream.range(0, UNITS)
        .parallel()
        .allMatch(i -> rawVerifiers[i].verify(rawInputs[i], rawSignatures[i]));
  }
}
