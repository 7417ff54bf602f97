package org.cybervein.benchmarks.crypto;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;
import org.cybervein.api.Hash;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.crypto.merkle.MerkleAccumulator;
import org.cybervein.crypto.merkle.MerkleTree;
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
 * A Merkle tree over 2^20 leaves of 32 bytes each (the size of a proof-of-space label commitment):
 * {@link MerkleTree#builder(long)} with every level kept, hashed serially ({@code build()}) and on
 * the common fork-join pool ({@code buildInParallel()}), and {@link MerkleAccumulator}, which keeps
 * only the root. Leaf data lives in one flat array made in setup, so only the tree work is timed.
 *
 * <p>Mode: single-shot time of one whole tree, in milliseconds (ms/op); lower is better. Each shot
 * takes up to about a second, so there are few iterations.
 *
 * <p>Baseline, measured in the same run: {@code sha256LowerBound} hashes exactly the inputs a tree
 * of n leaves needs, n leaf inputs of 33 bytes ({@code 0x00 || leaf}) and n - 1 node inputs of 65
 * bytes ({@code 0x01 || left || right}), with one reused JDK {@link MessageDigest} and no storage:
 * the physical lower bound of the work on one core. {@code build / sha256LowerBound} is the cost of
 * keeping every level; {@code buildInParallel} can at best reach the bound divided by the number of
 * cores.
 *
 * <p>The fork gets a fixed 2 GiB heap, so that the collector's work for the 64 MiB a tree holds
 * does not depend on the memory of the machine.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2)
@Measurement(iterations = 4)
@State(Scope.Thread)
public class MerkleBenchmark {
  private static final long SEED = 0x4d45524b4c453230L;
  private static final int LEAF_SIZE = 32;

  /** The tree has 2^log2Leaves leaves; lower it with {@code -p log2Leaves=10} for a quick look. */
  @Param({"20"})
  public int log2Leaves;

  private int leafCount;
  private byte[] leaves;
  private MessageDigest sha256;
  private final byte[] pair = new byte[1 + 2 * Hash.SIZE];

  /** Draws the leaf data from a fixed seed and checks that all three ways agree on the root. */
  @Setup
  public void setUp() throws NoSuchAlgorithmException {
    if (log2Leaves < 1 || log2Leaves > 24) {
      throw new IllegalArgumentException("log2Leaves must be in 1..24, got " + log2Leaves);
    }
    leafCount = 1 << log2Leaves;
    leaves = new byte[leafCount * LEAF_SIZE];
    DeterministicRandom.fromSeed(SEED).nextBytes(leaves);
    sha256 = MessageDigest.getInstance("SHA-256");
    pair[0] = 0x01;
    Hash root = build();
    if (!root.equals(buildInParallel()) || !root.equals(accumulatorRoot())) {
      throw new IllegalStateException("the three ways of building disagree on the root");
    }
  }

  /** {@code MerkleTree.builder(n)}, {@code appendLeaf} for every leaf, then {@code build()}. */
  @Benchmark
  public Hash build() {
    MerkleTree.Builder builder = MerkleTree.builder(leafCount);
    for (int i = 0; i < leafCount; i++) {
      builder.appendLeaf(leaves, i * LEAF_SIZE, LEAF_SIZE);
    }
    return builder.build().root();
  }

  /** As {@link #build()}, but the levels are hashed with {@code buildInParallel()}. */
  @Benchmark
  public Hash buildInParallel() {
    MerkleTree.Builder builder = MerkleTree.builder(leafCount);
    for (int i = 0; i < leafCount; i++) {
      builder.appendLeaf(leaves, i * LEAF_SIZE, LEAF_SIZE);
    }
    return builder.buildInParallel().root();
  }

  /** The root alone, in O(log n) memory. */
  @Benchmark
  public Hash accumulatorRoot() {
    MerkleAccumulator accumulator = new MerkleAccumulator();
    for (int i = 0; i < leafCount; i++) {
      accumulator.appendLeaf(leaves, i * LEAF_SIZE, LEAF_SIZE);
    }
    return accumulator.root();
  }

  /**
   * Baseline: n SHA-256 hashes of 33-byte leaf inputs and n - 1 of 65-byte node inputs. Each digest
   * is written back into the node input, so every hash depends on the one before and none can be
   * optimised away; the result is not a Merkle root.
   */
  @Benchmark
  public byte[] sha256LowerBound() throws DigestException {
    for (int i = 0; i < leafCount; i++) {
      sha256.update((byte) 0x00);
      sha256.update(leaves, i * LEAF_SIZE, LEAF_SIZE);
      sha256.digest(pair, 1 + (i & 1) * Hash.SIZE, Hash.SIZE);
    }
    for (int i = 0; i < leafCount - 1; i++) {
      sha256.update(pair, 0, pair.length);
      sha256.digest(pair, 1 + (i & 1) * Hash.SIZE, Hash.SIZE);
    }
    return pair;
  }
}
