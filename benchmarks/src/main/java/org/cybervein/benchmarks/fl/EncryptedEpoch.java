package org.cybervein.benchmarks.fl;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.cybervein.crypto.he.PaillierKeySize;
import org.cybervein.fl.model.BatchProgress;
import org.cybervein.fl.model.EpochProgress;
import org.cybervein.fl.model.Hyperparameters;
import org.cybervein.fl.model.ModelKind;
import org.cybervein.fl.model.TrainingListener;
import org.cybervein.fl.vertical.PaillierCipherSuite;
import org.cybervein.fl.vertical.SimulatedVerticalTraining;
import org.cybervein.fl.vertical.VerticalModel;

/**
 * The end-to-end measurement of issue 16: ONE encrypted epoch of vertical logistic regression
 * (Taylor loss, learning rate 0.15, L2 0.01, batches of 64) on {@link CreditShapedData} (30,000
 * rows, guest 13 features and the label, host 10), 2048-bit keys, A, B and C in one JVM on the
 * simulated network, every party's ciphertext work on one shared pool. One run, like JMH's {@code
 * -f1 -wi0 -i1}: an epoch takes minutes, so there is no warm-up iteration.
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.cybervein.benchmarks.fl.EncryptedEpoch [rows]
 * [default|short] [batch=N] [threads...]}, e.g. {@code 30000 short 1 2} or {@code 30000 default
 * batch=256 2}; the batch size is the library's default, 64, unless given. Prints the settings
 * (rows, randomness, batch size, threads), the wall time and the process's CPU time of the whole
 * run and of the epoch after key generation and the first batch (on a shared machine CPU time is
 * the better guide to the wall time on idle cores), the load average, the largest difference from
 * the centralised reference's weights with the same settings, and progress every 50 batches.
 */
public final class EncryptedEpoch {
  private EncryptedEpoch() {}

  /**
   * Runs the measurement.
   *
   * @param args rows, randomness ({@code default} or {@code short}), thread counts
   */
  public static void main(String[] args) {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 30_000;
    boolean shortExponents = args.length > 1 && args[1].equals("short");
    int batch = 64;
    java.util.List<Integer> threadList = new java.util.ArrayList<>();
    for (int a = 2; a < args.length; a++) {
      if (args[a].startsWith("batch=")) {
        batch = Integer.parseInt(args[a].substring("batch=".length()));
      } else {
        threadList.add(Integer.parseInt(args[a]));
      }
    }
    int[] threads =
        threadList.isEmpty()
            ? new int[] {1, 2}
            : threadList.stream().mapToInt(Integer::intValue).toArray();
    CreditShapedData.Parties data = CreditShapedData.generate(rows, 0x43524544L);
    Hyperparameters h = new Hyperparameters(ModelKind.LOGISTIC_TAYLOR, 0.15, 0.01, batch, 1, 1e-6);
    double[][] pooledRows = new double[rows][];
    for (int i = 0; i < rows; i++) {
      double[] a = data.host().row(i);
      double[] b = data.guest().row(i);
      pooledRows[i] = new double[a.length + b.length];
      System.arraycopy(a, 0, pooledRows[i], 0, a.length);
      System.arraycopy(b, 0, pooledRows[i], a.length, b.length);
    }
    org.cybervein.fl.model.LinearModel central =
        new org.cybervein.fl.model.CentralisedTrainer(h)
            .train(pooledRows, data.guest().labels().orElseThrow(), TrainingListener.NONE);
    PaillierCipherSuite suite = PaillierCipherSuite.of(PaillierKeySize.BITS_2048);
    if (shortExponents) {
      suite = suite.withShortExponentRandomness();
    }
    for (int t : threads) {
      ExecutorService pool = Executors.newFixedThreadPool(t);
      long[] firstBatch = {0, 0};
      com.sun.management.OperatingSystemMXBean os =
          (com.sun.management.OperatingSystemMXBean)
              java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      long cpuStart = os.getProcessCpuTime();
      long start = System.nanoTime();
      TrainingListener listener =
          new TrainingListener() {
            @Override
            public void onEpoch(EpochProgress p) {}

            @Override
            public void onBatch(BatchProgress p) {
              if (firstBatch[0] == 0) {
                firstBatch[0] = System.nanoTime();
                firstBatch[1] = os.getProcessCpuTime();
              }
              if (p.batchNumber() % 50 == 0) {
                System.out.printf(
                    "  batch %d of %d, %.1f s%n",
                    p.batchNumber(), p.batchesPerEpoch(), (System.nanoTime() - start) / 1e9);
              }
            }
          };
      VerticalModel model =
          new SimulatedVerticalTraining(1L, data.host(), data.guest(), h, suite)
              .executor(pool)
              .listener(listener)
              .run();
      long end = System.nanoTime();
      long cpu = os.getProcessCpuTime() - cpuStart;
      pool.shutdown();
      double difference = Math.abs(central.intercept() - model.intercept());
      double[] fed = model.pooled().weights();
      for (int j = 0; j < fed.length; j++) {
        difference = Math.max(difference, Math.abs(central.weights()[j] - fed[j]));
      }
      System.out.printf(
          "rows %d, randomness %s, batch %d, threads %d: run %.1f s wall, %.1f s CPU of this"
              + " process; after key generation and the first batch (%.1f s wall, %.1f s CPU):"
              + " %.1f s wall, %.1f s CPU; %d epoch(s), intercept %.4f, max |w - centralised|"
              + " %.2e, load %.1f%n",
          rows,
          shortExponents ? "short-exponent" : "default",
          batch,
          t,
          Duration.ofNanos(end - start).toMillis() / 1e3,
          cpu / 1e9,
          (firstBatch[0] - start) / 1e9,
          (firstBatch[1] - cpuStart) / 1e9,
          (end - firstBatch[0]) / 1e9,
          (os.getProcessCpuTime() - firstBatch[1]) / 1e9,
          model.epochs(),
          model.intercept(),
          difference,
          os.getSystemLoadAverage());
    }
  }
}
