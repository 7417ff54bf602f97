package org.cybervein.fl.model;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Trains on pooled data in plain Java: the whitepaper's V_SUM, the model the parties would get by
 * handing their data to one place. It runs exactly the federated algorithm (same batches, same
 * residual, same update order), so the federated weights must equal these up to fixed-point
 * rounding.
 */
public final class CentralisedTrainer {
  private final Hyperparameters hyperparameters;

  /**
   * A trainer with these settings.
   *
   * @param hyperparameters the model kind, learning rate, regularisation and epoch limits
   */
  public CentralisedTrainer(Hyperparameters hyperparameters) {
    this.hyperparameters = Objects.requireNonNull(hyperparameters, "hyperparameters");
  }

  /**
   * Trains from zero weights.
   *
   * @param x pooled rows (A's features then B's, in the federated runs)
   * @param y labels
   * @param listener told after every batch and epoch; elapsed time is reported as zero
   * @return the trained model
   * @throws TrainingDivergedException if the run diverges (see {@link DivergenceGuard})
   */
  public LinearModel train(double[][] x, double[] y, TrainingListener listener) {
    if (x.length != y.length || x.length == 0) {
      throw new IllegalArgumentException("need as many labels as rows, and some rows");
    }
    Hyperparameters h = hyperparameters;
    ModelKind kind = h.kind();
    int n = x.length;
    int features = x[0].length;
    double[] w = new double[features];
    double b = 0;
    double previousLoss = Double.NaN;
    DivergenceGuard guard = new DivergenceGuard();
    // w and b as one vector for the optimizer: every rule acts per coordinate, so the federated
    // parties, each stepping its own coordinates, reach the same values.
    OptimizerState optimizer = h.optimizer().start(features + 1);
    int batches = h.batchesPerEpoch(n);
    for (int epoch = 0; epoch < h.maxEpochs(); epoch++) {
      double epochLoss = 0;
      for (int start = 0; start < n; start += h.batchSize()) {
        int end = Math.min(n, start + h.batchSize());
        int m = end - start;
        double[] g = new double[features];
        double gb = 0;
        double loss = 0;
        for (int i = start; i < end; i++) {
          double z = b;
          for (int j = 0; j < features; j++) {
            z += x[i][j] * w[j];
          }
          double d = kind.residualSlope() * z + kind.residualOffset(y[i]);
          for (int j = 0; j < features; j++) {
            g[j] += d * x[i][j];
          }
          gb += d;
          loss += kind.loss(z, y[i]);
        }
        double norm = 0;
        for (int j = 0; j < features; j++) {
          norm += w[j] * w[j];
        }
        epochLoss += loss + m * h.l2() / 2 * norm;
        double[] parameters = Arrays.copyOf(w, features + 1);
        parameters[features] = b;
        double[] gradients = new double[features + 1];
        for (int j = 0; j < features; j++) {
          gradients[j] = g[j] / m + h.l2() * w[j];
        }
        gradients[features] = gb / m;
        optimizer.step(parameters, gradients, h.learningRate(), epoch);
        System.arraycopy(parameters, 0, w, 0, features);
        b = parameters[features];
        int batch = start / h.batchSize() + 1;
        String where = "epoch " + (epoch + 1) + ", batch " + batch;
        Optional<String> diverged = DivergenceGuard.checkWeights(parameters, where);
        if (diverged.isPresent()) {
          throw new TrainingDivergedException(diverged.get());
        }
        listener.onBatch(new BatchProgress(epoch + 1, batch, batches, Duration.ZERO));
      }
      epochLoss /= n;
      Optional<String> diverged = guard.checkEpochLoss(epoch + 1, epochLoss);
      if (diverged.isPresent()) {
        throw new TrainingDivergedException(diverged.get());
      }
      boolean converged = epoch > 0 && Math.abs(epochLoss - previousLoss) < h.tolerance();
      listener.onEpoch(
          new EpochProgress(epoch + 1, h.maxEpochs(), epochLoss, Duration.ZERO, converged));
      if (converged) {
        break;
      }
      previousLoss = epochLoss;
    }
    return new LinearModel(kind, w, b);
  }
}
