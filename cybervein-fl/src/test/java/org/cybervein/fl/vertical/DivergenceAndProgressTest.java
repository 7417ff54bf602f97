package org.cybervein.fl.vertical;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.Transport;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.fl.data.PartyDataset;
import org.cybervein.fl.data.Standardiser;
import org.cybervein.fl.model.BatchProgress;
import org.cybervein.fl.model.CentralisedTrainer;
import org.cybervein.fl.model.EpochProgress;
import org.cybervein.fl.model.Hyperparameters;
import org.cybervein.fl.model.ModelKind;
import org.cybervein.fl.model.TrainingDivergedException;
import org.cybervein.fl.model.TrainingListener;
import org.cybervein.testing.ManualClock;
import org.junit.jupiter.api.Test;

/**
 * What users hit on real data (issue 16): divergence that went silent or threw from inside a party,
 * overflowing fixed point, listener numbering and progress, late messages at early stopping and
 * prediction requests that were never answered.
 */
class DivergenceAndProgressTest {
  private static final long SEED = 20261207L;
  private static final Hyperparameters LOGISTIC =
      new Hyperparameters(ModelKind.LOGISTIC_TAYLOR, 0.15, 0.01, 64, 10, 1e-4);

  /** The rows with every feature multiplied by {@code factor}: a spread the data does not have. */
  private static PartyDataset scaled(PartyDataset d, double factor) {
    double[][] x = d.features();
    for (double[] row : x) {
      for (int j = 0; j < row.length; j++) {
        row[j] *= factor;
      }
    }
    return new PartyDataset(d.ids(), d.featureNames(), x, d.labels());
  }

  private static PartyDataset host() {
    return Standardiser.fit(TestData.host("breast_hetero_mini"))
        .apply(TestData.host("breast_hetero_mini"));
  }

  private static PartyDataset guest() {
    PartyDataset b = TestData.guest("breast_hetero_mini", "y");
    return Standardiser.fit(b).apply(b);
  }

  @Test
  void featuresWithStandardDeviationTenDivergeWithAClearErrorEverywhere() {
    PartyDataset a = scaled(host(), 10);
    PartyDataset b = scaled(guest(), 10);
    TrainingDivergedException central =
        assertThrows(
            TrainingDivergedException.class,
            () ->
                new CentralisedTrainer(LOGISTIC)
                    .train(TestData.pooled(a, b), b.labels().orElseThrow(), TrainingListener.NONE));
    assertTrue(central.getMessage().contains("standardise"), central.getMessage());
    for (CipherSuite suite :
        List.of(new MockCipherSuite(), PaillierCipherSuite.insecureForTesting(512))) {
      SimulatedVerticalTraining session =
          new SimulatedVerticalTraining(SEED, a, b, LOGISTIC, suite);
      TrainingDivergedException federated =
          assertThrows(TrainingDivergedException.class, session::run, suite.name());
      assertTrue(federated.getMessage().contains("diverged"), federated.getMessage());
      // Every party stopped: nobody waits for a message that will never come.
      assertTrue(session.host().isFinished(), suite.name());
      assertTrue(session.guest().isFinished(), suite.name());
      assertTrue(session.coordinator().isFinished(), suite.name());
      assertEquals(0, session.host().droppedMessages() + session.guest().droppedMessages());
    }
  }

