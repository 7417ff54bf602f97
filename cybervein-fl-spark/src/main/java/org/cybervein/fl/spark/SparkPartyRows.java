package org.cybervein.fl.spark;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.cybervein.fl.data.InvalidDatasetException;
import org.cybervein.fl.data.Standardiser;
import org.cybervein.fl.vertical.GradientCipher;
import org.cybervein.fl.vertical.PartyRows;
import scala.Tuple2;

/**
 * Party A's aligned rows {@code X_A} in a Spark cluster, doing the party's per-row work as Spark
 * jobs: hand it to {@link org.cybervein.fl.vertical.HostParty} (or {@code
 * SimulatedVerticalTraining.hostRows}) in place of the in-memory rows.
 *
 * <p><b>Layout.</b> {@link #load} joins the table with the aligned ids to give each row its index
 * i, the position Part I aligned it to, and caches the rows in blocks of {@value #BLOCK_ROWS}
 * consecutive indices, block k in partition {@code k mod P}. A mini-batch is a range of indices
 * (the same ranges as the single-JVM party), so every batch spreads over all partitions whatever
 * order the files list the rows in.
 *
 * <p><b>Work.</b> The forward of a batch, {@code u_i = x_i w_A}, runs in the executors with the
 * weights in the task and comes back as doubles. The encrypted gradient sums {@code [[sum_i d_i
 * x_ij]]} run as one multi-exponentiation per feature per partition over the partition's rows of
 * the batch, with the public key broadcast once and the residuals in the task; the driver combines
 * the partial sums with the cipher's addition, which is associative and commutative, so the sums
 * decrypt to the same integers as in one JVM. Randomness (masks) stays on the driver. Hence a party
 * over these rows trains to bit-for-bit the weights of a party over the same rows in memory.
 *
 * <p><b>Input.</b> The table must hold the prepared feature values: every aligned id exactly once,
 * every feature a finite number ({@link #load} refuses anything else, naming the id and column);
 * missing values are not filled here. A {@link Standardiser} fitted elsewhere (e.g. by {@link
 * Standardiser#fit} on the same rows) may be applied on the way in, with the very arithmetic of
 * {@link Standardiser#apply}.
 *
 * <p>Not thread-safe: one party drives it. {@link #close} releases the cached rows.
 */
public final class SparkPartyRows implements PartyRows, AutoCloseable {
  /** Rows per cached block. */
  public static final int BLOCK_ROWS = 32;

  private final JavaSparkContext spark;
  private final JavaPairRDD<Long, RowBlock> cached;
  private final JavaRDD<RowBlock> blocks;
  private final int rows;
  private final int features;
  private final SuiteFactory factory;
  private Optional<Broadcast<BroadcastKey>> key = Optional.empty();

  private SparkPartyRows(
      JavaSparkContext spark,
      JavaPairRDD<Long, RowBlock> cached,
      int rows,
      int features,
      SuiteFactory factory) {
    this.spark = spark;
    this.cached = cached;
    this.blocks = cached.values();
    this.rows = rows;
    this.features = features;
    this.factory = factory;
  }

  /**
   * A CSV file (or a directory of them) with a header line, every column as text: {@link #load}
   * reads the numbers, so that a bad field is reported by id and column.
   *
   * @param session the Spark session
   * @param path the file or directory, in any file system Spark reads
   * @return the table, not yet read
   */
  public static Dataset<Row> readCsv(SparkSession session, String path) {
    return session.read().option("header", "true").option("inferSchema", "false").csv(path);
  }

  /**
   * A Parquet file or directory.
   *
   * @param session the Spark session
   * @param path the file or directory, in any file system Spark reads
   * @return the table, not yet read
   */
  public static Dataset<Row> readParquet(SparkSession session, String path) {
    return session.read().parquet(path);
  }

