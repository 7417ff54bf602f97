package org.cybervein.examples.fl;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.PublicKey;
import org.cybervein.api.net.MessageHandler;
import org.cybervein.api.net.Transport;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.sim.SimulatedNetwork;
import org.cybervein.crypto.envelope.EnvelopeSigner;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.fl.InvalidFederatedMessageException;
import org.cybervein.fl.data.CsvDatasets;
import org.cybervein.fl.data.InvalidDatasetException;
import org.cybervein.fl.data.PartyDataset;
import org.cybervein.fl.horizontal.FedAvgClient;
import org.cybervein.fl.horizontal.FedAvgListener;
import org.cybervein.fl.horizontal.FedAvgReference;
import org.cybervein.fl.horizontal.FedAvgRound;
import org.cybervein.fl.horizontal.FedAvgServer;
import org.cybervein.fl.horizontal.FedAvgSettings;
import org.cybervein.fl.model.LinearModel;
import org.cybervein.fl.model.Metrics;
import org.cybervein.fl.secagg.Participant;
import org.cybervein.fl.secagg.SecAggParameters;
import org.cybervein.fl.secagg.SecAggRoster;
import org.cybervein.fl.shapley.ContributionReport;
import org.cybervein.fl.shapley.PartyContribution;

/**
 * Horizontal federated learning on the simulated network: four hospitals holding the same 30
 * features for different patients train a logistic regression by federated averaging, every round's
 * updates summed by secure aggregation, so the server learns only the average. Hospital 3 crashes
 * in the middle of round 2; the round completes without it. Then each hospital's Shapley value on
 * the test AUC is measured and signed as the contribution report (Part III).
 */
public final class SecureAveragingDemo {
  private static final NodeId SERVER = new NodeId("fedavg-server");
  private static final FedAvgSettings SETTINGS = new FedAvgSettings(6, 2, 0.15, 1e-3, 32);

  private SecureAveragingDemo() {}

  /**
   * Runs the scene.
   *
   * @return true if training finished, the dropped hospital was left out, and the model's test AUC
   *     is above 0.95
   */
  public static boolean run(long seed, PrintStream out) {
    PartyDataset guest;
    PartyDataset host;
    PartyDataset test;
    try {
      guest = load("breast_homo_guest");
      host = load("breast_homo_host");
      test = load("breast_homo_test");
    } catch (IOException | InvalidDatasetException e) {
      out.println("cannot read the demo dataset: " + e);
      return false;
    }
    List<PartyDataset> hospitals = new ArrayList<>();
    hospitals.addAll(halves(guest));
    hospitals.addAll(halves(host));

    SimulatedNetwork network = SimulatedNetwork.builder(seed).build();
    DeterministicRandom keys = DeterministicRandom.fromSeed(seed);
    List<Ed25519PrivateKey> identities = new ArrayList<>();
    List<Participant> participants = new ArrayList<>();
    for (int i = 0; i < hospitals.size(); i++) {
      Ed25519PrivateKey key = Ed25519PrivateKey.generate(keys);
      identities.add(key);
      participants.add(new Participant(new NodeId("hospital-" + (i + 1)), key.publicKey()));
    }
    SecAggRoster roster = new SecAggRoster(participants);
    int features = guest.featureCount();
    SecAggParameters parameters = new SecAggParameters(3, features + 2, Duration.ofSeconds(10));
    List<FedAvgRound> rounds = new ArrayList<>();
    FedAvgServer[] server = new FedAvgServer[1];
    network.addNode(
        SERVER,
        ctx -> {
          server[0] =
              new FedAvgServer(
                  ctx.transport(),
                  ctx.clock(),
                  roster,
                  parameters,
                  features,
                  SETTINGS,
                  new FedAvgListener() {
                    @Override
                    public void onRound(FedAvgRound round) {
                      rounds.add(round);
                      out.printf(
                          "round %d at %5d ms: %d hospitals in the sum, dropped %s, test AUC"
                              + " %.4f%n",
                          round.round(),
                          network.now().toEpochMilli(),
                          round.included().size(),
                          round.dropped(),
                          auc(round.model(), test));
                    }

                    @Override
                    public void onFailed(String why) {
                      out.println("training failed: " + why);
                    }
                  });
          ctx.transport().register(quietly(server[0]::handle));
        });
    NodeId victim = participants.get(2).node();
    for (int i = 0; i < hospitals.size(); i++) {
      PartyDataset data = hospitals.get(i);
      Ed25519PrivateKey key = identities.get(i);
      network.addNode(
          participants.get(i).node(),
          ctx -> {
            Transport transport =
                ctx.nodeId().equals(victim)
                    ? crashingAfter(ctx.transport(), SENDS_BEFORE_CRASH, network, out)
                    : ctx.transport();
            FedAvgClient client =
                new FedAvgClient(
                    transport, SERVER, key, roster, parameters, ctx.random(), data, SETTINGS);
            transport.register(quietly(client::handle));
          });
    }
    network.schedule(Duration.ZERO, () -> server[0].start());
    network.runUntil(() -> server[0].finished(), Duration.ofMinutes(10));
    if (rounds.size() != SETTINGS.rounds()) {
      return false;
    }
    LinearModel model = rounds.get(rounds.size() - 1).model();
    double auc = auc(model, test);

    Map<PublicKey, String> names = new LinkedHashMap<>();
    Map<PublicKey, PartyDataset> data = new LinkedHashMap<>();
    for (int i = 0; i < hospitals.size(); i++) {
      names.put(identities.get(i).publicKey(), participants.get(i).node().value());
      data.put(identities.get(i).publicKey(), hospitals.get(i));
    }
    ContributionReport report =
        ContributionReport.measure(
            HashFunction.SHA256.hash(
                DomainTag.of("cybervein/examples/fl-task/v1"), Bytes.utf8("breast_homo FedAvg")),
            "auc",
            names,
            coalition -> {
              if (coalition.isEmpty()) {
                return 0.5;
              }
              List<PartyDataset> members = new ArrayList<>();
              coalition.forEach(k -> members.add(data.get(k)));
              return auc(FedAvgReference.train(members, features, SETTINGS), test);
            });
    Ed25519PrivateKey coordinator = Ed25519PrivateKey.generate(keys);
    int signedSize = report.sign(EnvelopeSigner.of(coordinator)).encode().size();
    out.println("Part III, Shapley values on test AUC (signed report, " + signedSize + " bytes):");
    for (PartyContribution line : report.parties()) {
      out.printf("  %-11s %+.4f%n", line.name(), line.shapleyValue());
    }
    boolean dropped = rounds.get(1).dropped().equals(List.of(victim));
    out.printf(
        "final test AUC %.4f; hospital-3 left out of round 2: %s%n", auc, dropped ? "yes" : "no");
    return dropped && auc > 0.95;
  }

