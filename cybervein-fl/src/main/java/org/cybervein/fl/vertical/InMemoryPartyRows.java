package org.cybervein.fl.vertical;

import java.math.BigInteger;
import java.util.concurrent.Executor;

/** The default {@link PartyRows}: rows as arrays in this JVM, their scalars computed once. */
final class InMemoryPartyRows implements PartyRows {
  private final double[][] x;
  private final BigInteger[][] scaledX;
  private final int features;

  InMemoryPartyRows(double[][] x) {
    if (x.length == 0) {
      throw new IllegalArgumentException("need at least one aligned row");
    }
    this.x = x;
    this.scaledX = BatchPlan.scaledRows(x);
    this.features = x[0].length;
  }

  @Override
  public int rowCount() {
    return x.length;
  }

  @Override
  public int featureCount() {
    return features;
  }

  @Override
  public double[] forward(int start, int count, double[] weights) {
    checkRange(start, count, x.length);
    if (weights.length != features) {
      throw new IllegalArgumentException(weights.length + " weights for " + features + " features");
    }
    double[] u = new double[count];
    for (int i = 0; i < count; i++) {
      double[] row = x[start + i];
      for (int j = 0; j < features; j++) {
        u[i] += row[j] * weights[j];
      }
    }
    return u;
  }

  @Override
  public BigInteger[] encryptedGradientSums(
      GradientCipher cipher, int start, BigInteger[] residuals, Executor executor) {
    int m = residuals.length;
    checkRange(start, m, x.length);
    // All features over the same residuals at once: the cipher shares work across them.
    BigInteger[][] scalars = new BigInteger[features][m];
    for (int j = 0; j < features; j++) {
      for (int i = 0; i < m; i++) {
        scalars[j][i] = scaledX[start + i][j];
      }
    }
    return cipher.dots(residuals.clone(), scalars, executor);
  }

  /** Refuses a range that is empty or not inside the rows. */
  static void checkRange(int start, int count, int rows) {
    if (start < 0 || count < 1 || start > rows - count) {
      throw new IllegalArgumentException(
          "rows [" + start + ", " + ((long) start + count) + ") of " + rows);
    }
  }

  @Override
  public String toString() {
    return "PartyRows.inMemory(" + x.length + " rows, " + features + " features)";
  }
}