  /**
   * Reads party A's aligned rows out of a table and caches them in the cluster.
   *
   * @param table the table, e.g. from {@link #readCsv} or {@link #readParquet}; may hold more rows
   *     than the aligned ones, and more columns
   * @param columns the id column and the feature columns, in the order of the weights
   * @param alignedIds the ids Part I aligned, in the aligned order: row i is the row of the i-th id
   * @param standardiser a standardiser to apply to the features on the way in, fitted on {@code
   *     columns.features()}, or empty if the table holds them ready
   * @param partitions the number of partitions P to spread the rows over, e.g. the cluster's cores
   * @param factory how executors obtain the cipher suite
   * @return the rows, cached
   * @throws InvalidDatasetException with {@code MISSING_COLUMN} if a column is not in the table,
   *     {@code MISSING_VALUE} or {@code NOT_A_NUMBER} for a feature that is empty or not a finite
   *     number (naming id and column), {@code BAD_ID} if an aligned id is missing from the table or
   *     appears in it more than once
   * @throws IllegalArgumentException if {@code alignedIds} is empty or repeats an id, P is not
   *     positive, or the standardiser was fitted on other columns
   */
  public static SparkPartyRows load(
      Dataset<Row> table,
      PartyColumns columns,
      List<String> alignedIds,
      Optional<Standardiser> standardiser,
      int partitions,
      SuiteFactory factory)
      throws InvalidDatasetException {
    return load(table, columns, Optional.empty(), alignedIds, standardiser, partitions, factory);
  }

  /**
   * {@link #load} for a party with labels: each cached row holds its features and then its label,
   * read like a feature (refused by id and column when missing or not a number) but never
   * standardised. {@link SparkGuestRows} reads the label; the work of {@link PartyRows} sees only
   * the features.
   */
  static SparkPartyRows load(
      Dataset<Row> table,
      PartyColumns columns,
      Optional<String> label,
      List<String> alignedIds,
      Optional<Standardiser> standardiser,
      int partitions,
      SuiteFactory factory)
      throws InvalidDatasetException {
    Objects.requireNonNull(factory, "factory");
    List<String> ids = List.copyOf(alignedIds);
    if (ids.isEmpty() || new HashSet<>(ids).size() != ids.size()) {
      throw new IllegalArgumentException("aligned ids must be non-empty and distinct");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be positive, got " + partitions);
    }
    List<String> features = columns.features();
    int f = features.size();
    // The label, if any, is read as one more column after the features.
    List<String> names = new ArrayList<>(features);
    label.ifPresent(names::add);
    if (new HashSet<>(names).size() != names.size() || names.contains(columns.id())) {
      throw new IllegalArgumentException("the label column must not be the id or a feature");
    }
    int v = names.size();
    double[] means = new double[f];
    double[] scales = new double[f];
    Arrays.fill(scales, 1.0);
    boolean standardise = standardiser.isPresent();
    if (standardise) {
      if (!standardiser.get().featureNames().equals(features)) {
        throw new IllegalArgumentException(
            "standardiser fitted on " + standardiser.get().featureNames() + ", given " + features);
      }
      means = standardiser.get().means();
      scales = standardiser.get().scales();
    }
    Set<String> present = new HashSet<>(Arrays.asList(table.columns()));
    List<String> wanted = new ArrayList<>();
    wanted.add(columns.id());
    wanted.addAll(names);
    for (String c : wanted) {
      if (!present.contains(c)) {
        throw new InvalidDatasetException(
            InvalidDatasetException.Reason.MISSING_COLUMN, "the table has no column '" + c + "'");
      }
    }

    Column[] select = new Column[1 + 2 * v];
    select[0] = functions.col(columns.id()).cast(DataTypes.StringType).as("id");
    Column bad = select[0].isNull();
    for (int j = 0; j < v; j++) {
      Column value = functions.col(names.get(j)).try_cast(DataTypes.DoubleType);
      // Positional aliases: the typed and the raw value of a column side by side.
      select[1 + j] = value.as("value" + j);
      select[1 + v + j] = functions.col(names.get(j)).cast(DataTypes.StringType).as("raw" + j);
      bad =
          bad.or(value.isNull())
              .or(functions.isnan(value))
              .or(functions.abs(value).equalTo(functions.lit(Double.POSITIVE_INFINITY)));
    }
    Dataset<Row> typed = table.select(select);
    List<Row> refused = typed.filter(bad).limit(1).collectAsList();
    if (!refused.isEmpty()) {
      throw refusal(refused.get(0), names);
    }

    JavaSparkContext spark = JavaSparkContext.fromSparkContext(table.sparkSession().sparkContext());
    double[] m = means;
    double[] s = scales;
    JavaPairRDD<String, double[]> byId =
        typed
            .javaRDD()
            .mapToPair(
                r -> {
                  double[] x = new double[v];
                  for (int j = 0; j < v; j++) {
                    x[j] = r.getDouble(1 + j);
                    if (standardise && j < f) {
                      // Standardiser.apply's arithmetic, value by value.
                      x[j] = (x[j] - m[j]) / s[j];
                    }
                  }
                  return new Tuple2<>(r.getString(0), x);
                });
    JavaPairRDD<String, Long> order = spark.parallelize(ids, partitions).zipWithIndex();
    int n = ids.size();
    JavaPairRDD<Long, RowBlock> cached =
        byId.join(order, partitions)
            .mapToPair(t -> new Tuple2<>(t._2()._2() / BLOCK_ROWS, t._2()))
            .groupByKey(new BlockPartitioner(partitions))
            .mapToPair(t -> new Tuple2<>(t._1(), block(t._1(), t._2(), n)))
            .persist(StorageLevel.MEMORY_ONLY());
    List<RowBlock> wrong = cached.values().filter(b -> !b.problem.isEmpty()).take(1);
    long expected = (n + BLOCK_ROWS - 1) / BLOCK_ROWS;
    long found = wrong.isEmpty() ? cached.count() : expected;
    if (!wrong.isEmpty() || found != expected) {
      cached.unpersist(false);
      throw new InvalidDatasetException(
          InvalidDatasetException.Reason.BAD_ID,
          wrong.isEmpty()
              ? (expected - found) + " blocks of aligned ids are not in the table"
              : wrong.get(0).problem);
    }
    return new SparkPartyRows(spark, cached, n, f, factory);
  }

