package org.cybervein.fl.vertical;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.cybervein.api.NodeId;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.sim.SimulatedNetwork;
import org.cybervein.fl.alignment.AlignedSamples;
import org.cybervein.fl.alignment.AlignmentParty;
import org.cybervein.fl.data.PartyDataset;
import org.cybervein.fl.model.CentralisedTrainer;
import org.cybervein.fl.model.LinearModel;
import org.cybervein.fl.model.TrainingListener;
import org.junit.jupiter.api.Test;

/**
 * The Part I scenario: each side drops a random 20% of its rows, the parties align on the
 * intersection, train on it, and then predict rows that only the prediction protocol joins.
 */
class AlignedTrainingTest {
  private static final long SEED = 0x414c49474eL;

  @Test
  void trainsOnTheIntersectionAfterEachSideDropsTwentyPercent() {
    PartyDataset fullA = TestData.host("breast_hetero_mini");
    PartyDataset fullB = TestData.guest("breast_hetero_mini", "y");
    PartyDataset a = fullA.dropRandomRows(0.2, DeterministicRandom.fromSeed(SEED));
    PartyDataset b = fullB.dropRandomRows(0.2, DeterministicRandom.fromSeed(SEED + 1));
    AlignedSamples aligned = alignOverPsi(a, b);
    Set<String> common = new HashSet<>(a.ids());
    common.retainAll(new HashSet<>(b.ids()));
    assertEquals(AlignedSamples.of(common), aligned);
    assertTrue(aligned.size() < 0.7 * fullA.rowCount() && aligned.size() > 0.55 * fullA.rowCount());

    PartyDataset alignedA = aligned.align(a);
    PartyDataset alignedB = aligned.align(b);
    VerticalModel fed =
        new SimulatedVerticalTraining(
                SEED, alignedA, alignedB, VerticalTrainingTest.LOGISTIC, new MockCipherSuite())
            .run();
    LinearModel central =
        new CentralisedTrainer(VerticalTrainingTest.LOGISTIC)
            .train(
                TestData.pooled(alignedA, alignedB),
                alignedB.labels().orElseThrow(),
                TrainingListener.NONE);
    assertArrayEquals(central.weights(), fed.pooled().weights(), 1e-6);
  }

  /** Part I over the simulated network: B initiates ECDH-PSI, A responds; both get one result. */
  static AlignedSamples alignOverPsi(PartyDataset a, PartyDataset b) {
    SimulatedNetwork network = new SimulatedNetwork(SEED);
    AlignmentParty[] parties = new AlignmentParty[2];
    NodeId nodeA = SimulatedVerticalTraining.HOST;
    NodeId nodeB = SimulatedVerticalTraining.GUEST;
    network.addNode(
        nodeA,
        ctx -> {
          parties[0] =
              AlignmentParty.responder(
                  ctx.transport(), nodeB, a.ids(), ctx.random(), a.rowCount() * 2);
          ctx.transport().register(parties[0]::onMessage);
        });
    network.addNode(
        nodeB,
        ctx -> {
          parties[1] =
              AlignmentParty.initiator(
                  ctx.transport(), nodeA, b.ids(), ctx.random(), b.rowCount() * 2);
          ctx.transport().register(parties[1]::onMessage);
        });
    parties[1].start();
    assertTrue(network.runUntilQuiescent(Duration.ofMinutes(1)));
    assertEquals(3, network.stats().messagesDelivered());
    assertEquals(0, parties[0].droppedMessages() + parties[1].droppedMessages());
    assertEquals(parties[0].result(), parties[1].result());
    return parties[1].result().orElseThrow();
  }

  @Test
  void predictsNewRowsThroughThePredictionProtocol() {
    PartyDataset fullA = TestData.host("breast_hetero_mini");
    PartyDataset fullB = TestData.guest("breast_hetero_mini", "y");
    List<String> trainIds = fullA.ids().subList(0, 400);
    List<String> newIds = fullA.ids().subList(400, fullA.rowCount());
    SimulatedVerticalTraining session =
        new SimulatedVerticalTraining(
            SEED,
            fullA.select(trainIds),
            fullB.select(trainIds),
            VerticalTrainingTest.LOGISTIC.withMaxEpochs(2),
            PaillierCipherSuite.insecureForTesting(512));
    VerticalModel model = session.run();
    session.host().serve(fullA.select(newIds));
    long request = session.guest().requestPredictions(fullB.select(newIds));
    assertTrue(
        session
            .network()
            .runUntil(
                () -> session.guest().predictions(request).isPresent(),
                java.time.Duration.ofMinutes(1)));
    double[] predicted = session.guest().predictions(request).orElseThrow();
    double[] expected =
        model.pooled().predict(TestData.pooled(fullA.select(newIds), fullB.select(newIds)));
    assertArrayEquals(expected, predicted, 1e-12);
    assertEquals(newIds.size(), predicted.length);
  }

  @Test
  void predictionOfIdsThatAServesNotIsRefusedWithAnError() {
    PartyDataset fullA = TestData.host("breast_hetero_mini");
    PartyDataset fullB = TestData.guest("breast_hetero_mini", "y");
    List<String> ids = fullA.ids().subList(0, 100);
    SimulatedVerticalTraining session =
        new SimulatedVerticalTraining(
            SEED,
            fullA.select(ids),
            fullB.select(ids),
            VerticalTrainingTest.LOGISTIC.withMaxEpochs(1),
            new MockCipherSuite());
    session.run();
    List<String> served = new java.util.ArrayList<>(ids.subList(0, 10));
    served.addAll(ids.subList(50, 80)); // more rows than asked, but not the ones asked
    session.host().serve(fullA.select(served));
    long request = session.guest().requestPredictions(fullB.select(ids.subList(5, 20)));
    session.network().runUntilQuiescent(java.time.Duration.ofMinutes(1));
    assertTrue(session.guest().predictions(request).isEmpty());
    // Once this request was never answered; now B's caller hears why, without the ids A lacks.
    String error = session.guest().predictionError(request).orElseThrow();
    assertTrue(error.contains("10 of 15 ids are not served"), error);
    assertEquals(0, session.guest().droppedMessages());
  }
}
