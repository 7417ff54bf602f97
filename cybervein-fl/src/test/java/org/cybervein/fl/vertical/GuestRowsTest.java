package org.cybervein.fl.vertical;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.cybervein.fl.data.PartyDataset;
import org.cybervein.fl.model.Hyperparameters;
import org.cybervein.fl.model.ModelKind;
import org.junit.jupiter.api.Test;

/** The seam through which party B's per-row work can run outside its JVM, and any host's. */
class GuestRowsTest {
  private static final long SEED = 20261208L;
  private static final PaillierCipherSuite SMALL_KEYS = PaillierCipherSuite.insecureForTesting(256);

  /**
   * What a distributed implementation does: residual terms computed in two parts assembled out of
   * order, gradient sums over two parts combined with the cipher's addition in the other order.
   */
  private record SplitGuestRows(GuestRows rows) implements GuestRows {
    @Override
    public int rowCount() {
      return rows.rowCount();
    }

    @Override
    public int featureCount() {
      return rows.featureCount();
    }

    @Override
    public boolean binaryLabels() {
      return rows.binaryLabels();
    }

    @Override
    public double[] forward(int start, int count, double[] weights) {
      return rows.forward(start, count, weights);
    }

    @Override
    public ResidualTerms residualTerms(
        int start, int count, double[] weights, double intercept, ModelKind kind) {
      int h = count / 2;
      if (h == 0) {
        return rows.residualTerms(start, count, weights, intercept, kind);
      }
      ResidualTerms second = rows.residualTerms(start + h, count - h, weights, intercept, kind);
      ResidualTerms first = rows.residualTerms(start, h, weights, intercept, kind);
      double[] e = new double[count];
      double[] loss = new double[count];
      System.arraycopy(second.coefficients(), 0, e, h, count - h);
      System.arraycopy(second.losses(), 0, loss, h, count - h);
      System.arraycopy(first.coefficients(), 0, e, 0, h);
      System.arraycopy(first.losses(), 0, loss, 0, h);
      return new ResidualTerms(e, loss);
    }

    @Override
    public BigInteger[] encryptedGradientSums(
        GradientCipher cipher, int start, BigInteger[] residuals, Executor executor) {
      return split(rows, cipher, start, residuals, executor);
    }
  }

