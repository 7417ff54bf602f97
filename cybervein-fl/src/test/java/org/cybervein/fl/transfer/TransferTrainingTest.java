package org.cybervein.fl.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.cybervein.fl.data.PartyDataset;
import org.cybervein.fl.model.CentralisedTrainer;
import org.cybervein.fl.model.EpochProgress;
import org.cybervein.fl.model.Hyperparameters;
import org.cybervein.fl.model.Metrics;
import org.cybervein.fl.model.ModelKind;
import org.cybervein.fl.model.TrainingListener;
import org.cybervein.fl.vertical.MockCipherSuite;
import org.cybervein.fl.vertical.PaillierCipherSuite;
import org.junit.jupiter.api.Test;

class TransferTrainingTest {
  /** The settings the figures in the README were measured with (breast). */
  static final TransferSettings BREAST = TransferSettings.defaults(60, 1).withShape(4, 0.2, 0.01);

  /** The settings for vehicle, one class (3) against the rest. */
  static final TransferSettings VEHICLE = TransferSettings.defaults(150, 1).withShape(8, 0.2, 0.01);

  static final PaillierCipherSuite SMALL_KEYS = PaillierCipherSuite.insecureForTesting(512);

  @Test
  void encryptedRunEqualsMockRunEpochByEpoch() {
    TransferData data = TransferData.load("breast_transfer");
    TransferSettings settings = BREAST.withMaxEpochs(3).withLocalRounds(2);
    SimulatedTransferTraining encrypted =
        new SimulatedTransferTraining(
            5, data.host(), data.guest(), data.overlap(), settings, SMALL_KEYS);
    TransferModel paillier = encrypted.run();
    TransferModel mock =
        new SimulatedTransferTraining(
                6, data.host(), data.guest(), data.overlap(), settings, new MockCipherSuite())
            .run();
    assertEquals(3, paillier.epochs());
    for (int e = 0; e < 3; e++) {
      assertEquals(mock.losses().get(e), paillier.losses().get(e), 1e-6, "loss of epoch " + e);
    }
    assertClose(mock.hostWeights(), paillier.hostWeights());
    assertClose(mock.guestWeights(), paillier.guestWeights());
    assertArrayEquals(mock.phi(), paillier.phi(), 1e-6);

    // A scores its own users through B's encrypted Phi: the same scores as the plaintext model
    PartyDataset some = data.hostOnly().select(data.hostOnly().ids().subList(0, 20));
    assertArrayEquals(paillier.scoreHostRows(some), encrypted.scoreOnHost(some), 1e-6);
  }

  @Test
  void lossFollowsThePlaintextObjective() {
    TransferData data = TransferData.load("breast_transfer");
    TransferSettings settings = BREAST.withMaxEpochs(1);
    SimulatedTransferTraining run =
        new SimulatedTransferTraining(
            1, data.host(), data.guest(), data.overlap(), settings, new MockCipherSuite());
    TransferModel model = run.run();
    // the first epoch's loss is taken at the initial weights: recompute it in plaintext
    Representation a = new Representation(4, data.host().featureCount(), settings.initSeed(), "A");
    Representation b = new Representation(4, data.guest().featureCount(), settings.initSeed(), "B");
    double expected = ReferenceObjective.loss(data, settings, a, b);
    assertEquals(expected, model.losses().get(0), 1e-6);
  }

  @Test
  void transferBeatsTheSameModelTrainedOnTheOverlapAloneOnBreast() {
    assertTransferHelps("breast_transfer", BREAST);
  }

  @Test
  void transferBeatsTheSameModelTrainedOnTheOverlapAloneOnVehicle() {
    assertTransferHelps("vehicle_transfer", VEHICLE);
  }

  private static void assertTransferHelps(String name, TransferSettings settings) {
    TransferData data = TransferData.load(name);
    double transfer = heldOutAuc(data, settings);
    double overlapOnly = heldOutAuc(data.overlapOnly(), settings);
    double logistic = overlapLogisticAuc(data);
    System.out.printf(
        "%s: AUC on A's own users: transfer %.4f, same model on the overlap alone %.4f,"
            + " logistic regression on A's overlap rows %.4f%n",
        name, transfer, overlapOnly, logistic);
    assertTrue(transfer > overlapOnly, transfer + " <= " + overlapOnly);
    assertTrue(transfer > logistic, transfer + " <= " + logistic);
  }

