package org.cybervein.benchmarks.pbft;

import java.util.concurrent.TimeUnit;
import org.cybervein.consensus.pbft.AuthMode;
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
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * PBFT committed operations per second for 4 replicas in one process ({@link InProcessGroup}):
 * batching on, closed-loop clients (twice the batch size; with a batch in flight the primary waits
 * for a full one, so batches reach the limit: the operations per batch are printed at the end of
 * each trial), a state machine that does nothing, operations of {@code operationSize} bytes, in
 * both {@link AuthMode}s. Everything runs on one thread, so the figure is the whole group's work on
 * one core.
 *
 * <p>{@code committedOperations} scores operations per second; at the end of each trial it also
 * prints the latency percentiles (p50, p90, p99, from a client's invoke to its f + 1 matching
 * replies) of the operations of the measured iterations.
 *
 * <p>Baseline in the same run ({@code java -jar benchmarks.jar Pbft} runs both classes): {@link
 * PbftEd25519BaselineBenchmark}, Ed25519 verifications per second on one core. With signatures
 * every operation needs some number V of verifications in the group (see the README), so the
 * baseline divided by V is the bound that {@code committedOperations} with {@code
 * authMode=SIGNATURES} is read against.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
// Six warm-up iterations: on two cores the JIT needs about 10 s to settle this much code (the
// MAC figures still climbed by a third between the third and the sixth iteration).
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
@State(Scope.Thread)
public class PbftThroughputBenchmark {
  private static final int OPERATIONS_PER_INVOCATION = 256;

  /** How normal-case messages are authenticated. */
  @Param({"MAC_AUTHENTICATORS", "SIGNATURES"})
  public AuthMode authMode;

  /** The most requests the primary puts in one PRE-PREPARE. */
  @Param({"1", "16", "128"})
  public int batchSize;

  /** Bytes per operation. */
  @Param({"0", "1024"})
  public int operationSize;

  private InProcessGroup group;
  private boolean measuring;

  /** Builds the group and its clients and gets the first requests going. */
  @Setup(Level.Trial)
  public void setUp() {
    group = new InProcessGroup(4, authMode, batchSize, Math.max(8, 2 * batchSize), operationSize);
    group.start();
    measuring = false;
  }

  /** Latencies count from the first measured iteration on. */
  @Setup(Level.Iteration)
  public void startIteration(IterationParams params) {
    if (params.getType() == IterationType.MEASUREMENT && !measuring) {
      measuring = true;
      group.resetLatencies();
    }
  }

  /** Prints the latency percentiles of the trial. */
  @TearDown(Level.Trial)
  public void report() {
    System.out.printf(
        "%n  latency %s batch=%d size=%d: p50 %.0f us, p90 %.0f us, p99 %.0f us over %d ops;"
            + " %.1f messages per op; %.1f ops per batch%n",
        authMode,
        batchSize,
        operationSize,
        group.latencyMicros(50),
        group.latencyMicros(90),
        group.latencyMicros(99),
        group.completed(),
        group.delivered() / (double) Math.max(1, group.completed()),
        group.completed() / (double) Math.max(1, group.batches()));
  }

  /** Committed operations per second: the group completes 256 more client requests. */
  @Benchmark
  @OperationsPerInvocation(OPERATIONS_PER_INVOCATION)
  public long committedOperations() {
    group.runUntilCompleted(OPERATIONS_PER_INVOCATION);
    return group.completed();
  }
}
