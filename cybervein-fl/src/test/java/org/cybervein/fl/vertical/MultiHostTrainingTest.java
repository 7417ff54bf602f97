package org.cybervein.fl.vertical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cybervein.api.NodeId;
import org.cybervein.fl.data.PartyDataset;
import org.cybervein.fl.model.CentralisedTrainer;
import org.cybervein.fl.model.EpochProgress;
import org.cybervein.fl.model.Hyperparameters;
import org.cybervein.fl.model.LinearModel;
import org.cybervein.fl.model.ModelKind;
import org.junit.jupiter.api.Test;

/** One guest B with k >= 2 hosts (FATE's multi-host vertical training). */
class MultiHostTrainingTest {
  private static final long SEED = 20261207L;
  private static final PaillierCipherSuite SMALL_KEYS = PaillierCipherSuite.insecureForTesting(512);

  private static void assertClose(double[] expected, double[] actual, double tolerance) {
    assertEquals(expected.length, actual.length);
    for (int j = 0; j < expected.length; j++) {
      assertEquals(expected[j], actual[j], tolerance, "weight " + j);
    }
  }

  /** Rows of the given parties side by side, hosts first then B: the centralised view. */
  private static double[][] concatenated(List<PartyDataset> parties) {
    int rows = parties.get(0).rowCount();
    double[][] x = new double[rows][];
    for (int i = 0; i < rows; i++) {
      int width = 0;
      for (PartyDataset p : parties) {
        width += p.featureCount();
      }
      x[i] = new double[width];
      int at = 0;
      for (PartyDataset p : parties) {
        double[] row = p.row(i);
        System.arraycopy(row, 0, x[i], at, row.length);
        at += row.length;
      }
    }
    return x;
  }

