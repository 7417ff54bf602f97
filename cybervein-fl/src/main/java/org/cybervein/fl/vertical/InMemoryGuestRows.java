package org.cybervein.fl.vertical;

import java.math.BigInteger;
import java.util.concurrent.Executor;
import org.cybervein.fl.model.ModelKind;

/** The default {@link GuestRows}: rows and labels as arrays in this JVM. */
final class InMemoryGuestRows implements GuestRows {
  private final InMemoryPartyRows rows;
  private final double[][] x;
  private final double[] y;
  private final boolean binary;

  InMemoryGuestRows(double[][] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException(x.length + " rows but " + y.length + " labels");
    }
    this.rows = new InMemoryPartyRows(x);
    this.x = x;
    this.y = y;
    boolean b = true;
    for (double label : y) {
      b &= label == 0 || label == 1;
    }
    this.binary = b;
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
    InMemoryPartyRows.checkRange(start, count, x.length);
    if (weights.length != rows.featureCount()) {
      throw new IllegalArgumentException(
          weights.length + " weights for " + rows.featureCount() + " features");
    }
    double[] coefficients = new double[count];
    double[] losses = new double[count];
    double[] out = new double[2];
    for (int i = 0; i < count; i++) {
      ResidualTerms.of(kind, x[start + i], y[start + i], weights, intercept, out);
      coefficients[i] = out[0];
      losses[i] = out[1];
    }
    return new ResidualTerms(coefficients, losses);
  }

  @Override
  public BigInteger[] encryptedGradientSums(
      GradientCipher cipher, int start, BigInteger[] residuals, Executor executor) {
    return rows.encryptedGradientSums(cipher, start, residuals, executor);
  }

  @Override
  public String toString() {
    return "GuestRows.inMemory(" + x.length + " rows, " + rows.featureCount() + " features)";
  }
}
