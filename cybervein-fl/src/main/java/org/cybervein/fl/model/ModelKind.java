package org.cybervein.fl.model;

/**
 * The generalised linear models trained jointly. Both predict from {@code z = x . w + b}; they
 * differ in the residual {@code d(z, y)} whose product with {@code x} is the loss gradient.
 */
public enum ModelKind {
  /** Least squares: loss {@code (z - y)^2 / 2}, residual {@code d = z - y}, prediction z. */
  LINEAR,
  /**
   * Logistic regression with labels y in {0, 1} (mapped to y' = 2y - 1), trained on the second
   * order Taylor expansion of {@code log(1 + e^(-y'z))} at 0, as FATE does: loss {@code log 2 -
   * y'z/2 + z^2/8}, residual {@code d = z/4 - y'/2}; prediction {@code 1 / (1 + e^-z)}. The Taylor
   * form keeps the residual linear in z, so it can be computed on ciphertexts.
   */
  LOGISTIC_TAYLOR;

  /**
   * The slope a of the residual {@code d = a z + c(y)}.
   *
   * @return a, 1 for linear and 1/4 for the logistic Taylor approximation
   */
  public double residualSlope() {
    return this == LINEAR ? 1.0 : 0.25;
  }

  /**
   * The offset c(y) of the residual {@code d = a z + c(y)}.
   *
   * @param y the label
   * @return c(y)
   */
  public double residualOffset(double y) {
    return this == LINEAR ? -y : -0.5 * (2 * y - 1);
  }

  /**
   * The per-row loss at score z and label y, without regularisation.
   *
   * @param z the score
   * @param y the label
   * @return the squared error for linear, the log loss for logistic
   */
  public double loss(double z, double y) {
    if (this == LINEAR) {
      return 0.5 * (z - y) * (z - y);
    }
    return Math.log(2) - 0.5 * (2 * y - 1) * z + 0.125 * z * z;
  }

  /**
   * The prediction at score z: z itself, or the logistic probability of label 1.
   *
   * @param z the score
   * @return the prediction
   */
  public double predict(double z) {
    return this == LINEAR ? z : 1 / (1 + Math.exp(-z));
  }
}
