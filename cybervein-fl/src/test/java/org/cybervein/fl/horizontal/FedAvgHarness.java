package org.cybervein.fl.horizontal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.MessageHandler;
import org.cybervein.api.net.Transport;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.sim.SimulatedNetwork;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.fl.InvalidFederatedMessageException;
import org.cybervein.fl.data.CsvDatasets;
import org.cybervein.fl.data.InvalidDatasetException;
import org.cybervein.fl.data.PartyDataset;
import org.cybervein.fl.secagg.Participant;
import org.cybervein.fl.secagg.SecAggParameters;
import org.cybervein.fl.secagg.SecAggRoster;

/** Parties and a server of secure federated averaging on a simulated network. */
final class FedAvgHarness {
  static final NodeId SERVER = new NodeId("fedavg-server");

  final SimulatedNetwork network;
  final List<FedAvgRound> rounds = new ArrayList<>();
  final List<String> failures = new ArrayList<>();
  FedAvgServer server;

  static PartyDataset load(String name) {
    try (InputStream in = FedAvgHarness.class.getResourceAsStream("/datasets/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return CsvDatasets.read(in, Optional.of("y"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InvalidDatasetException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Splits rows into {@code parts} consecutive slices. */
  static List<PartyDataset> split(PartyDataset data, int parts) {
    List<PartyDataset> out = new ArrayList<>();
    int n = data.rowCount();
    for (int p = 0; p < parts; p++) {
      out.add(data.select(data.ids().subList(p * n / parts, (p + 1) * n / parts)));
    }
    return out;
  }

  FedAvgHarness(
      long seed,
      List<PartyDataset> parties,
      FedAvgSettings settings,
      int threshold,
      Map<Integer, Integer> sendsBeforeDeath) {
    network = SimulatedNetwork.builder(seed).build();
    DeterministicRandom keys = DeterministicRandom.fromSeed(seed);
    List<Ed25519PrivateKey> identities = new ArrayList<>();
    List<Participant> participants = new ArrayList<>();
    for (int i = 0; i < parties.size(); i++) {
      Ed25519PrivateKey id = Ed25519PrivateKey.generate(keys);
      identities.add(id);
      participants.add(new Participant(new NodeId("party-" + (i + 1)), id.publicKey()));
    }
    SecAggRoster roster = new SecAggRoster(participants);
    int features = parties.get(0).featureCount();
    SecAggParameters parameters =
        new SecAggParameters(threshold, features + 2, Duration.ofSeconds(10));
    network.addNode(
        SERVER,
        ctx -> {
          server =
              new FedAvgServer(
                  ctx.transport(),
                  ctx.clock(),
                  roster,
                  parameters,
                  features,
                  settings,
                  new FedAvgListener() {
                    @Override
                    public void onRound(FedAvgRound round) {
                      rounds.add(round);
                    }

                    @Override
                    public void onFailed(String why) {
                      failures.add(why);
                    }
                  });
          ctx.transport().register(quietly(server::handle));
        });
    for (int i = 0; i < parties.size(); i++) {
      int index = i + 1;
      PartyDataset data = parties.get(i);
      Ed25519PrivateKey id = identities.get(i);
      Integer budget = sendsBeforeDeath.get(index);
      network.addNode(
          participants.get(i).node(),
          ctx -> {
            Transport t = budget == null ? ctx.transport() : dyingAfter(ctx.transport(), budget);
            FedAvgClient client =
                new FedAvgClient(t, SERVER, id, roster, parameters, ctx.random(), data, settings);
            t.register(quietly(client::handle));
          });
    }
  }

  interface Handler {
    void handle(NodeId from, Bytes message) throws InvalidFederatedMessageException;
  }

  private static MessageHandler quietly(Handler h) {
    return (from, message) -> {
      try {
        h.handle(from, message);
      } catch (InvalidFederatedMessageException e) {
        // a rejected message changes nothing; the tests check outcomes
      }
    };
  }

  private static Transport dyingAfter(Transport inner, int budget) {
    int[] left = {budget};
    return new Transport() {
      @Override
      public NodeId localNode() {
        return inner.localNode();
      }

      @Override
      public void send(NodeId to, Bytes message) {
        if (left[0]-- > 0) {
          inner.send(to, message);
        }
      }

      @Override
      public void register(MessageHandler handler) {
        inner.register(handler);
      }
    };
  }

  void train() {
    network.schedule(Duration.ZERO, () -> server.start());
    network.runUntil(() -> server.finished(), Duration.ofHours(1));
    if (!failures.isEmpty()) {
      throw new AssertionError("training failed: " + failures);
    }
  }
}
