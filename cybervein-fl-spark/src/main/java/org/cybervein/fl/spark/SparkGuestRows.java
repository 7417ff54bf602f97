package org.cybervein.fl.spark;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.cybervein.fl.data.InvalidDatasetException;
import org.cybervein.fl.data.Standardiser;
import org.cybervein.fl.model.ModelKind;
import org.cybervein.fl.vertical.GradientCipher;
import org.cybervein.fl.vertical.GuestRows;
import org.cybervein.fl.vertical.ResidualTerms;
import scala.Tuple2;

/**
 * Party B's aligned rows {@code X_B} and labels Y in a Spark cluster, doing the party's per-row
 * work as Spark jobs: hand it to {@link org.cybervein.fl.vertical.GuestParty} (or {@code
 * SimulatedVerticalTraining.guestRows}) in place of the in-memory rows.
 *
 * <p>The rows are laid out as {@link SparkPartyRows} lays out A's, each row carrying its label
 * after its features, and do the same work: the forward and the encrypted gradient sums {@code
 * [[sum_i D_i x_ij]]} over B's residuals. B's own work, the plaintext part of the residuals {@code
 * e_i = a (b + x_i w_B) + c(y_i)} and the per-row loss, runs in the executors with {@code w_B} and
 * b in the task, by {@link ResidualTerms#of}, and comes back as doubles that the party sums in row
 * order. The labels stay in the cluster: only {@code e_i} and the loss of each row of the batch
 * reach the driver. Hence B over these rows trains to bit-for-bit the weights of B over the same
 * rows in memory.
 *
 * <p>Not thread-safe: one party drives it. {@link #close} releases the cached rows.
 */
public final class SparkGuestRows implements GuestRows, AutoCloseable {
  private final SparkPartyRows rows;
  private final boolean binary;

  private SparkGuestRows(SparkPartyRows rows, boolean binary) {
    this.rows = rows;
    this.binary = binary;
  }

  /**
   * Reads party B's aligned rows and labels out of a table and caches them in the cluster.
   *
   * @param table the table, e.g. from {@link SparkPartyRows#readCsv} or {@link
   *     SparkPartyRows#readParquet}; may hold more rows than the aligned ones, and more columns
   * @param columns the id column and the feature columns, in the order of the weights {@code w_B}
   * @param label the label column
   * @param alignedIds the ids Part I aligned, in the aligned order: row i is the row of the i-th id
   * @param standardiser a standardiser to apply to the features (never the label) on the way in,
   *     fitted on {@code columns.features()}, or empty if the table holds them ready
   * @param partitions the number of partitions P to spread the rows over, e.g. the cluster's cores
   * @param factory how executors obtain the cipher suite
   * @return the rows, cached
   * @throws InvalidDatasetException with {@code MISSING_COLUMN} if a column is not in the table,
   *     {@code MISSING_VALUE} or {@code NOT_A_NUMBER} for a feature or label that is empty or not a
   *     finite number (naming id and column), {@code BAD_ID} if an aligned id is missing from the
   *     table or appears in it more than once
   * @throws IllegalArgumentException if {@code alignedIds} is empty or repeats an id, P is not
   *     positive, the label column is the id or a feature column, or the standardiser was fitted on
   *     other columns
   */
  public static SparkGuestRows load(
      Dataset<Row> table,
      PartyColumns columns,
      String label,
      List<String> alignedIds,
      Optional<Standardiser> standardiser,
      int partitions,
      SuiteFactory factory)
      throws InvalidDatasetException {
    Objects.requireNonNull(label, "label");
    SparkPartyRows rows =
        SparkPartyRows.load(
            table, columns, Optional.of(label), alignedIds, standardiser, partitions, factory);
    int f = rows.featureCount();
    // One pass at load, so that the party's check of the labels costs no job per session.
    boolean binary =
        SparkPartyRows.job(
            "label check",
            () ->
                rows.blocks()
                    .filter(
                        b -> {
                          for (double[] row : b.x) {
                            if (row[f] != 0 && row[f] != 1) {
                              return true;
                            }
                          }
                          return false;
                        })
                    .isEmpty());
    return new SparkGuestRows(rows, binary);
  }

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
    return binary;
  }

  @Override
  public double[] forward(int start, int count, double[] weights) {
    return rows.forward(start, count, weights);
  }

  @Override
  public ResidualTerms residualTerms(
      int start, int count, double[] weights, double intercept, ModelKind kind) {
    rows.checkRange(start, count);
    Objects.requireNonNull(kind, "kind");
    int f = rows.featureCount();
    if (weights.length != f) {
      throw new IllegalArgumentException(weights.length + " weights for " + f + " features");
    }
    long from = start;
    long to = (long) start + count;
    double[] w = weights.clone();
    List<Tuple2<Long, double[][]>> parts =
        SparkPartyRows.job(
            "residual terms of rows [" + from + ", " + to + ")",
            () ->
                rows.blocks()
                    .mapPartitions(
                        (java.util.Iterator<RowBlock> it) -> {
                          List<Tuple2<Long, double[][]>> out = new ArrayList<>();
                          double[] one = new double[2];
                          while (it.hasNext()) {
                            RowBlock b = it.next();
                            int lo = b.from(from, to);
                            if (lo < 0) {
                              continue;
                            }
                            int hi = b.to(to);
                            double[][] terms = new double[2][hi - lo];
                            for (int i = 0; i < hi - lo; i++) {
                              double[] row = b.x[lo + i];
                              ResidualTerms.of(kind, row, row[f], w, intercept, one);
                              terms[0][i] = one[0];
                              terms[1][i] = one[1];
                            }
                            out.add(new Tuple2<>(b.first + lo, terms));
                          }
                          return out.iterator();
                        })
                    .collect());
    double[] coefficients = new double[count];
    double[] losses = new double[count];
    int filled = 0;
    for (Tuple2<Long, double[][]> part : parts) {
      int at = (int) (part._1() - from);
      int n = part._2()[0].length;
      System.arraycopy(part._2()[0], 0, coefficients, at, n);
      System.arraycopy(part._2()[1], 0, losses, at, n);
      filled += n;
    }
    if (filled != count) {
      throw new IllegalStateException(filled + " of " + count + " rows came back");
    }
    return new ResidualTerms(coefficients, losses);
  }

  @Override
  public BigInteger[] encryptedGradientSums(
      GradientCipher cipher, int start, BigInteger[] residuals, Executor executor) {
    return rows.encryptedGradientSums(cipher, start, residuals, executor);
  }

  /** Releases the cached rows and the broadcast key; the rows cannot be used afterwards. */
  @Override
  public void close() {
    rows.close();
  }

  @Override
  public String toString() {
    return "SparkGuestRows(" + rowCount() + " rows, " + featureCount() + " features, labelled)";
  }
}
