package org.cybervein.examples.greetings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.cybervein.api.Bytes;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.NodeId;
import org.cybervein.api.PublicKey;
import org.cybervein.api.net.MessageHandler;
import org.cybervein.api.sim.NodeContext;
import org.cybervein.api.time.Timer;
import org.cybervein.api.wire.SignedEnvelope;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.envelope.EnvelopeSigner;
import org.cybervein.crypto.envelope.EnvelopeVerifier;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.crypto.sign.Ed25519PrivateKey;

/**
 * One node of the greeting demo: it sends a signed greeting to every peer, resends it until the
 * peer's signed acknowledgement arrives, and acknowledges the greetings it receives.
 *
 * <p>A pure core in the SDK's manner: it reads time, sends and sets timers only through its {@link
 * NodeContext}, so the same class would run over a real transport.
 */
final class GreetingNode implements MessageHandler {
  static final String GREETING = "cybervein.demo.Greeting";
  static final String ACK = "cybervein.demo.Ack";
  static final Duration RESEND_AFTER = Duration.ofMillis(50);
  static final int MAX_SENDS = 20;
  private static final DomainTag ACK_TAG = DomainTag.of("cybervein/demo/ack/v1");

  private final NodeContext context;
  private final EnvelopeSigner signer;
  private final SortedMap<NodeId, PublicKey> directory;
  private final Consumer<String> log;
  private final Map<NodeId, Bytes> pendingGreetings = new TreeMap<>();
  private final Map<NodeId, Integer> sends = new TreeMap<>();
  private final List<NodeId> acknowledgedBy = new ArrayList<>();
  private final List<NodeId> greetedBy = new ArrayList<>();
  private int rejected;
  private Optional<Timer> resendTimer = Optional.empty();

  GreetingNode(
      NodeContext context,
      Ed25519PrivateKey key,
      SortedMap<NodeId, PublicKey> directory,
      Consumer<String> log) {
    this.context = context;
    this.signer = EnvelopeSigner.of(key);
    this.directory = directory;
    this.log = log;
  }

  /** Greets every other node in the directory and starts the resend timer. */
  void start() {
    context.transport().register(this);
    for (NodeId peer : directory.keySet()) {
      if (!peer.equals(context.nodeId())) {
        String text = "hello " + peer + ", this is " + context.nodeId();
        pendingGreetings.put(peer, signer.sign(GREETING, Bytes.utf8(text)).encode());
      }
    }
    sendPending();
  }

  @Override
  public void onMessage(NodeId from, Bytes message) {
    try {
      SignedEnvelope envelope = SignedEnvelope.decode(message);
      // Who wrote a message is told by its signature, never by the transport's sender address.
      Optional<NodeId> author = authorOf(envelope.signer());
      if (author.isEmpty()) {
        reject(from, "signer " + envelope.signer() + " is not a registered node");
        return;
      }
      EnvelopeVerifier.open(envelope);
      switch (envelope.payloadType()) {
        case GREETING -> onGreeting(author.get(), message, envelope);
        case ACK -> onAck(author.get(), envelope);
        default -> reject(from, "unexpected payload type " + envelope.payloadType());
      }
    } catch (InvalidCryptoInputException e) {
      reject(from, e.reason() + ", " + e.getMessage());
    } catch (InvalidEncodingException e) {
      reject(from, e.reason() + ", " + e.getMessage());
    }
  }

  private Optional<NodeId> authorOf(PublicKey key) {
    return directory.entrySet().stream()
        .filter(e -> e.getValue().equals(key))
        .map(Map.Entry::getKey)
        .findFirst();
  }

  private void onGreeting(NodeId author, Bytes wire, SignedEnvelope greeting) {
    if (!greetedBy.contains(author)) {
      greetedBy.add(author);
      log.accept(
          context.nodeId() + " verified \"" + text(greeting.body()) + "\" signed by " + author);
    }
    // Acknowledge every copy: the previous acknowledgement may have been lost.
    Bytes ackBody = HashFunction.SHA256.hash(ACK_TAG, wire).toBytes();
    context.transport().send(author, signer.sign(ACK, ackBody).encode());
  }

  private void onAck(NodeId author, SignedEnvelope ack) {
    Bytes greeting = pendingGreetings.get(author);
    if (greeting == null) {
      return; // a duplicate acknowledgement
    }
    if (!ack.body().equals(HashFunction.SHA256.hash(ACK_TAG, greeting).toBytes())) {
      reject(author, "acknowledgement of a greeting this node never sent");
      return;
    }
    pendingGreetings.remove(author);
    acknowledgedBy.add(author);
    log.accept(
        context.nodeId()
            + " got the acknowledgement of "
            + author
            + " after "
            + sends.get(author)
            + " send(s)");
    if (pendingGreetings.isEmpty()) {
      resendTimer.ifPresent(Timer::cancel);
    }
  }

  private void sendPending() {
    for (Map.Entry<NodeId, Bytes> e : pendingGreetings.entrySet()) {
      int count = sends.merge(e.getKey(), 1, Integer::sum);
      if (count <= MAX_SENDS) {
        context.transport().send(e.getKey(), e.getValue());
      }
    }
    if (!pendingGreetings.isEmpty()) {
      resendTimer = Optional.of(context.clock().schedule(RESEND_AFTER, this::sendPending));
    }
  }

  private void reject(NodeId from, String why) {
    rejected++;
    log.accept(context.nodeId() + " REJECTED a message from " + from + ": " + why);
  }

  private static String text(Bytes body) {
    return new String(body.toByteArray(), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** What this node achieved, for the summary. */
  NodeReport report() {
    int totalSends = sends.values().stream().mapToInt(Integer::intValue).sum();
    return new NodeReport(
        context.nodeId(), totalSends, greetedBy.size(), acknowledgedBy.size(), rejected);
  }
}
