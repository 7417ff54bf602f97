package org.cybervein.benchmarks.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.cybervein.api.Hash;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One-shot hashing of a short (64 B, a typical id or key input) and a medium (1 KiB, a small
 * message) input with {@link HashFunction}, tagged and untagged, for SHA-256 and BLAKE2b-256.
 *
 * <p>Mode: average time per hash, in nanoseconds (ns/op); lower is better.
 *
 * <p>Baselines, measured in the same run: {@code sha256JdkRaw} is the JDK's {@link MessageDigest}
 * reused from the benchmark state, the fastest SHA-256 the platform offers (it uses the CPU's SHA
 * instructions where present); {@code blake2bBouncyCastleRaw} is Bouncy Castle's {@link
 * Blake2bDigest} reused likewise. The SDK's untagged figure over its baseline is the cost of the
 * per-call digest state and the {@link Hash} wrapper; the tagged figure adds the tag bytes (here 23
 * bytes, a typical {@code cybervein/<purpose>/v1} name) to the hashed input.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class HashBenchmark {
  private static final long SEED = 0x4841534842454e43L;

  /** Input length in bytes. */
  @Param({"64", "1024"})
  public int size;

  private byte[] input;
  private DomainTag tag;
  private MessageDigest jdkSha256;
  private Blake2bDigest bcBlake2b;
  private byte[] blake2bOut;

  /** Draws the input from a fixed seed and makes the reusable baseline digests. */
  @Setup
  public void setUp() throws NoSuchAlgorithmException {
    input = new byte[size];
    DeterministicRandom.fromSeed(SEED).nextBytes(input);
    tag = DomainTag.of("cybervein/benchmark/v1");
    jdkSha256 = MessageDigest.getInstance("SHA-256");
    bcBlake2b = new Blake2bDigest(256);
    blake2bOut = new byte[Hash.SIZE];
  }

  /** Baseline: the JDK's SHA-256 with one reused {@link MessageDigest}. */
  @Benchmark
  public byte[] sha256JdkRaw() {
    return jdkSha256.digest(input);
  }

  /** {@code HashFunction.SHA256.hashUntagged}: the same bytes as the baseline. */
  @Benchmark
  public Hash sha256Untagged() {
    return HashFunction.SHA256.hashUntagged(input);
  }

  /** {@code HashFunction.SHA256.hash(tag, input)}: how every protocol hash is computed. */
  @Benchmark
  public Hash sha256Tagged() {
    return HashFunction.SHA256.hash(tag, input);
  }

  /** Baseline: Bouncy Castle's BLAKE2b-256 with one reused digest. */
  @Benchmark
  public byte[] blake2bBouncyCastleRaw() {
    bcBlake2b.update(input, 0, input.length);
    bcBlake2b.doFinal(blake2bOut, 0);
    return blake2bOut;
  }

  /** {@code HashFunction.BLAKE2B_256.hashUntagged}. */
  @Benchmark
  public Hash blake2bUntagged() {
    return HashFunction.BLAKE2B_256.hashUntagged(input);
  }

  /** {@code HashFunction.BLAKE2B_256.hash(tag, input)}. */
  @Benchmark
  public Hash blake2bTagged() {
    return HashFunction.BLAKE2B_256.hash(tag, input);
  }
}
