package org.cybervein.fl.secagg;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.MessageHandler;
import org.cybervein.api.net.Transport;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.sim.NodeContext;
import org.cybervein.api.sim.SimulatedNetwork;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.fl.InvalidFederatedMessageException;

/** A server and n clients on a simulated network, with a transcript of what each receives. */
final class SecAggHarness {
  static final NodeId SERVER = new NodeId("server");

  final SimulatedNetwork network;
  final SecAggRoster roster;
  final SecAggParameters parameters;
  final List<Ed25519PrivateKey> identities = new ArrayList<>();
  final Map<NodeId, List<Bytes>> received = new TreeMap<>();
  final Map<NodeId, SecAggClient> clients = new TreeMap<>();
  final List<AggregateResult> results = new ArrayList<>();
  final List<String> aborts = new ArrayList<>();
  final List<InvalidFederatedMessageException> clientRejections = new ArrayList<>();
  SecAggServer server;

  /**
   * @param inputs one input vector per client
   * @param sendsBeforeDeath per client index (1-based), how many messages it sends before it goes
   *     silent (absent: never)
   */
  SecAggHarness(long seed, long[][] inputs, int threshold, Map<Integer, Integer> sendsBeforeDeath) {
    network = SimulatedNetwork.builder(seed).build();
    DeterministicRandom keys = DeterministicRandom.fromSeed(seed);
    List<Participant> participants = new ArrayList<>();
    for (int i = 0; i < inputs.length; i++) {
      Ed25519PrivateKey id = Ed25519PrivateKey.generate(keys);
      identities.add(id);
      participants.add(new Participant(new NodeId("client-" + (i + 1)), id.publicKey()));
    }
    roster = new SecAggRoster(participants);
    parameters = new SecAggParameters(threshold, inputs[0].length, Duration.ofSeconds(5));
    network.addNode(
        SERVER,
        ctx -> {
          Transport t = recording(ctx);
          server =
              new SecAggServer(
                  t,
                  ctx.clock(),
                  roster,
                  parameters,
                  new AggregationListener() {
                    @Override
                    public void onAggregate(AggregateResult result) {
                      results.add(result);
                    }

                    @Override
                    public void onAbort(long round, String why) {
                      aborts.add(why);
                    }
                  });
          t.register(
              (from, message) -> {
                try {
                  server.handle(from, message);
                } catch (InvalidFederatedMessageException e) {
                  // counted by the server
                }
              });
        });
    for (int i = 0; i < inputs.length; i++) {
      int index = i + 1;
      long[] input = inputs[i];
      Ed25519PrivateKey id = identities.get(i);
      Integer budget = sendsBeforeDeath.get(index);
      network.addNode(
          participants.get(i).node(),
          ctx -> {
            Transport t = recording(ctx);
            if (budget != null) {
              t = dyingAfter(t, budget);
            }
            SecAggClient client =
                new SecAggClient(t, SERVER, id, roster, parameters, ctx.random(), (r, c) -> input);
            clients.put(ctx.nodeId(), client);
            t.register(
                (from, message) -> {
                  try {
                    client.handle(from, message);
                  } catch (InvalidFederatedMessageException e) {
                    clientRejections.add(e);
                  }
                });
          });
    }
  }

  private Transport recording(NodeContext ctx) {
    Transport inner = ctx.transport();
    List<Bytes> log = received.computeIfAbsent(ctx.nodeId(), k -> new ArrayList<>());
    return new Transport() {
      @Override
      public NodeId localNode() {
        return inner.localNode();
      }

      @Override
      public void send(NodeId to, Bytes message) {
        inner.send(to, message);
      }

      @Override
      public void register(MessageHandler handler) {
        inner.register(
            (from, message) -> {
              log.add(message);
              handler.onMessage(from, message);
            });
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

  AggregateResult runRound(long round) {
    int done = results.size();
    int aborted = aborts.size();
    network.schedule(Duration.ZERO, () -> server.startRound(round, Bytes.utf8("round " + round)));
    network.runUntil(() -> results.size() > done || aborts.size() > aborted, Duration.ofMinutes(5));
    if (results.size() == done) {
      throw new AssertionError("round did not complete: " + aborts);
    }
    return results.get(results.size() - 1);
  }
}
