package org.cybervein.benchmarks.pbft;

import java.util.concurrent.TimeUnit;
import org.cybervein.api.Signature;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.crypto.sign.Ed25519Verifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The physical bound of {@link PbftThroughputBenchmark} with signatures: Ed25519 verifications per
 * second on one core, with a verifier kept per key as PBFT replicas keep one per member, over a
 * 128-byte message (about the size of a PREPARE body).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
@State(Scope.Thread)
public class PbftEd25519BaselineBenchmark {
  private byte[] message;
  private Signature signature;
  private Ed25519Verifier verifier;

  /** Signs a fixed message with a fixed key. */
  @Setup
  public void setUp() throws InvalidCryptoInputException {
    DeterministicRandom random = DeterministicRandom.fromSeed(0x5645_5249_4659L);
    message = new byte[128];
    random.nextBytes(message);
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(random);
    signature = key.sign(message);
    verifier = Ed25519Verifier.of(key.publicKey());
  }

  /** One verification. */
  @Benchmark
  public boolean ed25519RawVerify() {
    return verifier.verify(message, signature);
  }
}
