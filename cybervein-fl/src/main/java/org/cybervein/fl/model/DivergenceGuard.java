package org.cybervein.fl.model;

import java.util.Optional;

/**
 * The checks by which every trainer (centralised, and each party of the federated ones) decides
 * that a run diverged, so that they stop with the same verdict at the same step. A run diverged
 * when a loss or a weight is not finite, a weight's magnitude exceeds {@link #MAX_WEIGHT}, or an
 * epoch's mean loss exceeds {@link #MAX_LOSS_GROWTH} times the first epoch's.
 *
 * <p>Why these bounds: the parties encrypt values in fixed point with 24 fractional bits. With
 * weights up to 2^40, the largest value the protocol forms (a batch's gradient sum at scale 3, 72
 * fractional bits) stays inside the smallest plaintext modulus the parties accept (168 bits) for
 * standardised features in batches of up to 2^16 rows, so a wrapped residue cannot pass for a
 * value; and no well-posed logistic or linear model on standardised data has weights near 2^40.
 * Growth of the loss by a factor of a million over the first epoch (whose batches start near the
 * zero weights) is divergence under any learning rate that converges.
 */
public final class DivergenceGuard {
  /** The largest weight magnitude a run may reach: 2^40. */
  public static final double MAX_WEIGHT = 0x1p40;

  /** How many times the first epoch's mean loss a later epoch's may reach. */
  public static final double MAX_LOSS_GROWTH = 1e6;

  private double firstEpochLoss = Double.NaN;

  /** Creates a guard for one run. */
  public DivergenceGuard() {}

  /**
   * Checks weights after an update.
   *
   * @param weights the weights (the intercept may be among them)
   * @param where the step, for the message (e.g. "epoch 3, batch 7")
   * @return why the run diverged, or empty if it did not
   */
  public static Optional<String> checkWeights(double[] weights, String where) {
    for (int j = 0; j < weights.length; j++) {
      double v = weights[j];
      if (!Double.isFinite(v) || Math.abs(v) > MAX_WEIGHT) {
        return Optional.of(
            "training diverged at "
                + where
                + ": weight "
                + j
                + " is "
                + v
                + " (limit 2^40); standardise the features or lower the learning rate");
      }
    }
    return Optional.empty();
  }

  /**
   * Checks an epoch's mean loss against the first epoch's.
   *
   * @param number the epoch's number, from 1
   * @param meanLoss its mean loss
   * @return why the run diverged, or empty if it did not
   */
  public Optional<String> checkEpochLoss(int number, double meanLoss) {
    if (!Double.isFinite(meanLoss)) {
      return Optional.of(
          "training diverged at epoch "
              + number
              + ": the mean loss is "
              + meanLoss
              + "; standardise the features or lower the learning rate");
    }
    if (Double.isNaN(firstEpochLoss)) {
      firstEpochLoss = meanLoss;
      return Optional.empty();
    }
    double limit = MAX_LOSS_GROWTH * Math.max(Math.abs(firstEpochLoss), Double.MIN_NORMAL);
    if (meanLoss > limit) {
      return Optional.of(
          "training diverged at epoch "
              + number
              + ": mean loss "
              + meanLoss
              + " is more than 1e6 times the first epoch's "
              + firstEpochLoss
              + "; standardise the features or lower the learning rate");
    }
    return Optional.empty();
  }
}
