package org.cybervein.benchmarks.pospace;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;
import org.cybervein.api.Hash;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.crypto.merkle.HeapHashArray;
import org.cybervein.storageproofs.pospace.GraphParameters;
import org.cybervein.storageproofs.pospace.NodeLabeler;
import org.cybervein.storageproofs.pospace.SpaceGraph;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The labelling rate of proof of space, one label per operation, on the default graph (8 layers,
 * degrees 6 + 8), for nodes with the full 14 parents: what Algorithm 1 does n times.
 *
 * <p>Mode: throughput, labels (or hashes) per second on one thread; higher is better.
 *
 * <p>{@code label} is {@link NodeLabeler#label(long, org.cybervein.crypto.merkle.HashArray, byte[],
 * int)}: parent derivation, 14 parent reads from a heap array of 2^16 random labels, a clone of the
 * primed digest and the hash. Baselines in the same run, with one reused JDK {@link MessageDigest}:
 * {@code sha256RawSameInput} hashes the 520 bytes a label hashes ({@code encode(tag) || mu ||
 * u64(v) || 14 labels}), {@code sha256RawAfterPrimedBlock} the 456 bytes that remain after the
 * 64-byte block the labeller compresses once in advance. The target is {@code label} at 80%
 * or more of {@code sha256RawSameInput}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class LabelingBenchmark {
  private static final long SEED = 0x504f534c4142454cL;
  private static final int LOG2_NODES = 16;

  private SpaceGraph graph;
  private HeapHashArray labels;
  private NodeLabeler labeler;
  private byte[] out;
  private long width;
  private long next;
  private MessageDigest sha256;
  private byte[] sameInput;

  /** Random labels stand in for computed ones: the work per label does not depend on them. */
  @Setup
  public void setUp() throws NoSuchAlgorithmException {
    long n = 1L << LOG2_NODES;
    graph = SpaceGraph.of(GraphParameters.DEFAULT, n);
    width = graph.width();
    labels = new HeapHashArray(n);
    DeterministicRandom random = DeterministicRandom.fromSeed(SEED);
    byte[] h = new byte[Hash.SIZE];
    for (long v = 0; v < n; v++) {
      random.nextBytes(h);
      labels.write(v, h, 0);
    }
    byte[] mu = new byte[Hash.SIZE];
    random.nextBytes(mu);
    labeler = new NodeLabeler(Hash.of(mu), graph);
    out = new byte[Hash.SIZE];
    next = width + 1;
    sha256 = MessageDigest.getInstance("SHA-256");
    int maxParents = GraphParameters.DEFAULT.maxParents();
    sameInput = new byte[NodeLabeler.TAG.encoded().size() + Hash.SIZE + 8 + Hash.SIZE * maxParents];
    random.nextBytes(sameInput);
    if (sameInput.length != 520 || graph.parentCount(width + 1) != maxParents) {
      throw new IllegalStateException("unexpected label input size " + sameInput.length);
    }
  }

  /** One label of a node with 14 parents, reading them from the label array. */
  @Benchmark
  public byte[] label() {
    long v = next;
    // Cycle over nodes of layers 1.. that are not at position 0, so every label has 14 parents.
    next = v + 1 == graph.nodeCount() ? width + 1 : (v + 1) % width == 0 ? v + 2 : v + 1;
    labeler.label(v, labels, out, 0);
    return out;
  }

  /** Baseline: JDK SHA-256 of the 520 bytes a 14-parent label hashes. */
  @Benchmark
  public byte[] sha256RawSameInput() {
    return sha256.digest(sameInput);
  }

  /** Baseline: JDK SHA-256 over the 456 bytes hashed after the primed first block. */
  @Benchmark
  public byte[] sha256RawAfterPrimedBlock() {
    sha256.update(sameInput, 64, sameInput.length - 64);
    return sha256.digest();
  }
}
