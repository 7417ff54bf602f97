package org.cybervein.fl.horizontal;

import org.cybervein.fl.model.LinearModel;
import org.cybervein.fl.model.ModelKind;

/**
 * One party's local step of federated averaging: mini-batch gradient descent on the exact logistic
 * loss from a starting model. Local data are in the clear here (they never leave the party), so no
 * Taylor approximation is needed.
 */
final class LocalTraining {
  private LocalTraining() {}

  /** Weights then intercept, trained from {@code start} on rows x with 0/1 labels y. */
  static double[] train(double[] start, double[][] x, double[] y, FedAvgSettings s) {
    int features = start.length - 1;
    double[] w = start.clone();
    int n = x.length;
    for (int epoch = 0; epoch < s.localEpochs(); epoch++) {
      for (int from = 0; from < n; from += s.batchSize()) {
        int to = Math.min(n, from + s.batchSize());
        double[] g = new double[features + 1];
        for (int i = from; i < to; i++) {
          double z = w[features];
          for (int j = 0; j < features; j++) {
            z += w[j] * x[i][j];
          }
          double d = 1 / (1 + Math.exp(-z)) - y[i];
          for (int j = 0; j < features; j++) {
            g[j] += d * x[i][j];
          }
          g[features] += d;
        }
        int m = to - from;
        for (int j = 0; j < features; j++) {
          w[j] -= s.learningRate() * (g[j] / m + s.l2() * w[j]);
        }
        w[features] -= s.learningRate() * g[features] / m;
      }
    }
    return w;
  }

  static LinearModel model(double[] weightsAndIntercept) {
    int f = weightsAndIntercept.length - 1;
    double[] w = new double[f];
    System.arraycopy(weightsAndIntercept, 0, w, 0, f);
    return new LinearModel(ModelKind.LOGISTIC_TAYLOR, w, weightsAndIntercept[f]);
  }
}
