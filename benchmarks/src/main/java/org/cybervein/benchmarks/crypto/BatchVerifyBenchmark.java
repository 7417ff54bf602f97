package org.cybervein.benchmarks.crypto;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.sign.BatchVerifier;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.crypto.sign.Ed25519Verifier;
import org.cybervein.crypto.sign.SignedMessage;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Verifying a batch of {@value #BATCH} signatures (distinct keys, distinct 64-byte messages), as a
 * node does for a DAG sync or a block's signature sub-block: {@link BatchVerifier#withCommonPool()}
 * on all cores against a single-threaded loop over the same batch.
 *
 * <p>Mode: throughput in verified signatures per second (ops/s, one op = one signature, through
 * {@link OperationsPerInvocation}); higher is better.
 *
 * <p>Baseline, measured in the same run: {@code singleThreadedLoop} does on one thread exactly the
 * work the batch verifier splits over its threads, since every key is distinct: decode each key
 * ({@link Ed25519Verifier#of}) and verify its one signature. {@code batchVerifier /
 * singleThreadedLoop} is thus the parallel speed-up (at most the number of cores). JMH itself runs
 * one benchmark thread; the batch verifier's helpers run on the common fork-join pool.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
@State(Scope.Benchmark)
public class BatchVerifyBenchmark {
  /** Signatures per batch. */
  public static final int BATCH = 1024;

  private static final long SEED = 0x4241544348564552L;
  private static final int MESSAGE_SIZE = 64;

  private List<SignedMessage> batch;
  private BatchVerifier batchVerifier;

  /** Makes {@value #BATCH} keys from a fixed seed, each signing one distinct message. */
  @Setup
  public void setUp() {
    DeterministicRandom random = DeterministicRandom.fromSeed(SEED);
    List<SignedMessage> items = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      Ed25519PrivateKey key = Ed25519PrivateKey.generate(random);
      byte[] message = new byte[MESSAGE_SIZE];
      random.nextBytes(message);
      items.add(new SignedMessage(key.publicKey(), Bytes.of(message), key.sign(message)));
    }
    batch = List.copyOf(items);
    batchVerifier = BatchVerifier.withCommonPool();
    if (!batchVerifier.verify(batch).allValid() || singleThreadedLoop() != BATCH) {
      throw new IllegalStateException("the benchmark batch does not verify");
    }
  }

  /** {@link BatchVerifier#withCommonPool()} over the whole batch. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public BatchVerifier.Result batchVerifier() {
    return batchVerifier.verify(batch);
  }

  /** Baseline: one thread, one {@link Ed25519Verifier} per (distinct) key, over the same batch. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int singleThreadedLoop() {
    int valid = 0;
    for (SignedMessage item : batch) {
      try {
        if (Ed25519Verifier.of(item.key()).verify(item.message(), item.signature())) {
          valid++;
        }
      } catch (InvalidCryptoInputException e) {
        // An invalid key makes the item invalid, as in BatchVerifier; none occur in this batch.
      }
    }
    return valid;
  }
}