  @Test
  void hugeFeaturesStopTrainingInsteadOfThrowingFromInsideAParty() {
    // Once "cannot encode Infinity" escaped from the host party's onMessage.
    PartyDataset a = scaled(host(), 1e300);
    PartyDataset b = guest();
    SimulatedVerticalTraining session =
        new SimulatedVerticalTraining(SEED, a, b, LOGISTIC, new MockCipherSuite());
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class, session::run);
    assertTrue(e.getMessage().contains("standardise"), e.getMessage());
  }

  @Test
  void standardisedFeaturesTrainToTheCentralisedWeights() {
    PartyDataset a = scaled(host(), 10);
    PartyDataset b = scaled(guest(), 10);
    PartyDataset sa = Standardiser.fit(a).apply(a);
    PartyDataset sb = Standardiser.fit(b).apply(b);
    VerticalModel fed =
        new SimulatedVerticalTraining(SEED, sa, sb, LOGISTIC, new MockCipherSuite()).run();
    double[] central =
        new CentralisedTrainer(LOGISTIC)
            .train(TestData.pooled(sa, sb), sb.labels().orElseThrow(), TrainingListener.NONE)
            .weights();
    assertArrayEquals(central, fed.pooled().weights(), 1e-6);
  }

  @Test
  void fixedPointRefusesAResidueThatWrapped() {
    java.math.BigInteger n =
        java.math.BigInteger.ONE.shiftLeft(192).subtract(java.math.BigInteger.valueOf(237));
    FixedPoint fp = new FixedPoint(n);
    assertThrows(
        org.cybervein.fl.InvalidFederatedMessageException.class,
        () -> fp.decode(n.divide(java.math.BigInteger.TWO), 1));
    assertThrows(
        org.cybervein.fl.InvalidFederatedMessageException.class,
        () -> fp.decode(n.divide(java.math.BigInteger.valueOf(3)), 1));
  }

  @Test
  void listenerCountsEpochsAndBatchesFromOneOfTheirTotals() {
    List<EpochProgress> epochs = new ArrayList<>();
    List<BatchProgress> batches = new ArrayList<>();
    TrainingListener listener =
        new TrainingListener() {
          @Override
          public void onEpoch(EpochProgress progress) {
            epochs.add(progress);
          }

          @Override
          public void onBatch(BatchProgress progress) {
            batches.add(progress);
          }
        };
    Hyperparameters h = LOGISTIC.withMaxEpochs(3);
    PartyDataset a = host();
    new SimulatedVerticalTraining(SEED, a, guest(), h, new MockCipherSuite())
        .listener(listener)
        .run();
    int perEpoch = h.batchesPerEpoch(a.rowCount());
    assertEquals(3, epochs.size());
    assertEquals(3 * perEpoch, batches.size());
    for (int e = 0; e < 3; e++) {
      assertEquals(e + 1, epochs.get(e).number());
      assertEquals(3, epochs.get(e).maxEpochs());
      for (int k = 0; k < perEpoch; k++) {
        BatchProgress p = batches.get(e * perEpoch + k);
        assertEquals(e + 1, p.epochNumber());
        assertEquals(k + 1, p.batchNumber());
        assertEquals(perEpoch, p.batchesPerEpoch());
      }
    }
    // Wall time by default: it never runs backwards and is not the simulated network's.
    for (int i = 1; i < batches.size(); i++) {
      assertTrue(batches.get(i).elapsed().compareTo(batches.get(i - 1).elapsed()) >= 0);
    }
  }

  @Test
  void earlyStoppingCountsNoHarmlessLateMessageAsDropped() {
    // A loose tolerance stops training after epoch 2 of 10, while zeros for epoch 3 are in flight.
    Hyperparameters early = new Hyperparameters(ModelKind.LOGISTIC_TAYLOR, 0.15, 0.01, 64, 10, 1);
    SimulatedVerticalTraining session =
        new SimulatedVerticalTraining(SEED, host(), guest(), early, new MockCipherSuite());
    VerticalModel model = session.run();
    assertTrue(model.converged());
    assertTrue(model.epochs() < 10);
    session.network().runUntilQuiescent(Duration.ofMinutes(1));
    assertEquals(0, session.host().droppedMessages(), "A");
    assertEquals(0, session.guest().droppedMessages(), "B");
    assertEquals(0, session.coordinator().droppedMessages(), "C");
  }

  @Test
  void predictionWhileAServesNothingIsRefused() {
    SimulatedVerticalTraining session =
        new SimulatedVerticalTraining(
            SEED, host(), guest(), LOGISTIC.withMaxEpochs(1), new MockCipherSuite());
    session.run();
    long request = session.guest().requestPredictions(guest().select(guest().ids().subList(0, 5)));
    session.network().runUntilQuiescent(Duration.ofMinutes(1));
    assertTrue(session.guest().predictions(request).isEmpty());
    assertTrue(
        session.guest().predictionError(request).orElseThrow().contains("serves no rows"),
        session.guest().predictionError(request).toString());
  }

  @Test
  void anUnansweredPredictionTimesOutOnTheInjectedClock() {
    ManualClock clock = new ManualClock(Instant.parse("2026-12-07T00:00:00Z"));
    Transport silent =
        new Transport() {
          @Override
          public void send(NodeId to, org.cybervein.api.Bytes message) {}

          @Override
          public void register(org.cybervein.api.net.MessageHandler handler) {}

          @Override
          public NodeId localNode() {
            return NodeId.of("B");
          }
        };
    PartyDataset b = guest();
    GuestParty party =
        new GuestParty(
            silent,
            NodeId.of("A"),
            NodeId.of("C"),
            b,
            LOGISTIC,
            new MockCipherSuite(),
            DeterministicRandom.fromSeed(1L),
            Runnable::run,
            clock,
            TrainingListener.NONE);
    long request = party.requestPredictions(b.select(b.ids().subList(0, 3)));
    clock.advance(GuestParty.PREDICTION_TIMEOUT.minusSeconds(1));
    assertFalse(party.predictionError(request).isPresent());
    clock.advance(Duration.ofSeconds(1));
    assertTrue(party.predictionError(request).orElseThrow().contains("did not answer"));
    assertTrue(party.predictions(request).isEmpty());
  }

  @Test
  void everyOptimizerTrainsToTheCentralisedWeightsUnderEncryption() {
    for (org.cybervein.fl.model.Optimizer rule :
        List.of(
            org.cybervein.fl.model.Optimizer.sgdWithDecay(0.3, true),
            org.cybervein.fl.model.Optimizer.adam())) {
      Hyperparameters h =
          new Hyperparameters(ModelKind.LOGISTIC_TAYLOR, 0.05, 0.01, 64, 4, 0).withOptimizer(rule);
      PaillierCipherSuite keys = PaillierCipherSuite.insecureForTesting(512);
      VerticalModel encrypted = new SimulatedVerticalTraining(SEED, host(), guest(), h, keys).run();
      VerticalModel mock =
          new SimulatedVerticalTraining(SEED, host(), guest(), h, new MockCipherSuite()).run();
      org.cybervein.fl.model.LinearModel central =
          new CentralisedTrainer(h)
              .train(TestData.pooled(host(), guest()), guest().labels().orElseThrow(), p -> {});
      assertArrayEquals(central.weights(), mock.pooled().weights(), 1e-6, rule.toString());
      assertEquals(central.intercept(), mock.pooled().intercept(), 1e-6, rule.toString());
      assertArrayEquals(mock.pooled().weights(), encrypted.pooled().weights(), 1e-9);
    }
  }

  @Test
  void adamReachesALowerLossThanFixedStepsInTheSameEpochs() {
    double[][] x = TestData.pooled(host(), guest());
    double[] y = guest().labels().orElseThrow();
    Hyperparameters sgd = new Hyperparameters(ModelKind.LOGISTIC_TAYLOR, 0.02, 0.01, 64, 5, 0);
    List<EpochProgress> plain = new ArrayList<>();
    List<EpochProgress> adam = new ArrayList<>();
    new CentralisedTrainer(sgd).train(x, y, plain::add);
    new CentralisedTrainer(sgd.withOptimizer(org.cybervein.fl.model.Optimizer.adam()))
        .train(x, y, adam::add);
    double last = plain.get(plain.size() - 1).loss();
    double lastAdam = adam.get(adam.size() - 1).loss();
    assertTrue(lastAdam < last, "Adam " + lastAdam + " vs SGD " + last);
  }
}
