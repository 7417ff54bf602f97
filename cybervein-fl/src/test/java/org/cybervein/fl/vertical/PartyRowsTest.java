package org.cybervein.fl.vertical;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.concurrent.Executor;
import org.cybervein.fl.data.PartyDataset;
import org.cybervein.fl.model.Hyperparameters;
import org.junit.jupiter.api.Test;

/** The seam through which party A's per-row work can run outside its JVM. */
class PartyRowsTest {
  private static final long SEED = 20261207L;
  private static final PaillierCipherSuite SMALL_KEYS = PaillierCipherSuite.insecureForTesting(256);

  /**
   * What a distributed implementation does: gradient sums over two parts of each batch, combined
   * with the cipher's addition in the other order.
   */
  private record SplitRows(PartyRows rows) implements PartyRows {
    @Override
    public int rowCount() {
      return rows.rowCount();
    }

    @Override
    public int featureCount() {
      return rows.featureCount();
    }

    @Override
    public double[] forward(int start, int count, double[] weights) {
      return rows.forward(start, count, weights);
    }

    @Override
    public BigInteger[] encryptedGradientSums(
        GradientCipher cipher, int start, BigInteger[] residuals, Executor executor) {
      int h = residuals.length / 2;
      if (h == 0) {
        return rows.encryptedGradientSums(cipher, start, residuals, executor);
      }
      BigInteger[] first =
          rows.encryptedGradientSums(cipher, start, Arrays.copyOf(residuals, h), executor);
      BigInteger[] second =
          rows.encryptedGradientSums(
              cipher, start + h, Arrays.copyOfRange(residuals, h, residuals.length), executor);
      BigInteger[] sums = new BigInteger[first.length];
      for (int j = 0; j < sums.length; j++) {
        sums[j] = cipher.add(second[j], first[j]);
      }
      return sums;
    }
  }

  @Test
  void partialGradientSumsCombinedUnderEncryptionGiveBitForBitTheSameModel() {
    PartyDataset a = TestData.host("breast_hetero_mini");
    PartyDataset b = TestData.guest("breast_hetero_mini", "y");
    Hyperparameters h = VerticalTrainingTest.LOGISTIC.withMaxEpochs(2);
    VerticalModel memory = new SimulatedVerticalTraining(SEED, a, b, h, SMALL_KEYS).run();
    VerticalModel split =
        new SimulatedVerticalTraining(SEED, a, b, h, SMALL_KEYS)
            .hostRows(new SplitRows(PartyRows.inMemory(a)))
            .run();
    assertArrayEquals(memory.hostWeights(), split.hostWeights(), 0.0);
    assertArrayEquals(memory.guestWeights(), split.guestWeights(), 0.0);
    assertEquals(memory.intercept(), split.intercept(), 0.0);
  }

  @Test
  void inMemoryForwardIsTheRowDotWeights() {
    PartyDataset a = TestData.host("breast_hetero_mini");
    double[] w = {0.5, -2.0, 0.25};
    double[] u = PartyRows.inMemory(a).forward(10, 3, w);
    for (int i = 0; i < 3; i++) {
      double[] row = a.row(10 + i);
      assertEquals(0.0 + row[0] * w[0] + row[1] * w[1] + row[2] * w[2], u[i], 0.0);
    }
  }

  @Test
  void refusesRangesOutsideTheRowsAndRowsOfAnotherShape() {
    PartyDataset a = TestData.host("breast_hetero_mini");
    PartyDataset b = TestData.guest("breast_hetero_mini", "y");
    PartyRows rows = PartyRows.inMemory(a);
    assertThrows(
        IllegalArgumentException.class, () -> rows.forward(a.rowCount() - 1, 2, new double[3]));
    assertThrows(IllegalArgumentException.class, () -> rows.forward(0, 0, new double[3]));
    assertThrows(IllegalArgumentException.class, () -> rows.forward(0, 1, new double[2]));
    PartyRows fewer = PartyRows.inMemory(a.select(a.ids().subList(0, 10)));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new SimulatedVerticalTraining(
                    SEED, a, b, VerticalTrainingTest.LOGISTIC, new MockCipherSuite())
                .hostRows(fewer));
  }

  @Test
  void scalarIsTheFixedPointOfScaleOne() {
    assertEquals(
        BigInteger.ONE.shiftLeft(FixedPoint.PRECISION_BITS - 1).negate(), PartyRows.scalar(-0.5));
    assertEquals(FixedPoint.scaled(0.1, 1), PartyRows.scalar(0.1));
    assertThrows(IllegalArgumentException.class, () -> PartyRows.scalar(Double.NaN));
  }
}