  /** A's rows split the same way, for any host. */
  private record SplitHostRows(PartyRows rows) implements PartyRows {
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
      return split(rows, cipher, start, residuals, executor);
    }
  }

  @Test
  void guestAndSecondHostRowsSplitLikeADistributedImplementationGiveBitForBitTheSameModel() {
    PartyDataset host = TestData.host("breast_hetero_mini");
    PartyDataset b = TestData.guest("breast_hetero_mini", "y");
    PartyDataset a1 = columns(host, 0, 1);
    PartyDataset a2 = columns(host, 1, host.featureCount());
    Hyperparameters h = VerticalTrainingTest.LOGISTIC.withMaxEpochs(2);
    VerticalModel memory =
        new SimulatedVerticalTraining(SEED, List.of(a1, a2), b, h, SMALL_KEYS).run();
    VerticalModel split =
        new SimulatedVerticalTraining(SEED, List.of(a1, a2), b, h, SMALL_KEYS)
            .hostRows(1, new SplitHostRows(PartyRows.inMemory(a2)))
            .guestRows(new SplitGuestRows(GuestRows.inMemory(b)))
            .run();
    assertArrayEquals(memory.hostWeights(), split.hostWeights(), 0.0);
    assertArrayEquals(memory.guestWeights(), split.guestWeights(), 0.0);
    assertEquals(memory.intercept(), split.intercept(), 0.0);
  }

  @Test
  void inMemoryResidualTermsAreTheBracketAndTheLossOfEachRow() {
    PartyDataset b = TestData.guest("breast_hetero_mini", "y");
    double[] y = b.labels().orElseThrow();
    double[] w = new double[b.featureCount()];
    Arrays.fill(w, 0.25);
    for (ModelKind kind : ModelKind.values()) {
      ResidualTerms terms = GuestRows.inMemory(b).residualTerms(7, 4, w, -0.5, kind);
      for (int i = 0; i < 4; i++) {
        double u = -0.5;
        for (int j = 0; j < w.length; j++) {
          u += b.row(7 + i)[j] * w[j];
        }
        assertEquals(
            kind.residualSlope() * u + kind.residualOffset(y[7 + i]), terms.coefficients()[i], 0.0);
        assertEquals(kind.loss(u, y[7 + i]), terms.losses()[i], 0.0);
      }
    }
  }

  @Test
  void refusesUnlabelledRowsBadRangesAndRowsOfAnotherShapeOrHost() {
    PartyDataset a = TestData.host("breast_hetero_mini");
    PartyDataset b = TestData.guest("breast_hetero_mini", "y");
    assertThrows(IllegalArgumentException.class, () -> GuestRows.inMemory(a));
    GuestRows rows = GuestRows.inMemory(b);
    assertTrue(rows.binaryLabels());
    double[] w = new double[b.featureCount()];
    assertThrows(
        IllegalArgumentException.class,
        () -> rows.residualTerms(b.rowCount() - 1, 2, w, 0, ModelKind.LINEAR));
    assertThrows(
        IllegalArgumentException.class,
        () -> rows.residualTerms(0, 1, new double[w.length + 1], 0, ModelKind.LINEAR));
    SimulatedVerticalTraining training =
        new SimulatedVerticalTraining(
            SEED, a, b, VerticalTrainingTest.LOGISTIC, new MockCipherSuite());
    assertThrows(
        IllegalArgumentException.class,
        () -> training.guestRows(GuestRows.inMemory(b.select(b.ids().subList(0, 10)))));
    assertThrows(IllegalArgumentException.class, () -> training.hostRows(1, PartyRows.inMemory(a)));
    assertThrows(
        IllegalArgumentException.class, () -> training.hostRows(-1, PartyRows.inMemory(a)));
    assertThrows(
        IllegalArgumentException.class, () -> new ResidualTerms(new double[0], new double[0]));
    assertThrows(
        IllegalArgumentException.class, () -> new ResidualTerms(new double[2], new double[1]));
  }

  @Test
  void logisticTrainingRefusesGuestRowsWithLabelsOtherThanZeroAndOne() {
    PartyDataset a = TestData.host("breast_hetero_mini");
    PartyDataset b = TestData.guest("breast_hetero_mini", "y");
    double[] graded = b.labels().orElseThrow();
    graded[0] = 2;
    PartyDataset relabelled =
        new PartyDataset(b.ids(), b.featureNames(), b.features(), Optional.of(graded));
    assertFalse(GuestRows.inMemory(relabelled).binaryLabels());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new SimulatedVerticalTraining(
                    SEED, a, relabelled, VerticalTrainingTest.LOGISTIC, new MockCipherSuite())
                .run());
  }

  private static PartyDataset columns(PartyDataset d, int from, int to) {
    double[][] x = new double[d.rowCount()][];
    for (int i = 0; i < x.length; i++) {
      x[i] = Arrays.copyOfRange(d.row(i), from, to);
    }
    return new PartyDataset(d.ids(), d.featureNames().subList(from, to), x, Optional.empty());
  }

  private static BigInteger[] split(
      PartyRows rows, GradientCipher cipher, int start, BigInteger[] residuals, Executor e) {
    int h = residuals.length / 2;
    if (h == 0) {
      return rows.encryptedGradientSums(cipher, start, residuals, e);
    }
    BigInteger[] first = rows.encryptedGradientSums(cipher, start, Arrays.copyOf(residuals, h), e);
    BigInteger[] second =
        rows.encryptedGradientSums(
            cipher, start + h, Arrays.copyOfRange(residuals, h, residuals.length), e);
    BigInteger[] sums = new BigInteger[first.length];
    for (int j = 0; j < sums.length; j++) {
      sums[j] = cipher.add(second[j], first[j]);
    }
    return sums;
  }
}
