package org.cybervein.benchmarks.pospace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.cybervein.api.Hash;
import org.cybervein.crypto.merkle.FileHashArray;
import org.cybervein.storageproofs.pospace.GraphParameters;
import org.cybervein.storageproofs.pospace.InitProgress;
import org.cybervein.storageproofs.pospace.SpaceCommitment;
import org.cybervein.storageproofs.pospace.SpaceProver;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Algorithm 1 {@code Init(mu, n)} for n = 2^24 labels on the default graph, streamed to a {@link
 * FileHashArray} in the temporary directory (labels and Merkle tree: {@code 2 n * 32} bytes, 1 GiB
 * for 2^24), with a small heap to show that the labels do not live on it.
 *
 * <p>Mode: single-shot time of one whole Init, in seconds; lower is better. Divide n by it for the
 * end-to-end labels per second, and compare with {@link LabelingBenchmark} (labelling alone) and
 * {@code MerkleBenchmark} (the tree alone).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@State(Scope.Thread)
public class SpaceInitBenchmark {
  /** n = 2^log2Nodes; lower it with {@code -p log2Nodes=16} for a quick look. */
  @Param({"24"})
  public int log2Nodes;

  private Path dir;
  private FileHashArray store;

  /** A fresh file for each shot, so every Init writes a new file as a prover would. */
  @Setup(Level.Iteration)
  public void setUp() throws IOException {
    if (log2Nodes < 4 || log2Nodes > 30) {
      throw new IllegalArgumentException("log2Nodes must be in 4..30, got " + log2Nodes);
    }
    dir = Files.createTempDirectory("pospace-bench");
    long n = 1L << log2Nodes;
    store = FileHashArray.create(dir.resolve("space.bin"), SpaceProver.storageSize(n));
  }

  /** Deletes the file of the shot. */
  @TearDown(Level.Iteration)
  public void tearDown() throws IOException {
    store.close();
    Files.deleteIfExists(dir.resolve("space.bin"));
    Files.deleteIfExists(dir);
  }

  /** Labels every node and commits to the labels. */
  @Benchmark
  public SpaceCommitment init() {
    return SpaceProver.init(
            Hash.fromHex("6d75000000000000000000000000000000000000000000000000000000000001"),
            1L << log2Nodes,
            GraphParameters.DEFAULT,
            store,
            InitProgress.NONE)
        .commitment();
  }
}
