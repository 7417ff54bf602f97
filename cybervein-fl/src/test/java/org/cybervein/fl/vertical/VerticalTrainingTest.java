package org.cybervein.fl.vertical;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.sim.LinkConditions;
import org.cybervein.fl.data.PartyDataset;
import org.cybervein.fl.model.CentralisedTrainer;
import org.cybervein.fl.model.EpochProgress;
import org.cybervein.fl.model.Hyperparameters;
import org.cybervein.fl.model.LinearModel;
import org.cybervein.fl.model.Metrics;
import org.cybervein.fl.model.ModelKind;
import org.cybervein.fl.model.TrainingListener;
import org.junit.jupiter.api.Test;

class VerticalTrainingTest {
  private static final long SEED = 20261125L;
  private static final PaillierCipherSuite SMALL_KEYS = PaillierCipherSuite.insecureForTesting(512);

  static final Hyperparameters LOGISTIC =
      new Hyperparameters(ModelKind.LOGISTIC_TAYLOR, 0.15, 0.01, 64, 10, 1e-4);
  static final Hyperparameters LINEAR =
      new Hyperparameters(ModelKind.LINEAR, 0.1, 0.0, 64, 10, 1e-5);

  private static void assertClose(double[] expected, double[] actual, double tolerance) {
    assertEquals(expected.length, actual.length);
    for (int j = 0; j < expected.length; j++) {
      assertEquals(expected[j], actual[j], tolerance, "weight " + j);
    }
  }

  @Test
  void mockRunMatchesTheCentralisedReferenceOnMiniBreast() {
    PartyDataset a = TestData.host("breast_hetero_mini");
    PartyDataset b = TestData.guest("breast_hetero_mini", "y");
    VerticalModel fed =
        new SimulatedVerticalTraining(SEED, a, b, LOGISTIC, new MockCipherSuite()).run();
    LinearModel central =
        new CentralisedTrainer(LOGISTIC)
            .train(TestData.pooled(a, b), b.labels().orElseThrow(), TrainingListener.NONE);
    assertClose(central.weights(), fed.pooled().weights(), 1e-6);
    assertEquals(central.intercept(), fed.intercept(), 1e-6);
  }

  @Test
  void encryptedRunGivesTheMockRunsWeights() {
    PartyDataset a = TestData.host("breast_hetero_mini").select(firstIds(150));
    PartyDataset b = TestData.guest("breast_hetero_mini", "y").select(firstIds(150));
    Hyperparameters h = LOGISTIC.withMaxEpochs(2);
    VerticalModel mock = new SimulatedVerticalTraining(SEED, a, b, h, new MockCipherSuite()).run();
    VerticalModel encrypted = new SimulatedVerticalTraining(SEED, a, b, h, SMALL_KEYS).run();
    assertClose(mock.hostWeights(), encrypted.hostWeights(), 1e-6);
    assertClose(mock.guestWeights(), encrypted.guestWeights(), 1e-6);
    assertEquals(mock.intercept(), encrypted.intercept(), 1e-6);
    assertTrue(Math.abs(mock.intercept()) > 1e-3, "training moved the model");
  }

  @Test
  void duplicatedAndReorderedMessagesChangeNothing() {
    PartyDataset a = TestData.host("breast_hetero_mini").select(firstIds(200));
    PartyDataset b = TestData.guest("breast_hetero_mini", "y").select(firstIds(200));
    Hyperparameters h = LOGISTIC.withMaxEpochs(3);
    VerticalModel clean = new SimulatedVerticalTraining(SEED, a, b, h, new MockCipherSuite()).run();
    SimulatedVerticalTraining noisy =
        new SimulatedVerticalTraining(SEED, a, b, h, new MockCipherSuite())
            .link(
                LinkConditions.DEFAULT
                    .withDuplicateProbability(0.3)
                    .withReorder(0.5, Duration.ofMillis(20)));
    assertEquals(clean, noisy.run());
    assertTrue(noisy.host().droppedMessages() + noisy.guest().droppedMessages() > 0);
  }

  private static List<String> firstIds(int n) {
    return TestData.host("breast_hetero_mini").ids().subList(0, n);
  }

  @Test
  void encryptedLinearRegressionGivesTheMockRunsWeights() {
    List<String> ids = TestData.host("motor_hetero_mini").ids().subList(0, 120);
    PartyDataset a = TestData.host("motor_hetero_mini").select(ids);
    PartyDataset b = TestData.guest("motor_hetero_mini", "motor_speed").select(ids);
    Hyperparameters h = LINEAR.withMaxEpochs(2);
    VerticalModel mock = new SimulatedVerticalTraining(SEED, a, b, h, new MockCipherSuite()).run();
    VerticalModel encrypted = new SimulatedVerticalTraining(SEED, a, b, h, SMALL_KEYS).run();
    assertEquals(mock, encrypted, "exact residue arithmetic gives bit-identical weights");
  }