  private static InvalidDatasetException refusal(Row row, List<String> names) {
    if (row.isNullAt(0)) {
      return new InvalidDatasetException(InvalidDatasetException.Reason.BAD_ID, "a row has no id");
    }
    int f = names.size();
    for (int j = 0; j < f; j++) {
      boolean missing = row.isNullAt(1 + f + j) || row.getString(1 + f + j).isBlank();
      if (missing) {
        return new InvalidDatasetException(
            InvalidDatasetException.Reason.MISSING_VALUE,
            "id " + row.getString(0) + ", column " + names.get(j) + ": no value");
      }
      if (row.isNullAt(1 + j) || !Double.isFinite(row.getDouble(1 + j))) {
        return new InvalidDatasetException(
            InvalidDatasetException.Reason.NOT_A_NUMBER,
            "id "
                + row.getString(0)
                + ", column "
                + names.get(j)
                + ": not a finite number: '"
                + row.getString(1 + f + j)
                + "'");
      }
    }
    throw new IllegalStateException("refused row without a reason");
  }

  /** Block k's rows in index order, or the reason they are not rows {@code [k B, k B + B)}. */
  private static RowBlock block(long k, Iterable<Tuple2<double[], Long>> members, int n) {
    List<Tuple2<double[], Long>> list = new ArrayList<>();
    members.forEach(list::add);
    list.sort((a, b) -> Long.compare(a._2(), b._2()));
    long first = k * BLOCK_ROWS;
    int size = (int) (Math.min(n, first + BLOCK_ROWS) - first);
    double[][] x = new double[list.size()][];
    String problem = "";
    for (int i = 0; i < list.size(); i++) {
      x[i] = list.get(i)._1();
      if (i > 0 && list.get(i)._2().equals(list.get(i - 1)._2())) {
        problem = "aligned row " + list.get(i)._2() + " appears more than once in the table";
      }
    }
    if (problem.isEmpty() && list.size() != size) {
      problem =
          (size - list.size())
              + " of the aligned rows ["
              + first
              + ", "
              + (first + size)
              + ") are not in the table";
    }
    return new RowBlock(first, x, problem);
  }

  @Override
  public int rowCount() {
    return rows;
  }

  @Override
  public int featureCount() {
    return features;
  }

  @Override
  public double[] forward(int start, int count, double[] weights) {
    checkRange(start, count);
    if (weights.length != features) {
      throw new IllegalArgumentException(weights.length + " weights for " + features + " features");
    }
    long from = start;
    long to = (long) start + count;
    double[] w = weights.clone();
    List<Tuple2<Long, double[]>> parts =
        job(
            "forward of rows [" + from + ", " + to + ")",
            () ->
                blocks
                    .mapPartitions(
                        (java.util.Iterator<RowBlock> it) -> {
                          List<Tuple2<Long, double[]>> out = new ArrayList<>();
                          while (it.hasNext()) {
                            RowBlock b = it.next();
                            int lo = b.from(from, to);
                            if (lo < 0) {
                              continue;
                            }
                            int hi = b.to(to);
                            double[] u = new double[hi - lo];
                            for (int i = 0; i < u.length; i++) {
                              // The in-memory order: u_i summed over j from 0.0.
                              double[] row = b.x[lo + i];
                              for (int j = 0; j < w.length; j++) {
                                u[i] += row[j] * w[j];
                              }
                            }
                            out.add(new Tuple2<>(b.first + lo, u));
                          }
                          return out.iterator();
                        })
                    .collect());
    double[] u = new double[count];
    int filled = 0;
    for (Tuple2<Long, double[]> part : parts) {
      System.arraycopy(part._2(), 0, u, (int) (part._1() - from), part._2().length);
      filled += part._2().length;
    }
    if (filled != count) {
      throw new IllegalStateException(filled + " of " + count + " rows came back");
    }
    return u;
  }

