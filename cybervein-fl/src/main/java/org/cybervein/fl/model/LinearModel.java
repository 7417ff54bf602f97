package org.cybervein.fl.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * A trained generalised linear model over pooled features: weights w, intercept b, and the kind
 * that maps the score {@code z = x . w + b} to a prediction.
 *
 * @param kind linear or logistic
 * @param weights one weight per feature, finite
 * @param intercept b
 */
public record LinearModel(ModelKind kind, double[] weights, double intercept) {
  /**
   * Copies the weights and rejects non-finite values.
   *
   * @param kind linear or logistic
   * @param weights one weight per feature, finite
   * @param intercept b
   */
  public LinearModel {
    Objects.requireNonNull(kind, "kind");
    weights = weights.clone();
    for (double w : weights) {
      if (!Double.isFinite(w)) {
        throw new IllegalArgumentException("weights must be finite");
      }
    }
  }

  /**
   * A copy of the weights.
   *
   * @return a copy of the weights, one per feature
   */
  @Override
  public double[] weights() {
    return weights.clone();
  }

  /**
   * The score z of one row.
   *
   * @param x one row of features, as many as the weights
   * @return {@code w . x + b}
   * @throws IllegalArgumentException if the row has another length
   */
  public double score(double[] x) {
    if (x.length != weights.length) {
      throw new IllegalArgumentException(
          "row has " + x.length + " features, model " + weights.length);
    }
    double z = intercept;
    for (int j = 0; j < x.length; j++) {
      z += x[j] * weights[j];
    }
    return z;
  }

  /**
   * The predictions of these rows: scores for linear, probabilities for logistic.
   *
   * @param rows the rows, each with as many features as the weights
   * @return one prediction per row, in row order
   */
  public double[] predict(double[][] rows) {
    double[] p = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      p[i] = kind.predict(score(rows[i]));
    }
    return p;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LinearModel m
        && kind == m.kind
        && Arrays.equals(weights, m.weights)
        && Double.compare(intercept, m.intercept) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, Arrays.hashCode(weights), intercept);
  }

  @Override
  public String toString() {
    return "LinearModel[" + kind + ", w=" + Arrays.toString(weights) + ", b=" + intercept + "]";
  }
}
