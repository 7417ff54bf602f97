package org.cybervein.fl.spark;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.cybervein.api.NodeId;
import org.cybervein.api.sim.SimulatedNetwork;
import org.cybervein.api.time.SystemClock;
import org.cybervein.crypto.he.PaillierKeySize;
import org.cybervein.fl.model.BatchProgress;
import org.cybervein.fl.model.EpochProgress;
import org.cybervein.fl.model.Hyperparameters;
import org.cybervein.fl.model.ModelKind;
import org.cybervein.fl.model.TrainingListener;
import org.cybervein.fl.vertical.Coordinator;
import org.cybervein.fl.vertical.GradientCipher;
import org.cybervein.fl.vertical.GuestParty;
import org.cybervein.fl.vertical.GuestRows;
import org.cybervein.fl.vertical.HostParty;
import org.cybervein.fl.vertical.PaillierCipherSuite;
import org.cybervein.fl.vertical.PartyRows;
import org.cybervein.fl.vertical.ResidualTerms;

/**
 * One real encrypted training epoch with party A's and party B's rows in Spark and coordinator C in
 * the JVM: vertical logistic regression (Taylor loss, learning rate 0.15, L2 0.01), 2048-bit
 * Paillier keys, over a generated table of the default-credit shape (A: 10 standard normal
 * features; B: 13 and a label drawn from a logistic model of both parties' features). The three
 * parties are the protocol cores of {@code cybervein-fl} on a simulated network on the driver,
 * their in-JVM ciphertext work (A's encryption of its forward, B's residuals and loss, C's zeros
 * and decryptions) on one pool; the per-row work of A and B runs as Spark jobs. Not a test and not
 * in the build: run it with the {@code spark-training-epoch} profile (README).
 *
 * <p>Arguments: rows (default 20,000), batch size (1024), randomness ({@code default} or {@code
 * short}: C's zeros with short exponents, {@link PaillierCipherSuite#withShortExponentRandomness}),
 * master ({@code local[2]}), threads of the driver's pool (2).
 *
 * <p>Prints the wall time of the epoch (from C's key to B's last update), the CPU time of this
 * process (in local mode Spark's executors are threads of it), the time each party spent handling
 * its messages (the network runs them one at a time on the driver), of which in Spark jobs, and the
 * load average.
 */
public final class SparkTrainingEpochRun {
  private static final int HOST_FEATURES = 10;
  private static final int GUEST_FEATURES = 13;
  private static final NodeId A = new NodeId("A");
  private static final NodeId B = new NodeId("B");
  private static final NodeId C = new NodeId("C");

  private SparkTrainingEpochRun() {}

  /** Time spent in one kind of work, in nanoseconds, on the driver's thread. */
  private static final class Stopwatch {
    long nanos;

    <T> T time(Supplier<T> work) {
      long t = System.nanoTime();
      try {
        return work.get();
      } finally {
        nanos += System.nanoTime() - t;
      }
    }

    void time(Runnable work) {
      time(
          () -> {
            work.run();
            return null;
          });
    }

    double seconds() {
      return nanos / 1e9;
    }
  }

  /** A's rows, timing the Spark jobs. */
  private record TimedHostRows(PartyRows rows, Stopwatch forward, Stopwatch sums)
      implements PartyRows {
    @Override
    public int rowCount() {
      return rows.rowCount();
    }

    @Override
    public int featureCount() {
      return rows.featureCount();
    }

    @Override
    public double[] forward(int start, int count, double[] weights) {
      return forward.time(() -> rows.forward(start, count, weights));
    }

    @Override
    public BigInteger[] encryptedGradientSums(
        GradientCipher cipher, int start, BigInteger[] residuals, Executor executor) {
      return sums.time(() -> rows.encryptedGradientSums(cipher, start, residuals, executor));
    }
  }

  /** B's rows, timing the Spark jobs. */
  private record TimedGuestRows(GuestRows rows, Stopwatch terms, Stopwatch sums)
      implements GuestRows {
    @Override
    public int rowCount() {
      return rows.rowCount();
    }

    @Override
    public int featureCount() {
      return rows.featureCount();
    }

    @Override
    public boolean binaryLabels() {
      return rows.binaryLabels();
    }

    @Override
    public double[] forward(int start, int count, double[] weights) {
      return rows.forward(start, count, weights);
    }

    @Override
    public ResidualTerms residualTerms(
        int start, int count, double[] weights, double intercept, ModelKind kind) {
      return terms.time(() -> rows.residualTerms(start, count, weights, intercept, kind));
    }

    @Override
    public BigInteger[] encryptedGradientSums(
        GradientCipher cipher, int start, BigInteger[] residuals, Executor executor) {
      return sums.time(() -> rows.encryptedGradientSums(cipher, start, residuals, executor));
    }
  }

