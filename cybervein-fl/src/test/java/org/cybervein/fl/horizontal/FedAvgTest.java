package org.cybervein.fl.horizontal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cybervein.api.Hash;
import org.cybervein.api.NodeId;
import org.cybervein.api.PublicKey;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.crypto.envelope.EnvelopeSigner;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.crypto.sign.Ed25519Verifier;
import org.cybervein.fl.data.PartyDataset;
import org.cybervein.fl.model.LinearModel;
import org.cybervein.fl.model.Metrics;
import org.cybervein.fl.shapley.ContributionReport;
import org.cybervein.testing.PropertyRuns;
import org.junit.jupiter.api.Test;

class FedAvgTest {
  private static final FedAvgSettings SETTINGS = new FedAvgSettings(8, 2, 0.15, 1e-3, 32);
  private static final PartyDataset GUEST = FedAvgHarness.load("breast_homo_guest.csv");
  private static final PartyDataset HOST = FedAvgHarness.load("breast_homo_host.csv");
  private static final PartyDataset TEST = FedAvgHarness.load("breast_homo_test.csv");

  private static double[] flatten(LinearModel m) {
    double[] out = new double[m.weights().length + 1];
    System.arraycopy(m.weights(), 0, out, 0, m.weights().length);
    out[out.length - 1] = m.intercept();
    return out;
  }

  private static double auc(LinearModel model) {
    double[][] x = TEST.features();
    double[] scores = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      scores[i] = model.score(x[i]);
    }
    return Metrics.auc(scores, TEST.labels().orElseThrow());
  }

  @Test
  void secureAveragingGivesThePlainFedAvgModel() {
    FedAvgHarness h =
        new FedAvgHarness(PropertyRuns.seed(), List.of(GUEST, HOST), SETTINGS, 2, Map.of());
    h.train();
    assertEquals(SETTINGS.rounds(), h.rounds.size());
    double[] plain = new double[GUEST.featureCount() + 1];
    for (FedAvgRound round : h.rounds) {
      plain = FedAvgReference.round(plain, List.of(GUEST, HOST), SETTINGS);
      double[] secure = flatten(round.model());
      for (int j = 0; j < plain.length; j++) {
        assertEquals(plain[j], secure[j], 1e-6, "round " + round.round() + " weight " + j);
      }
    }
  }

  @Test
  void federatedModelIsAsGoodAsTrainingOnPooledData() {
    FedAvgHarness h =
        new FedAvgHarness(PropertyRuns.seed(), List.of(GUEST, HOST), SETTINGS, 2, Map.of());
    h.train();
    double federated = auc(h.rounds.get(h.rounds.size() - 1).model());
    List<String> ids = new ArrayList<>(GUEST.ids());
    double[][] gx = GUEST.features();
    double[][] hx = HOST.features();
    double[][] x = new double[gx.length + hx.length][];
    double[] y = new double[x.length];
    System.arraycopy(gx, 0, x, 0, gx.length);
    System.arraycopy(hx, 0, x, gx.length, hx.length);
    System.arraycopy(GUEST.labels().orElseThrow(), 0, y, 0, gx.length);
    System.arraycopy(HOST.labels().orElseThrow(), 0, y, gx.length, hx.length);
    FedAvgSettings pooled =
        new FedAvgSettings(
            1,
            SETTINGS.rounds() * SETTINGS.localEpochs(),
            SETTINGS.learningRate(),
            SETTINGS.l2(),
            SETTINGS.batchSize());
    double central =
        auc(LocalTraining.model(LocalTraining.train(new double[x[0].length + 1], x, y, pooled)));
    System.out.printf(
        "breast_homo test AUC: secure FedAvg %.4f, pooled %.4f%n", federated, central);
    assertTrue(ids.size() > 0);
    assertTrue(central > 0.97, "centralised AUC " + central);
    assertTrue(
        Math.abs(federated - central) / central < 0.01,
        "federated AUC " + federated + " vs centralised " + central);
  }

  @Test
  void aPartyThatDropsMidRoundIsLeftOutAndTrainingGoesOn() {
    List<PartyDataset> parties = new ArrayList<>(FedAvgHarness.split(GUEST, 2));
    parties.addAll(FedAvgHarness.split(HOST, 2));
    // each round a party sends four messages; party 3 dies after sharing its keys in round 2
    FedAvgHarness h = new FedAvgHarness(PropertyRuns.seed(), parties, SETTINGS, 3, Map.of(3, 6));
    h.train();
    assertEquals(List.of(), h.rounds.get(0).dropped());
    assertEquals(List.of(new NodeId("party-3")), h.rounds.get(1).dropped());
    assertEquals(3, h.rounds.get(2).included().size());
    double[] plain = new double[GUEST.featureCount() + 1];
    List<PartyDataset> survivors = List.of(parties.get(0), parties.get(1), parties.get(3));
    for (FedAvgRound round : h.rounds) {
      plain = FedAvgReference.round(plain, round.round() == 1 ? parties : survivors, SETTINGS);
      double[] secure = flatten(round.model());
      for (int j = 0; j < plain.length; j++) {
        assertEquals(plain[j], secure[j], 1e-6, "round " + round.round());
      }
    }
  }

  @Test
  void shapleyValuesFindThePartyWithCorruptedLabels() throws Exception {
    List<PartyDataset> parties = new ArrayList<>(FedAvgHarness.split(GUEST, 2));
    parties.addAll(FedAvgHarness.split(HOST, 2));
    PartyDataset honest = parties.get(2);
    double[] flipped = honest.labels().orElseThrow();
    for (int i = 0; i < flipped.length; i++) {
      flipped[i] = 1 - flipped[i];
    }
    parties.set(
        2,
        new PartyDataset(
            honest.ids(),
            honest.featureNames(),
            honest.features(),
            java.util.Optional.of(flipped)));
    DeterministicRandom random = DeterministicRandom.fromSeed(PropertyRuns.seed());
    Map<PublicKey, String> names = new LinkedHashMap<>();
    Map<PublicKey, PartyDataset> data = new LinkedHashMap<>();
    for (int i = 0; i < parties.size(); i++) {
      PublicKey key = Ed25519PrivateKey.generate(random).publicKey();
      names.put(key, "party-" + (i + 1));
      data.put(key, parties.get(i));
    }
    FedAvgSettings quick = new FedAvgSettings(4, 2, 0.15, 1e-3, 32);
    ContributionReport report =
        ContributionReport.measure(
            Hash.of(new byte[32]),
            "auc",
            names,
            coalition -> {
              if (coalition.isEmpty()) {
                return 0.5;
              }
              List<PartyDataset> members = new ArrayList<>();
              coalition.forEach(k -> members.add(data.get(k)));
              double[] w = new double[GUEST.featureCount() + 1];
              for (int r = 0; r < quick.rounds(); r++) {
                w = FedAvgReference.round(w, members, quick);
              }
              return auc(LocalTraining.model(w));
            });
    double worst = Double.MAX_VALUE;
    String worstName = "";
    for (var line : report.parties()) {
      if (line.shapleyValue() < worst) {
        worst = line.shapleyValue();
        worstName = line.name();
      }
    }
    System.out.println("Shapley values on AUC: " + report.parties());
    assertEquals("party-3", worstName, report.toString());
    Ed25519PrivateKey coordinator = Ed25519PrivateKey.generate(random);
    assertEquals(
        report,
        ContributionReport.open(
            report.sign(EnvelopeSigner.of(coordinator)),
            Ed25519Verifier.of(coordinator.publicKey())));
  }
}
