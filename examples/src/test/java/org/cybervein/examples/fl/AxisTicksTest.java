package org.cybervein.examples.fl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AxisTicksTest {
  private static List<String> labels(AxisTicks ticks) {
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < ticks.count(); i++) {
      labels.add(ticks.label(i));
    }
    return labels;
  }

  @Test
  void roundStepsWithExactLabels() {
    assertEquals(
        List.of("0.0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6"),
        labels(AxisTicks.covering(0, 0.561, 5)));
    assertEquals(List.of("0", "2", "4", "6", "8", "10"), labels(AxisTicks.covering(0, 10, 5)));
    assertEquals(List.of("0.36", "0.38", "0.40"), labels(AxisTicks.covering(0.36, 0.39, 2)));
    assertEquals(List.of("0.0", "2.5", "5.0", "7.5", "10.0"), labels(AxisTicks.covering(0, 9, 3)));
    assertEquals(List.of("-20", "0", "20", "40"), labels(AxisTicks.covering(-15, 33, 3)));
  }

  @Test
  void ticksCoverTheRange() {
    double[][] ranges = {{0, 0.561}, {0.001, 0.0013}, {-3, 7}, {1, 40}, {12345, 67890}};
    for (double[] r : ranges) {
      AxisTicks ticks = AxisTicks.covering(r[0], r[1], 5);
      assertTrue(ticks.low() <= r[0] && ticks.high() >= r[1], ticks + " for " + r[0] + ".." + r[1]);
      assertTrue(ticks.count() >= 2 && ticks.count() <= 12, ticks.toString());
    }
  }

  @Test
  void anEmptyRangeIsWidened() {
    AxisTicks zero = AxisTicks.covering(0, 0, 4);
    assertTrue(zero.low() < 0 && zero.high() > 0);
    AxisTicks point = AxisTicks.covering(0.5, 0.5, 4);
    assertTrue(point.low() < 0.5 && point.high() > 0.5);
  }

  @Test
  void refusesBoundsThatAreNotFiniteOrReversed() {
    assertThrows(IllegalArgumentException.class, () -> AxisTicks.covering(0, Double.NaN, 5));
    assertThrows(IllegalArgumentException.class, () -> AxisTicks.covering(2, 1, 5));
    assertThrows(IllegalArgumentException.class, () -> AxisTicks.covering(0, 1, 0));
  }
}
