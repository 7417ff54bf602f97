package org.cybervein.fl.model;

import java.util.Objects;

/**
 * How to train: mini-batch gradient descent with step size {@code learningRate}, L2 penalty {@code
 * l2 / 2 * |w|^2} (the intercept is not penalised), batches of {@code batchSize} consecutive rows
 * (the last one may be shorter), at most {@code maxEpochs} passes, and stop early once the mean
 * loss of an epoch differs from the previous epoch's by less than {@code tolerance}. The {@code
 * optimizer} turns each batch's gradient into a step ({@link Optimizer#sgd()} unless chosen).
 *
 * @param kind the model
 * @param learningRate eta, positive
 * @param l2 lambda, not negative
 * @param batchSize rows per mini-batch, positive
 * @param maxEpochs passes over the data at most, positive
 * @param tolerance the convergence threshold on the change of epoch loss, not negative
 * @param optimizer the update rule
 */
public record Hyperparameters(
    ModelKind kind,
    double learningRate,
    double l2,
    int batchSize,
    int maxEpochs,
    double tolerance,
    Optimizer optimizer) {
  /**
   * Rejects values outside the ranges above.
   *
   * @param kind the model
   * @param learningRate eta, positive
   * @param l2 lambda, not negative
   * @param batchSize rows per mini-batch, positive
   * @param maxEpochs passes over the data at most, positive
   * @param tolerance the convergence threshold on the change of epoch loss, not negative
   * @param optimizer the update rule
   */
  public Hyperparameters {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(optimizer, "optimizer");
    if (!(learningRate > 0 && Double.isFinite(learningRate))) {
      throw new IllegalArgumentException("learningRate must be positive, got " + learningRate);
    }
    if (!(l2 >= 0 && Double.isFinite(l2))) {
      throw new IllegalArgumentException("l2 must not be negative, got " + l2);
    }
    if (batchSize <= 0 || maxEpochs <= 0) {
      throw new IllegalArgumentException(
          "batchSize and maxEpochs must be positive, got " + batchSize + ", " + maxEpochs);
    }
    if (!(tolerance >= 0 && Double.isFinite(tolerance))) {
      throw new IllegalArgumentException("tolerance must not be negative, got " + tolerance);
    }
  }

  /**
   * Settings with plain gradient descent ({@link Optimizer#sgd()}).
   *
   * @param kind the model
   * @param learningRate eta, positive
   * @param l2 lambda, not negative
   * @param batchSize rows per mini-batch, positive
   * @param maxEpochs passes over the data at most, positive
   * @param tolerance the convergence threshold on the change of epoch loss, not negative
   */
  public Hyperparameters(
      ModelKind kind,
      double learningRate,
      double l2,
      int batchSize,
      int maxEpochs,
      double tolerance) {
    this(kind, learningRate, l2, batchSize, maxEpochs, tolerance, Optimizer.sgd());
  }

  /**
   * A copy with another update rule.
   *
   * @param rule the optimizer
   * @return a copy of these settings with {@code rule}
   */
  public Hyperparameters withOptimizer(Optimizer rule) {
    return new Hyperparameters(kind, learningRate, l2, batchSize, maxEpochs, tolerance, rule);
  }

  /**
   * The number of mini-batches of an epoch over {@code rows} rows.
   *
   * @param rows the number of training rows, zero or more
   * @return {@code ceil(rows / batchSize)}
   */
  public int batchesPerEpoch(int rows) {
    return (rows + batchSize - 1) / batchSize;
  }

  /**
   * A copy with another epoch limit.
   *
   * @param epochs the new epoch limit, at least 1
   * @return a copy of these settings with {@code epochs}
   */
  public Hyperparameters withMaxEpochs(int epochs) {
    return new Hyperparameters(kind, learningRate, l2, batchSize, epochs, tolerance, optimizer);
  }
}