  @Override
  public BigInteger[] encryptedGradientSums(
      GradientCipher cipher, int start, BigInteger[] residuals, Executor executor) {
    int m = residuals.length;
    checkRange(start, m);
    Broadcast<BroadcastKey> k = broadcast(cipher);
    long from = start;
    long to = (long) start + m;
    BigInteger[] d = residuals.clone();
    int f = features;
    List<BigInteger[]> partials =
        job(
            "encrypted gradient sums of rows [" + from + ", " + to + ")",
            () ->
                blocks
                    .mapPartitions(
                        (java.util.Iterator<RowBlock> it) -> {
                          List<double[]> x = new ArrayList<>();
                          List<BigInteger> c = new ArrayList<>();
                          while (it.hasNext()) {
                            RowBlock b = it.next();
                            int lo = b.from(from, to);
                            if (lo < 0) {
                              continue;
                            }
                            int hi = b.to(to);
                            for (int i = lo; i < hi; i++) {
                              x.add(b.x[i]);
                              c.add(d[(int) (b.first + i - from)]);
                            }
                          }
                          if (x.isEmpty()) {
                            return Collections.<BigInteger[]>emptyIterator();
                          }
                          GradientCipher key = k.value().cipher();
                          BigInteger[] ciphertexts = c.toArray(new BigInteger[0]);
                          BigInteger[][] scalars = new BigInteger[f][x.size()];
                          for (int j = 0; j < f; j++) {
                            for (int i = 0; i < x.size(); i++) {
                              scalars[j][i] = PartyRows.scalar(x.get(i)[j]);
                            }
                          }
                          // Every feature over the partition's residuals at once (bases converted
                          // once).
                          BigInteger[] sums = key.dots(ciphertexts, scalars, Runnable::run);
                          return List.<BigInteger[]>of(sums).iterator();
                        })
                    .collect());
    if (partials.isEmpty()) {
      throw new IllegalStateException("no partition holds rows [" + from + ", " + to + ")");
    }
    BigInteger[] sums = partials.get(0).clone();
    for (int p = 1; p < partials.size(); p++) {
      for (int j = 0; j < f; j++) {
        sums[j] = cipher.add(sums[j], partials.get(p)[j]);
      }
    }
    return sums;
  }

  /**
   * Runs one Spark job of the party's work, turning its failure (Spark's {@code SparkException},
   * which Java code sees unchecked, or an executor's error) into one that says which work failed
   * and why, with the executor's own exception as the cause.
   *
   * @throws IllegalStateException if the job failed
   */
  static <T> T job(String what, java.util.function.Supplier<T> work) {
    try {
      return work.get();
    } catch (Exception e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      throw new IllegalStateException(
          "Spark job failed: "
              + what
              + ": "
              + root.getClass().getSimpleName()
              + ": "
              + root.getMessage(),
          e);
    }
  }

  /** The cached blocks, for {@link SparkGuestRows}. */
  JavaRDD<RowBlock> blocks() {
    return blocks;
  }

  /** The key broadcast to the executors, sent again only when the party's key changes. */
  private Broadcast<BroadcastKey> broadcast(GradientCipher cipher) {
    if (key.isEmpty() || !key.get().value().holds(cipher)) {
      key.ifPresent(b -> b.destroy());
      key = Optional.of(spark.broadcast(new BroadcastKey(factory, cipher)));
    }
    return key.get();
  }

  void checkRange(int start, int count) {
    if (start < 0 || count < 1 || start > rows - count) {
      throw new IllegalArgumentException(
          "rows [" + start + ", " + ((long) start + count) + ") of " + rows);
    }
  }

  /** Releases the cached rows and the broadcast key; the rows cannot be used afterwards. */
  @Override
  public void close() {
    cached.unpersist(false);
    key.ifPresent(b -> b.destroy());
    key = Optional.empty();
  }

  @Override
  public String toString() {
    return "SparkPartyRows(" + rows + " rows, " + features + " features)";
  }
}
