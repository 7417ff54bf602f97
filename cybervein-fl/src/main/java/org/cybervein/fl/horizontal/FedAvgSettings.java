package org.cybervein.fl.horizontal;

/**
 * How federated averaging trains a logistic regression model over parties that hold the same
 * features: {@code rounds} rounds; in each, every party runs {@code localEpochs} passes of
 * mini-batch gradient descent (step {@code learningRate}, L2 penalty {@code l2/2 |w|^2} without the
 * intercept, batches of {@code batchSize} consecutive rows) from the global model, and the new
 * global model is the average of the parties' models weighted by their row counts (McMahan et al.'s
 * FedAvg).
 *
 * @param rounds communication rounds, positive
 * @param localEpochs passes over local data per round, positive
 * @param learningRate positive
 * @param l2 not negative
 * @param batchSize positive
 */
public record FedAvgSettings(
    int rounds, int localEpochs, double learningRate, double l2, int batchSize) {
  /**
   * Checks ranges.
   *
   * @param rounds communication rounds, positive
   * @param localEpochs passes over local data per round, positive
   * @param learningRate positive
   * @param l2 not negative
   * @param batchSize positive
   */
  public FedAvgSettings {
    if (rounds < 1 || localEpochs < 1 || batchSize < 1) {
      throw new IllegalArgumentException("rounds, local epochs and batch size must be positive");
    }
    if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
      throw new IllegalArgumentException("learning rate must be positive");
    }
    if (!(l2 >= 0) || !Double.isFinite(l2)) {
      throw new IllegalArgumentException("l2 must not be negative");
    }
  }
}
