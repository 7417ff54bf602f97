package org.cybervein.fl.model;

import java.util.Arrays;

/** The quality measures on which V_FED and V_SUM are compared. */
public final class Metrics {
  private Metrics() {}

  /**
   * The area under the ROC curve of scores for binary labels (1 positive, anything else negative):
   * the probability that a random positive scores above a random negative, ties counting half.
   *
   * @param scores the model's scores, one per row
   * @param labels the true labels, one per row
   * @return the AUC, in [0, 1]
   * @throws IllegalArgumentException if lengths differ or a class is absent
   */
  public static double auc(double[] scores, double[] labels) {
    requireSameLength(scores, labels);
    int n = scores.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
    double rankSumPositive = 0;
    long positives = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double midRank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        if (labels[order[k]] == 1) {
          rankSumPositive += midRank;
          positives++;
        }
      }
      i = j + 1;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      throw new IllegalArgumentException("AUC needs both classes");
    }
    return (rankSumPositive - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  /**
   * The coefficient of determination {@code 1 - SS_res / SS_tot}.
   *
   * @param predictions the model's predictions, one per row
   * @param targets the true values, one per row, at least one; if they are all equal the result is
   *     not finite
   * @return R^2, at most 1 (negative for a model worse than the mean)
   * @throws IllegalArgumentException if the lengths differ
   */
  public static double rSquared(double[] predictions, double[] targets) {
    requireSameLength(predictions, targets);
    double mean = Arrays.stream(targets).average().orElseThrow();
    double ssRes = 0;
    double ssTot = 0;
    for (int i = 0; i < targets.length; i++) {
      ssRes += (targets[i] - predictions[i]) * (targets[i] - predictions[i]);
      ssTot += (targets[i] - mean) * (targets[i] - mean);
    }
    return 1 - ssRes / ssTot;
  }

  private static void requireSameLength(double[] a, double[] b) {
    if (a.length != b.length || a.length == 0) {
      throw new IllegalArgumentException(
          "need equal non-zero lengths, got " + a.length + " and " + b.length);
    }
  }
}
