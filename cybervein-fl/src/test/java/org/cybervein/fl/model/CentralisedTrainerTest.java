package org.cybervein.fl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CentralisedTrainerTest {
  @Test
  void linearRegressionRecoversAnExactLine() {
    double[][] x = new double[50][];
    double[] y = new double[50];
    for (int i = 0; i < 50; i++) {
      x[i] = new double[] {i / 25.0 - 1, Math.sin(i)};
      y[i] = 2 * x[i][0] - 0.5 * x[i][1] + 0.3;
    }
    LinearModel m =
        new CentralisedTrainer(new Hyperparameters(ModelKind.LINEAR, 0.5, 0, 10, 2000, 1e-14))
            .train(x, y, TrainingListener.NONE);
    assertEquals(2, m.weights()[0], 1e-4);
    assertEquals(-0.5, m.weights()[1], 1e-4);
    assertEquals(0.3, m.intercept(), 1e-4);
  }

  @Test
  void stopsWhenTheLossSettles() {
    double[][] x = {{1}, {-1}, {0.5}, {-0.5}};
    double[] y = {1, 0, 1, 0};
    List<EpochProgress> epochs = new ArrayList<>();
    new CentralisedTrainer(new Hyperparameters(ModelKind.LOGISTIC_TAYLOR, 0.5, 0, 4, 10_000, 1e-9))
        .train(x, y, epochs::add);
    assertTrue(epochs.size() < 10_000);
    assertTrue(epochs.get(epochs.size() - 1).converged());
  }

  @Test
  void taylorResidualIsTheDerivativeOfTheTaylorLoss() {
    for (double y : new double[] {0, 1}) {
      for (double z = -3; z <= 3; z += 0.5) {
        ModelKind k = ModelKind.LOGISTIC_TAYLOR;
        double numeric = (k.loss(z + 1e-6, y) - k.loss(z - 1e-6, y)) / 2e-6;
        assertEquals(numeric, k.residualSlope() * z + k.residualOffset(y), 1e-6);
      }
    }
  }

  @Test
  void rejectsBadHyperparameters() {
    assertThrows(
        IllegalArgumentException.class, () -> new Hyperparameters(ModelKind.LINEAR, 0, 0, 1, 1, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Hyperparameters(ModelKind.LINEAR, 0.1, -1, 1, 1, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Hyperparameters(ModelKind.LINEAR, 0.1, 0, 0, 1, 0));
  }
}
