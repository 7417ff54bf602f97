package org.cybervein.fl.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class OptimizerTest {
  @Test
  void sgdStepsAgainstTheGradient() {
    double[] w = {1, -2};
    Optimizer.sgd().start(2).step(w, new double[] {0.5, -1}, 0.1, 7);
    assertArrayEquals(new double[] {0.95, -1.9}, w, 1e-15);
  }

  @Test
  void decayFollowsFatesSchedule() {
    double[] w = {0};
    Optimizer.sgdWithDecay(0.5, false).start(1).step(w, new double[] {1}, 0.3, 4);
    assertEquals(-0.3 / (1 + 0.5 * 4), w[0], 1e-15);
    double[] v = {0};
    Optimizer.sgdWithDecay(0.5, true).start(1).step(v, new double[] {1}, 0.3, 4);
    assertEquals(-0.3 / Math.sqrt(1 + 0.5 * 4), v[0], 1e-15);
  }

  @Test
  void adamsFirstStepIsTheLearningRateTimesTheSign() {
    // bias-corrected moments after one step are g and g^2, so the step is eta g / (|g| + eps)
    double[] w = {0, 0, 0};
    Optimizer.adam().start(3).step(w, new double[] {3, -0.002, 0}, 0.01, 0);
    assertEquals(-0.01, w[0], 1e-9);
    assertEquals(0.01, w[1], 1e-7);
    assertEquals(0, w[2], 0);
  }

  @Test
  void adamMatchesItsDefinitionOverSteps() {
    double[] w = {1};
    OptimizerState state = Optimizer.adam().start(1);
    double m = 0;
    double v = 0;
    double expected = 1;
    double[] gradients = {0.3, -0.1, 0.25, 0.05};
    for (int t = 1; t <= gradients.length; t++) {
      double g = gradients[t - 1];
      state.step(w, new double[] {g}, 0.1, 0);
      m = 0.9 * m + 0.1 * g;
      v = 0.999 * v + 0.001 * g * g;
      expected -=
          0.1 * (m / (1 - Math.pow(0.9, t))) / (Math.sqrt(v / (1 - Math.pow(0.999, t))) + 1e-8);
      assertEquals(expected, w[0], 1e-15, "step " + t);
    }
  }

  @Test
  void refusesBadSettingsAndShapes() {
    assertThrows(IllegalArgumentException.class, () -> Optimizer.sgdWithDecay(-1, false));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Optimizer(Optimizer.Kind.ADAM, 0, false, 1, 0.9, 1e-8));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Optimizer(Optimizer.Kind.ADAM, 0, false, 0.9, 0.9, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> Optimizer.adam().start(2).step(new double[1], new double[2], 0.1, 0));
  }
}
