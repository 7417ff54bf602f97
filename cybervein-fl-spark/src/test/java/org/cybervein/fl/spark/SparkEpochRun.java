package org.cybervein.fl.spark;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.crypto.he.PaillierKeySize;
import org.cybervein.fl.vertical.GradientCipher;
import org.cybervein.fl.vertical.GradientDecryptor;
import org.cybervein.fl.vertical.PaillierCipherSuite;
import org.cybervein.fl.vertical.PartyRows;

/**
 * One encrypted epoch of party A's per-row work over a generated table of the default-credit shape
 * (host: 10 standardised features) in Spark local mode, with 2048-bit Paillier keys: per mini-batch
 * the forward in Spark, its encryption under C's zeros, the encrypted gradient sums in Spark and
 * the masks, exactly as {@link org.cybervein.fl.vertical.HostParty} does them. Not a test and not
 * in the build: run it with the {@code spark-epoch} profile (README). Arguments: rows (default
 * 1,000,000), batch size (1024), master ({@code local[2]}).
 *
 * <p>B's and C's work is not here: the residuals {@code [[d_i]]} and C's zeros come from a pool of
 * one batch of fresh encryptions, reused for every batch (the cost of a multi-exponentiation does
 * not depend on which ciphertexts it raises), so the figure is A's epoch alone.
 */
public final class SparkEpochRun {
  private static final int FEATURES = 10;

  private SparkEpochRun() {}

  /**
   * Generates the table, loads it and runs one epoch, printing the times.
   *
   * @param args rows, batch size, master
   * @throws Exception on any failure
   */
  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int batchSize = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
    String master = args.length > 2 ? args[2] : "local[2]";
    SparkSession spark =
        SparkSession.builder()
            .master(master)
            .appName("cybervein-fl-spark-epoch")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "8")
            .getOrCreate();
    int partitions = spark.sparkContext().defaultParallelism();
    Path dir = Files.createTempDirectory("cybervein-spark-epoch");
    String parquet = dir.resolve("host.parquet").toString();
    try {
      long t0 = System.nanoTime();
      List<Column> columns = new ArrayList<>();
      columns.add(functions.col("id").cast("string").as("id"));
      List<String> names = new ArrayList<>();
      for (int j = 0; j < FEATURES; j++) {
        names.add("x" + j);
        columns.add(functions.randn(1000L + j).as("x" + j));
      }
      spark.range(rows).select(columns.toArray(new Column[0])).write().parquet(parquet);
      long t1 = System.nanoTime();
      List<String> ids = new ArrayList<>(rows);
      for (int i = 0; i < rows; i++) {
        ids.add(Integer.toString(i));
      }
      PaillierCipherSuite suite = PaillierCipherSuite.of(PaillierKeySize.BITS_2048);
      DeterministicRandom random = DeterministicRandom.fromSeed(20261207L);
      GradientDecryptor keys = suite.generate(random);
      GradientCipher cipher = keys.publicKey();
      BigInteger n = cipher.plaintextModulus();
      BigInteger[] pool = new BigInteger[batchSize + 1];
      for (int i = 0; i < pool.length; i++) {
        pool[i] = keys.encryptZero(random);
      }
      long t2 = System.nanoTime();
      try (SparkPartyRows table =
          SparkPartyRows.load(
              SparkPartyRows.readParquet(spark, parquet),
              new PartyColumns("id", names),
              ids,
              Optional.empty(),
              partitions,
              () -> PaillierCipherSuite.of(PaillierKeySize.BITS_2048))) {
        long t3 = System.nanoTime();
        System.out.printf(
            "%d rows x %d features, batch %d, %s, %d partitions; generate+write parquet %.1f s,"
                + " keys+pool %.1f s, load+cache %.1f s%n",
            rows,
            FEATURES,
            batchSize,
            master,
            partitions,
            (t1 - t0) / 1e9,
            (t2 - t1) / 1e9,
            (t3 - t2) / 1e9);
        double[] w = new double[FEATURES];
        for (int j = 0; j < FEATURES; j++) {
          w[j] = 0.01 * (j + 1);
        }
        int batches = (rows + batchSize - 1) / batchSize;
        long forwardNanos = 0;
        long gradientNanos = 0;
        long start = System.nanoTime();
        for (int b = 0; b < batches; b++) {
          int first = b * batchSize;
          int m = Math.min(rows, first + batchSize) - first;
          long f0 = System.nanoTime();
          double[] u = table.forward(first, m, w);
          BigInteger[] encrypted = new BigInteger[m];
          for (int i = 0; i < m; i++) {
            encrypted[i] = cipher.addPlaintext(pool[i], PartyRows.scalar(u[i]).mod(n));
          }
          long f1 = System.nanoTime();
          BigInteger[] d = Arrays.copyOf(pool, m);
          BigInteger[] sums = table.encryptedGradientSums(cipher, first, d, Runnable::run);
          for (int j = 0; j < sums.length; j++) {
            byte[] mask = new byte[n.bitLength() / 8 + 16];
            random.nextBytes(mask);
            sums[j] = cipher.addPlaintext(sums[j], new BigInteger(1, mask).mod(n));
          }
          long f2 = System.nanoTime();
          forwardNanos += f1 - f0;
          gradientNanos += f2 - f1;
          if ((b + 1) % Math.max(1, batches / 10) == 0 || b == batches - 1) {
            System.out.printf(
                "batch %d/%d, %.1f s%n", b + 1, batches, (System.nanoTime() - start) / 1e9);
          }
        }
        double epoch = (System.nanoTime() - start) / 1e9;
        System.out.printf(
            "one encrypted epoch of party A: %.1f s (forward+encrypt %.1f s, gradient sums+masks"
                + " %.1f s), %.3f ms per row%n",
            epoch, forwardNanos / 1e9, gradientNanos / 1e9, epoch * 1e3 / rows);
      }
    } finally {
      spark.stop();
    }
  }
}