  @Test
  void theSameSeedReplaysTheSameEncryptedRun() {
    PartyDataset a = TestData.host("breast_hetero_mini").select(firstIds(60));
    PartyDataset b = TestData.guest("breast_hetero_mini", "y").select(firstIds(60));
    Hyperparameters h = LOGISTIC.withMaxEpochs(1);
    SimulatedVerticalTraining first = new SimulatedVerticalTraining(SEED, a, b, h, SMALL_KEYS);
    SimulatedVerticalTraining second = new SimulatedVerticalTraining(SEED, a, b, h, SMALL_KEYS);
    assertEquals(first.run(), second.run());
    assertEquals(first.network().traceDigest(), second.network().traceDigest());
    SimulatedVerticalTraining other = new SimulatedVerticalTraining(SEED + 1, a, b, h, SMALL_KEYS);
    other.run();
    assertTrue(!other.network().traceDigest().equals(first.network().traceDigest()));
  }

  @Test
  void listenerHearsEveryEpochWithFallingLoss() {
    PartyDataset a = TestData.host("motor_hetero_mini");
    PartyDataset b = TestData.guest("motor_hetero_mini", "motor_speed");
    List<EpochProgress> progress = new ArrayList<>();
    VerticalModel fed =
        new SimulatedVerticalTraining(SEED, a, b, LINEAR, new MockCipherSuite())
            .listener(progress::add)
            .run();
    assertEquals(fed.epochs(), progress.size());
    for (int e = 0; e < progress.size(); e++) {
      assertEquals(e + 1, progress.get(e).number());
      assertEquals(LINEAR.maxEpochs(), progress.get(e).maxEpochs());
    }
    assertTrue(progress.get(progress.size() - 1).loss() < progress.get(0).loss());
    List<EpochProgress> central = new ArrayList<>();
    new CentralisedTrainer(LINEAR)
        .train(TestData.pooled(a, b), b.labels().orElseThrow(), central::add);
    for (int e = 0; e < progress.size(); e++) {
      assertEquals(central.get(e).loss(), progress.get(e).loss(), 1e-6, "loss of epoch " + e);
    }
  }

  @Test
  void motorLinearRegressionReachesTheCentralisedR2() {
    PartyDataset a = TestData.host("motor_hetero");
    PartyDataset b = TestData.guest("motor_hetero", "motor_speed");
    Hyperparameters h = new Hyperparameters(ModelKind.LINEAR, 0.2, 0.0, 32, 60, 1e-7);
    VerticalModel fed = new SimulatedVerticalTraining(SEED, a, b, h, new MockCipherSuite()).run();
    double[][] x = TestData.pooled(a, b);
    double[] y = b.labels().orElseThrow();
    LinearModel central = new CentralisedTrainer(h).train(x, y, TrainingListener.NONE);
    double r2Fed = Metrics.rSquared(fed.pooled().predict(x), y);
    double r2Central = Metrics.rSquared(central.predict(x), y);
    System.out.printf(
        "motor R^2 federated %.4f centralised %.4f (README OLS 0.9234)%n", r2Fed, r2Central);
    assertEquals(r2Central, r2Fed, 0.01 * r2Central);
    assertEquals(0.9234, r2Fed, 0.01 * 0.9234);
  }

  @Test
  void breastLogisticRegressionReachesTheCentralisedAuc() {
    PartyDataset a = TestData.host("breast_hetero");
    PartyDataset b = TestData.guest("breast_hetero", "y");
    Hyperparameters h = new Hyperparameters(ModelKind.LOGISTIC_TAYLOR, 0.15, 0.01, 64, 30, 1e-5);
    VerticalModel fed = new SimulatedVerticalTraining(SEED, a, b, h, new MockCipherSuite()).run();
    double[][] x = TestData.pooled(a, b);
    double[] y = b.labels().orElseThrow();
    LinearModel central = new CentralisedTrainer(h).train(x, y, TrainingListener.NONE);
    double aucFed = Metrics.auc(fed.pooled().predict(x), y);
    double aucCentral = Metrics.auc(central.predict(x), y);
    System.out.printf(
        "breast AUC federated %.4f centralised %.4f (README Taylor 0.9967), %d epochs%n",
        aucFed, aucCentral, fed.epochs());
    assertEquals(aucCentral, aucFed, 0.01 * aucCentral);
    assertEquals(0.9967, aucFed, 0.01 * 0.9967);
    assertArrayEquals(central.weights(), fed.pooled().weights(), 1e-6);
  }

  @Test
  void shortExponentRandomnessAtTheCoordinatorChangesNoWeight() {
    PartyDataset a = TestData.host("breast_hetero_mini");
    PartyDataset b = TestData.guest("breast_hetero_mini", "y");
    Hyperparameters h = LOGISTIC.withMaxEpochs(2);
    VerticalModel uniform = new SimulatedVerticalTraining(SEED, a, b, h, SMALL_KEYS).run();
    PaillierCipherSuite fastSuite = SMALL_KEYS.withShortExponentRandomness();
    assertTrue(fastSuite.usesShortExponentRandomness());
    VerticalModel fast = new SimulatedVerticalTraining(SEED, a, b, h, fastSuite).run();
    assertArrayEquals(uniform.pooled().weights(), fast.pooled().weights(), 0);
  }
}
