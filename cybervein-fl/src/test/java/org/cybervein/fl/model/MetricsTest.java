package org.cybervein.fl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MetricsTest {
  @Test
  void aucIsOneForPerfectRankingAndHalfForTies() {
    assertEquals(1.0, Metrics.auc(new double[] {0.1, 0.2, 0.8, 0.9}, new double[] {0, 0, 1, 1}));
    assertEquals(0.0, Metrics.auc(new double[] {0.9, 0.8, 0.2, 0.1}, new double[] {0, 0, 1, 1}));
    assertEquals(0.5, Metrics.auc(new double[] {0.5, 0.5, 0.5, 0.5}, new double[] {0, 1, 0, 1}));
  }

  @Test
  void aucCountsPairsOrderedCorrectly() {
    // Positives at 0.4 and 0.8, negatives at 0.3, 0.6 and 0.9: 3 of 6 pairs ordered right.
    assertEquals(
        0.5,
        Metrics.auc(new double[] {0.4, 0.8, 0.3, 0.6, 0.9}, new double[] {1, 1, 0, 0, 0}),
        1e-12);
  }

  @Test
  void rSquaredIsOneForExactAndZeroForTheMean() {
    double[] y = {1, 2, 3, 4};
    assertEquals(1.0, Metrics.rSquared(y, y));
    assertEquals(0.0, Metrics.rSquared(new double[] {2.5, 2.5, 2.5, 2.5}, y), 1e-12);
  }

  @Test
  void rejectsMismatchedOrOneClassInputs() {
    assertThrows(IllegalArgumentException.class, () -> Metrics.auc(new double[1], new double[2]));
    assertThrows(
        IllegalArgumentException.class,
        () -> Metrics.auc(new double[] {1, 2}, new double[] {1, 1}));
  }
}
