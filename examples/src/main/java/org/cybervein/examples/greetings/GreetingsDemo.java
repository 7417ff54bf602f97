package org.cybervein.examples.greetings;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.NodeId;
import org.cybervein.api.PublicKey;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.sim.LinkConditions;
import org.cybervein.api.sim.NetworkStats;
import org.cybervein.api.sim.NodeContext;
import org.cybervein.api.sim.SimulatedNetwork;
import org.cybervein.api.sim.TraceEvent;
import org.cybervein.api.wire.SignedEnvelope;
import org.cybervein.crypto.envelope.EnvelopeSigner;
import org.cybervein.crypto.sign.Ed25519PrivateKey;

/**
 * Five nodes on the simulated network with 10% message loss greet each other with signed envelopes,
 * verify every message against the sender's registered key and acknowledge what they verified. One
 * outsider without a registered key tries a forgery and a tampered copy; both are rejected.
 *
 * <p>Everything random comes from the seed: the same seed prints the same run, line for line.
 */
public final class GreetingsDemo {
  /** The number of honest nodes. */
  public static final int NODES = 5;

  /** The chance that the network loses a message. */
  public static final double DROP_PROBABILITY = 0.10;

  private GreetingsDemo() {}

  /**
   * The outcome of one run.
   *
   * @param nodes each honest node's report, in node order
   * @param network the network's counters
   * @param traceDigest the digest of the whole event trace, equal for equal seeds
   * @param outsiderMessagesDelivered how many of the outsider's two bad messages the lossy network
   *     delivered; each must have been rejected
   */
  public record Result(
      List<NodeReport> nodes,
      NetworkStats network,
      Hash traceDigest,
      int outsiderMessagesDelivered) {
    /** True if every node verified every peer's greeting and got every acknowledgement. */
    public boolean allGreeted() {
      return GreetingsOverTcp.allGreeted(nodes);
    }
  }

  /** Runs the demo for {@code seed}, printing what happens to {@code out}. */
  public static Result run(long seed, PrintStream out) {
    SimulatedNetwork network =
        SimulatedNetwork.builder(seed)
            .defaultLink(LinkConditions.DEFAULT.withDropProbability(DROP_PROBABILITY))
            .build();
    DeterministicRandom keys = DeterministicRandom.fromSeed(seed);
    Roster roster = Roster.generate(NODES, keys);
    SortedMap<NodeId, Ed25519PrivateKey> privateKeys = roster.privateKeys();
    SortedMap<NodeId, PublicKey> directory = roster.directory();

    out.printf("%d nodes, %.0f%% message loss, seed %d%n", NODES, DROP_PROBABILITY * 100, seed);
    directory.forEach((id, key) -> out.println("   " + id + " has key " + key));

    List<GreetingNode> nodes = new ArrayList<>();
    for (NodeId id : directory.keySet()) {
      network.addNode(
          id,
          context -> {
            GreetingNode node =
                new GreetingNode(
                    context,
                    privateKeys.get(id),
                    directory,
                    line -> out.printf("[%8.3f ms] %s%n", millis(network), line));
            nodes.add(node);
            node.start();
          });
    }

    // An outsider: it signs with its own key but names node-0's key as the signer, and it
    // replays a greeting of node-0 with the text changed. Both must fail verification.
    NodeId mallory = NodeId.of("mallory");
    Ed25519PrivateKey malloryKey = Ed25519PrivateKey.generate(keys);
    NodeContext malloryContext = network.addNode(mallory, context -> {});
    int[] outsiderDelivered = {0};
    network.addTraceListener(
        event -> {
          if (event.kind() == TraceEvent.Kind.DELIVER
              && event.from().equals(Optional.of(mallory))) {
            outsiderDelivered[0]++;
          }
        });
    PublicKey node0 = directory.get(NodeId.of("node-0"));
    SignedEnvelope byMallory =
        EnvelopeSigner.of(malloryKey)
            .sign(GreetingNode.GREETING, Bytes.utf8("hello node-1, this is node-0, trust me"));
    SignedEnvelope forged =
        new SignedEnvelope(byMallory.payloadType(), byMallory.body(), node0, byMallory.signature());
    SignedEnvelope genuine =
        EnvelopeSigner.of(privateKeys.get(NodeId.of("node-0")))
            .sign(GreetingNode.GREETING, Bytes.utf8("hello node-2, this is node-0"));
    SignedEnvelope tampered =
        new SignedEnvelope(
            genuine.payloadType(),
            Bytes.utf8("hello node-2, this is node-0: pay mallory 10 CVT"),
            genuine.signer(),
            genuine.signature());
    network.schedule(
        Duration.ofMillis(20),
        () -> {
          malloryContext.transport().send(NodeId.of("node-1"), forged.encode());
          malloryContext.transport().send(NodeId.of("node-2"), tampered.encode());
        });

    network.runUntilQuiescent(Duration.ofSeconds(30));

    List<NodeReport> reports = nodes.stream().map(GreetingNode::report).toList();
    out.println("   node     sent  verified  acked  rejected");
    for (NodeReport r : reports) {
      out.printf(
          "   %-8s %4d  %8d  %5d  %8d%n",
          r.node(), r.greetingsSent(), r.greetingsVerified(), r.acknowledgements(), r.rejected());
    }
    NetworkStats stats = network.stats();
    out.printf(
        "   network: %d sent, %d delivered, %d lost; virtual time %.3f ms%n",
        stats.messagesSent(), stats.messagesDelivered(), stats.messagesDropped(), millis(network));
    Result result = new Result(reports, stats, network.traceDigest(), outsiderDelivered[0]);
    out.println(
        "   "
            + (result.allGreeted()
                ? "every greeting verified and acknowledged"
                : "NOT every greeting completed")
            + "; trace digest "
            + result.traceDigest().toHex().substring(0, 16));
    return result;
  }

  private static double millis(SimulatedNetwork network) {
    Duration elapsed = Duration.between(java.time.Instant.EPOCH, network.now());
    return elapsed.toNanos() / 1e6;
  }
}