  /**
   * A client sends four messages per round (keys, shares, masked input, unmask answer); after its
   * sixth it has shared its keys in round 2 and crashes before sending its masked input.
   */
  private static final int SENDS_BEFORE_CRASH = 6;

  private static Transport crashingAfter(
      Transport inner, int sends, SimulatedNetwork network, PrintStream out) {
    int[] sent = {0};
    return new Transport() {
      @Override
      public NodeId localNode() {
        return inner.localNode();
      }

      @Override
      public void send(NodeId to, Bytes message) {
        inner.send(to, message);
        if (++sent[0] == sends) {
          network.schedule(
              Duration.ZERO,
              () -> {
                network.crash(inner.localNode());
                out.println(inner.localNode() + " crashes in round 2, after sharing its keys");
              });
        }
      }

      @Override
      public void register(MessageHandler handler) {
        inner.register(handler);
      }
    };
  }

  private static List<PartyDataset> halves(PartyDataset d) {
    int n = d.rowCount();
    return List.of(d.select(d.ids().subList(0, n / 2)), d.select(d.ids().subList(n / 2, n)));
  }

  private static double auc(LinearModel model, PartyDataset test) {
    double[][] x = test.features();
    double[] scores = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      scores[i] = model.score(x[i]);
    }
    return Metrics.auc(scores, test.labels().orElseThrow());
  }

  private interface Handler {
    void handle(NodeId from, Bytes message) throws InvalidFederatedMessageException;
  }

  private static MessageHandler quietly(Handler handler) {
    return (from, message) -> {
      try {
        handler.handle(from, message);
      } catch (InvalidFederatedMessageException e) {
        // a rejected message changes nothing
      }
    };
  }

  private static PartyDataset load(String name) throws IOException, InvalidDatasetException {
    try (InputStream in =
        SecureAveragingDemo.class.getResourceAsStream("/datasets/" + name + ".csv")) {
      if (in == null) {
        throw new IOException("missing resource /datasets/" + name + ".csv");
      }
      return CsvDatasets.read(in, Optional.of("y"));
    }
  }
}