  /** Columns [from, to) of a party's features, as another host would hold them. */
  private static PartyDataset columns(PartyDataset p, int from, int to) {
    double[][] x = p.features();
    double[][] out = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      out[i] = java.util.Arrays.copyOfRange(x[i], from, to);
    }
    List<String> names = new ArrayList<>();
    for (int j = from; j < to; j++) {
      names.add("x" + j);
    }
    return new PartyDataset(p.ids(), names, out, Optional.empty());
  }

  private static void checkAgainstTheCentralisedReference(
      List<PartyDataset> hosts, PartyDataset guest, Hyperparameters h, boolean alsoPaillier) {
    List<EpochProgress> progress = new ArrayList<>();
    SimulatedVerticalTraining mockRun =
        new SimulatedVerticalTraining(SEED, hosts, guest, h, new MockCipherSuite())
            .listener(progress::add);
    VerticalModel mock = mockRun.run();
    List<PartyDataset> all = new ArrayList<>(hosts);
    all.add(guest);
    List<EpochProgress> centralProgress = new ArrayList<>();
    LinearModel central =
        new CentralisedTrainer(h)
            .train(concatenated(all), guest.labels().orElseThrow(), centralProgress::add);
    assertClose(central.weights(), mock.pooled().weights(), 1e-6);
    assertEquals(central.intercept(), mock.intercept(), 1e-6);
    assertEquals(centralProgress.size(), progress.size(), "epochs");
    for (int e = 0; e < progress.size(); e++) {
      assertEquals(centralProgress.get(e).loss(), progress.get(e).loss(), 1e-6, "loss " + e);
    }
    assertEquals(hosts.size(), mockRun.hostIds().size());
    for (HostParty host : mockRun.hosts()) {
      assertEquals(0, host.droppedMessages());
    }
    if (alsoPaillier) {
      VerticalModel encrypted =
          new SimulatedVerticalTraining(SEED, hosts, guest, h, SMALL_KEYS).run();
      assertEquals(mock, encrypted, "exact residue arithmetic: identical weights");
    }
  }

  @Test
  void twoHostsOnFatesMotorSplitReachTheCentralisedWeights() {
    List<String> ids = TestData.guest("motor_hetero", "motor_speed").ids().subList(0, 160);
    PartyDataset b = TestData.guest("motor_hetero", "motor_speed").select(ids);
    List<PartyDataset> hosts =
        List.of(
            TestData.load("motor_hetero_host_1", Optional.empty()).select(ids),
            TestData.load("motor_hetero_host_2", Optional.empty()).select(ids));
    Hyperparameters h = new Hyperparameters(ModelKind.LINEAR, 0.2, 0.01, 32, 2, 1e-9);
    checkAgainstTheCentralisedReference(hosts, b, h, true);
  }

  @Test
  void predictionsAddEveryHostsPartialScores() {
    List<String> ids = TestData.guest("motor_hetero", "motor_speed").ids();
    List<String> train = ids.subList(0, 96);
    List<String> fresh = ids.subList(700, 720);
    PartyDataset b = TestData.guest("motor_hetero", "motor_speed");
    PartyDataset h1 = TestData.load("motor_hetero_host_1", Optional.empty());
    PartyDataset h2 = TestData.load("motor_hetero_host_2", Optional.empty());
    Hyperparameters h = new Hyperparameters(ModelKind.LINEAR, 0.2, 0.0, 32, 2, 1e-9);
    SimulatedVerticalTraining session =
        new SimulatedVerticalTraining(
            SEED,
            List.of(h1.select(train), h2.select(train)),
            b.select(train),
            h,
            new MockCipherSuite());
    VerticalModel model = session.run();
    session.hosts().get(0).serve(h1.select(fresh));
    long request = session.guest().requestPredictions(b.select(fresh));
    session.network().runUntilQuiescent(java.time.Duration.ofMinutes(1));
    assertTrue(session.guest().predictions(request).isEmpty(), "host A2 refused");
    assertTrue(session.guest().predictionError(request).isPresent(), "A2 serves no rows");
    session.hosts().get(1).serve(h2.select(fresh));
    request = session.guest().requestPredictions(b.select(fresh));
    session.network().runUntilQuiescent(java.time.Duration.ofMinutes(1));
    double[] expected =
        model
            .pooled()
            .predict(concatenated(List.of(h1.select(fresh), h2.select(fresh), b.select(fresh))));
    assertClose(expected, session.guest().predictions(request).orElseThrow(), 1e-12);
  }

  @Test
  void twoHostsOnTheWholeMotorDataMatchTheCentralisedRun() {
    PartyDataset b = TestData.guest("motor_hetero", "motor_speed");
    List<PartyDataset> hosts =
        List.of(
            TestData.load("motor_hetero_host_1", Optional.empty()),
            TestData.load("motor_hetero_host_2", Optional.empty()));
    Hyperparameters h = new Hyperparameters(ModelKind.LINEAR, 0.2, 0.0, 32, 6, 1e-7);
    checkAgainstTheCentralisedReference(hosts, b, h, false);
  }

  @Test
  void threeHostsOnBreastReachTheCentralisedWeights() {
    List<String> ids = TestData.host("breast_hetero").ids().subList(0, 150);
    PartyDataset a = TestData.host("breast_hetero").select(ids);
    PartyDataset b = TestData.guest("breast_hetero", "y").select(ids);
    List<PartyDataset> hosts = List.of(columns(a, 0, 7), columns(a, 7, 14), columns(a, 14, 20));
    Hyperparameters h = new Hyperparameters(ModelKind.LOGISTIC_TAYLOR, 0.15, 0.01, 64, 2, 1e-9);
    checkAgainstTheCentralisedReference(hosts, b, h, true);
  }

  @Test
  void oneDecryptionServesAHostsWholeGradient() {
    List<String> ids = TestData.host("breast_hetero").ids().subList(0, 128);
    PartyDataset a = TestData.host("breast_hetero").select(ids);
    PartyDataset b = TestData.guest("breast_hetero", "y").select(ids);
    Hyperparameters h = new Hyperparameters(ModelKind.LOGISTIC_TAYLOR, 0.15, 0.01, 64, 1, 1e-9);
    SimulatedVerticalTraining run =
        new SimulatedVerticalTraining(
            SEED, List.of(columns(a, 0, 10), columns(a, 10, 20)), b, h, new MockCipherSuite());
    run.run();
    // The mock modulus (1279 bits) holds 8 slots of 145 bits: each host's 10 values take 2
    // plaintexts, B's 10 + 2 values take 2; 2 batches.
    SlotLayout layout = SlotLayout.forBatch(1279, 64);
    assertEquals(8, layout.slots());
    assertEquals(2 * (2 + 2 + 2), run.coordinator().decryptions());
  }

  @Test
  void hostsMustBeDistinctAndNotTheCoordinator() {
    NodeId c = new NodeId("C");
    assertThrows(
        IllegalArgumentException.class, () -> GuestParty.checkedHosts(List.of(), new NodeId("C")));
    assertThrows(
        IllegalArgumentException.class,
        () -> GuestParty.checkedHosts(List.of(new NodeId("A"), new NodeId("A")), c));
    assertThrows(
        IllegalArgumentException.class,
        () -> GuestParty.checkedHosts(List.of(new NodeId("A"), c), c));
    assertTrue(GuestParty.checkedHosts(List.of(new NodeId("A")), c).size() == 1);
  }
}
