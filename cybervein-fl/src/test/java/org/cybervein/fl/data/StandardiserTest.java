package org.cybervein.fl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StandardiserTest {
  private static PartyDataset dataset(double[][] x) {
    List<String> ids = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      ids.add("r" + i);
    }
    for (int j = 0; j < x[0].length; j++) {
      names.add("f" + j);
    }
    return new PartyDataset(ids, names, x, Optional.empty());
  }

  @Test
  void fittedColumnsHaveMeanZeroAndUnitSpread() {
    qt().withFixedSeed(0x5EED_57A1L)
        .forAll(longs().all(), integers().between(2, 60), integers().between(1, 5))
        .checkAssert(
            (seed, rows, cols) -> {
              Random random = new Random(seed);
              double[][] x = new double[rows][cols];
              double[] centre = new double[cols];
              double[] spread = new double[cols];
              for (int j = 0; j < cols; j++) {
                centre[j] = (random.nextDouble() - 0.5) * 1e6;
                spread[j] = Math.pow(10, random.nextInt(7) - 3);
              }
              for (double[] row : x) {
                for (int j = 0; j < cols; j++) {
                  row[j] = centre[j] + spread[j] * random.nextGaussian();
                }
              }
              PartyDataset standardised = Standardiser.fit(dataset(x)).apply(dataset(x));
              for (int j = 0; j < cols; j++) {
                double mean = 0;
                double square = 0;
                for (int i = 0; i < rows; i++) {
                  mean += standardised.row(i)[j];
                }
                mean /= rows;
                for (int i = 0; i < rows; i++) {
                  double d = standardised.row(i)[j] - mean;
                  square += d * d;
                }
                assertEquals(0, mean, 1e-6, "mean of column " + j + ", seed " + seed);
                assertEquals(1, Math.sqrt(square / rows), 1e-6, "sd of column " + j);
              }
            });
  }

  @Test
  void aConstantColumnIsOnlyCentred() {
    double[][] x = {{5, 1}, {5, 3}};
    Standardiser s = Standardiser.fit(dataset(x));
    assertArrayEquals(new double[] {1, 1}, s.scales());
    PartyDataset out = s.apply(dataset(x));
    assertArrayEquals(new double[] {0, -1}, out.row(0));
    assertArrayEquals(new double[] {0, 1}, out.row(1));
  }

  @Test
  void appliesTheFittedStatisticsToNewRows() {
    Standardiser s = Standardiser.fit(dataset(new double[][] {{0}, {10}}));
    assertArrayEquals(new double[] {3}, s.apply(dataset(new double[][] {{20}})).row(0), 0);
  }

  @Test
  void refusesRowsWithOtherColumns() {
    Standardiser s = Standardiser.fit(dataset(new double[][] {{0, 1}, {2, 3}}));
    PartyDataset other =
        new PartyDataset(
            List.of("a"), List.of("g0", "g1"), new double[][] {{1, 2}}, Optional.empty());
    assertThrows(IllegalArgumentException.class, () -> s.apply(other));
  }
}