  static double heldOutAuc(TransferData data, TransferSettings settings) {
    TransferModel model =
        new SimulatedTransferTraining(
                1, data.host(), data.guest(), data.overlap(), settings, new MockCipherSuite())
            .run();
    return Metrics.auc(model.scoreHostRows(data.hostOnly()), data.hostOnlyLabels());
  }

  /** The second baseline: what A could learn alone from the labels of the shared users. */
  static double overlapLogisticAuc(TransferData data) {
    PartyDataset shared = data.host().select(data.overlap());
    double[] labels = data.guest().select(data.overlap()).labels().orElseThrow();
    var model =
        new CentralisedTrainer(
                new Hyperparameters(ModelKind.LOGISTIC_TAYLOR, 0.5, 0.01, 1 << 16, 150, 0))
            .train(shared.features(), labels, TrainingListener.NONE);
    return Metrics.auc(model.predict(data.hostOnly().features()), data.hostOnlyLabels());
  }

  @Test
  void listenerHearsEveryEpochWithTheModelsLosses() {
    TransferData data = TransferData.load("breast_transfer");
    List<EpochProgress> heard = new ArrayList<>();
    TransferModel model =
        new SimulatedTransferTraining(
                1,
                data.host(),
                data.guest(),
                data.overlap(),
                BREAST.withMaxEpochs(5),
                new MockCipherSuite())
            .listener(heard::add)
            .run();
    assertEquals(5, heard.size());
    for (int e = 0; e < 5; e++) {
      assertEquals(e + 1, heard.get(e).number());
      assertEquals(5, heard.get(e).maxEpochs());
      assertEquals(model.losses().get(e), heard.get(e).loss());
    }
    assertTrue(model.losses().get(4) < model.losses().get(0), model.losses().toString());
  }

  @Test
  void localRoundsTakeAsManyStepsWithFewerExchanges() {
    TransferData data = TransferData.load("breast_transfer");
    long[] bytes = new long[2];
    TransferModel oneRound =
        new SimulatedTransferTraining(
                1,
                data.host(),
                data.guest(),
                data.overlap(),
                BREAST.withMaxEpochs(6),
                new MockCipherSuite())
            .tap((to, from, message) -> bytes[0] += message.size())
            .run();
    TransferModel threeRounds =
        new SimulatedTransferTraining(
                1,
                data.host(),
                data.guest(),
                data.overlap(),
                BREAST.withMaxEpochs(2).withLocalRounds(3),
                new MockCipherSuite())
            .tap((to, from, message) -> bytes[1] += message.size())
            .run();
    // six gradient steps each; the per-row intermediates travel a third as often
    assertTrue(bytes[1] < 0.6 * bytes[0], bytes[1] + " vs " + bytes[0]);
    // stale values between rounds still descend: the objective at the end, computed directly from
    // all the data, is below the start for both
    Representation a0 = new Representation(4, data.host().featureCount(), 1, "A");
    Representation b0 = new Representation(4, data.guest().featureCount(), 1, "B");
    double start = ReferenceObjective.loss(data, BREAST, a0, b0);
    for (TransferModel m : List.of(oneRound, threeRounds)) {
      double end =
          ReferenceObjective.loss(
              data,
              BREAST,
              new Representation(m.hostWeights()),
              new Representation(m.guestWeights()));
      assertTrue(end < start, end + " >= " + start);
    }
  }

  @Test
  void stopsOnceTheLossSettles() {
    TransferData data = TransferData.load("breast_transfer");
    TransferSettings settings = new TransferSettings(4, 1.0, 0.2, 0.01, 1.0, 500, 1, 1e-3, 1);
    TransferModel model =
        new SimulatedTransferTraining(
                1, data.host(), data.guest(), data.overlap(), settings, new MockCipherSuite())
            .run();
    assertTrue(model.converged());
    assertTrue(model.epochs() < 500);
  }

  private static void assertClose(double[][] expected, double[][] actual) {
    assertEquals(expected.length, actual.length);
    for (int m = 0; m < expected.length; m++) {
      assertArrayEquals(expected[m], actual[m], 1e-6);
    }
  }
}