  /**
   * Generates the table, loads both parties' rows and trains one epoch, printing the times.
   *
   * @param args rows, batch size, randomness, master, driver threads
   * @throws Exception on any failure
   */
  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int batchSize = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
    boolean shortExponents = args.length > 2 && args[2].equals("short");
    String master = args.length > 3 ? args[3] : "local[2]";
    int threads = args.length > 4 ? Integer.parseInt(args[4]) : 2;
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    SparkSession spark =
        SparkSession.builder()
            .master(master)
            .appName("cybervein-fl-spark-training-epoch")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "8")
            .getOrCreate();
    int partitions = spark.sparkContext().defaultParallelism();
    Path dir = Files.createTempDirectory("cybervein-spark-training-epoch");
    String parquet = dir.resolve("parties.parquet").toString();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long t0 = System.nanoTime();
      // One table with both parties' columns; each party loads only its own (Parquet reads only
      // the selected columns). The label follows a logistic model of all 23 features.
      List<Column> columns = new ArrayList<>();
      columns.add(functions.col("id").cast("string").as("id"));
      List<String> hostNames = new ArrayList<>();
      List<String> guestNames = new ArrayList<>();
      StringBuilder z = new StringBuilder("0");
      for (int j = 0; j < HOST_FEATURES; j++) {
        hostNames.add("x" + j);
        columns.add(functions.randn(1000L + j).as("x" + j));
        z.append(j % 2 == 0 ? " + " : " - ").append(0.1 * (j % 4 + 1)).append(" * x").append(j);
      }
      for (int j = 0; j < GUEST_FEATURES; j++) {
        guestNames.add("g" + j);
        columns.add(functions.randn(2000L + j).as("g" + j));
        z.append(j % 3 == 0 ? " - " : " + ").append(0.1 * (j % 5 + 1)).append(" * g").append(j);
      }
      spark
          .range(rows)
          .select(columns.toArray(new Column[0]))
          .withColumn(
              "y",
              functions
                  .when(functions.rand(3000L).lt(functions.expr("1 / (1 + exp(-(" + z + ")))")), 1)
                  .otherwise(0))
          .write()
          .parquet(parquet);
      long t1 = System.nanoTime();
      List<String> ids = new ArrayList<>(rows);
      for (int i = 0; i < rows; i++) {
        ids.add(Integer.toString(i));
      }
      PaillierCipherSuite base = PaillierCipherSuite.of(PaillierKeySize.BITS_2048);
      PaillierCipherSuite suite = shortExponents ? base.withShortExponentRandomness() : base;
      // Executors read the public key only: the randomness mode is C's, in this JVM.
      SuiteFactory factory = () -> PaillierCipherSuite.of(PaillierKeySize.BITS_2048);
      try (SparkPartyRows hostTable =
              SparkPartyRows.load(
                  SparkPartyRows.readParquet(spark, parquet),
                  new PartyColumns("id", hostNames),
                  ids,
                  Optional.empty(),
                  partitions,
                  factory);
          SparkGuestRows guestTable =
              SparkGuestRows.load(
                  SparkPartyRows.readParquet(spark, parquet),
                  new PartyColumns("id", guestNames),
                  "y",
                  ids,
                  Optional.empty(),
                  partitions,
                  factory)) {
        long t2 = System.nanoTime();
        System.out.printf(
            "%d rows (A %d features, B %d and the label), batch %d, %s randomness, %s,"
                + " %d partitions, %d driver threads; generate+write parquet %.1f s,"
                + " load+cache both parties %.1f s%n",
            rows,
            HOST_FEATURES,
            GUEST_FEATURES,
            batchSize,
            shortExponents ? "short-exponent" : "default",
            master,
            partitions,
            threads,
            (t1 - t0) / 1e9,
            (t2 - t1) / 1e9);
        Stopwatch aForward = new Stopwatch();
        Stopwatch aSums = new Stopwatch();
        Stopwatch bTerms = new Stopwatch();
        Stopwatch bSums = new Stopwatch();
        Stopwatch aAll = new Stopwatch();
        Stopwatch bAll = new Stopwatch();
        Stopwatch cAll = new Stopwatch();
        PartyRows hostRows = new TimedHostRows(hostTable, aForward, aSums);
        GuestRows guestRows = new TimedGuestRows(guestTable, bTerms, bSums);
        Hyperparameters h =
            new Hyperparameters(ModelKind.LOGISTIC_TAYLOR, 0.15, 0.01, batchSize, 1, 1e-6);
        int batches = (rows + batchSize - 1) / batchSize;
        long[] firstBatch = {0};
        long start = System.nanoTime();
        TrainingListener listener =
            new TrainingListener() {
              @Override
              public void onEpoch(EpochProgress p) {
                System.out.printf("epoch %d: mean loss %.6f%n", p.number(), p.loss());
              }

              @Override
              public void onBatch(BatchProgress p) {
                if (firstBatch[0] == 0) {
                  firstBatch[0] = System.nanoTime();
                }
                if (p.batchNumber() % Math.max(1, batches / 10) == 0) {
                  System.out.printf(
                      "  batch %d of %d, %.1f s%n",
                      p.batchNumber(), batches, (System.nanoTime() - start) / 1e9);
                }
              }
            };
        SimulatedNetwork network = SimulatedNetwork.builder(20261207L).build();
        HostParty[] a = new HostParty[1];
        GuestParty[] b = new GuestParty[1];
        Coordinator[] c = new Coordinator[1];
        network.addNode(
            A,
            ctx -> {
              a[0] = new HostParty(ctx.transport(), B, C, hostRows, h, suite, ctx.random(), pool);
              ctx.transport().register((from, m) -> aAll.time(() -> a[0].onMessage(from, m)));
            });
        network.addNode(
            B,
            ctx -> {
              b[0] =
                  new GuestParty(
                      ctx.transport(),
                      List.of(A),
                      C,
                      guestRows,
                      h,
                      suite,
                      ctx.random(),
                      pool,
                      new SystemClock(),
                      listener);
              ctx.transport().register((from, m) -> bAll.time(() -> b[0].onMessage(from, m)));
            });
        network.addNode(
            C,
            ctx -> {
              c[0] = new Coordinator(ctx.transport(), A, B, suite, ctx.random(), pool);
              ctx.transport().register((from, m) -> cAll.time(() -> c[0].onMessage(from, m)));
            });
        long cpuStart = os.getProcessCpuTime();
        cAll.time(() -> c[0].start()); // key generation
        double keys = (System.nanoTime() - start) / 1e9;
        long epochStart = System.nanoTime();
        boolean done =
            network.runUntil(
                () -> a[0].isFinished() && b[0].isFinished() && c[0].isFinished(),
                Duration.ofDays(365));
        long end = System.nanoTime();
        double cpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
        if (!done || b[0].divergence().isPresent()) {
          throw new IllegalStateException(
              "training did not finish: dropped A/B/C "
                  + a[0].droppedMessages()
                  + "/"
                  + b[0].droppedMessages()
                  + "/"
                  + c[0].droppedMessages()
                  + b[0].divergence().map(e -> ", " + e.getMessage()).orElse(""));
        }
        double epoch = (end - epochStart) / 1e9;
        System.out.printf(
            "one encrypted epoch, A and B in Spark, C in the JVM: %.1f s wall (%.3f ms per row),"
                + " key generation %.1f s, %.1f s CPU of this process (key generation"
                + " included), load average %.1f%n",
            epoch, epoch * 1e3 / rows, keys, cpu, os.getSystemLoadAverage());
        System.out.printf(
            "  party A %.1f s (Spark: forward %.1f s, gradient sums %.1f s)%n",
            aAll.seconds(), aForward.seconds(), aSums.seconds());
        System.out.printf(
            "  party B %.1f s (Spark: residual terms %.1f s, gradient sums %.1f s)%n",
            bAll.seconds(), bTerms.seconds(), bSums.seconds());
        System.out.printf(
            "  coordinator C %.1f s (key generation %.1f s), decryptions %d%n",
            cAll.seconds(), keys, c[0].decryptions());
        System.out.printf(
            "  intercept %.6f, B's first weights %.6f %.6f, A's first weights %.6f %.6f%n",
            b[0].intercept(),
            b[0].weights()[0],
            b[0].weights()[1],
            a[0].weights()[0],
            a[0].weights()[1]);
      }
    } finally {
      pool.shutdown();
      spark.stop();
    }
  }
}
