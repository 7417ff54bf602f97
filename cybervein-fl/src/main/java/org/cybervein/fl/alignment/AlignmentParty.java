package org.cybervein.fl.alignment;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.cybervein.api.Bytes;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.Transport;
import org.cybervein.api.random.RandomSource;
import org.cybervein.api.wire.CanonicalParser;
import org.cybervein.api.wire.v1.FlProto;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.psi.EcdhPsiGroup;
import org.cybervein.crypto.psi.EcdhPsiInitiator;
import org.cybervein.crypto.psi.EcdhPsiResponder;

/**
 * One side of Part I, private sample alignment, as a pure core over the injected transport: party B
 * {@link #initiator initiates} the ECDH private set intersection of {@code
 * org.cybervein.crypto.psi}, party A {@link #responder responds}; after three PSI messages each
 * holds the {@link AlignedSamples} of their common users and has learnt of the other's other users
 * nothing but their number.
 *
 * <p>The group is chosen at creation ({@link EcdhPsiGroup#CURVE25519} is two to three times faster
 * than P-256) and named by every message's {@code PsiKind}: a message of another kind is dropped.
 * The per-id exponentiations run on an injected executor. A PSI message longer than 1 MiB travels
 * in fragments of that size, which the receiver reassembles within a bound derived from the set
 * sizes. Messages that fail to decode, come from another node or arrive out of turn are dropped and
 * counted.
 */
public final class AlignmentParty {
  /** The largest set a party accepts from its peer unless told otherwise. */
  public static final int DEFAULT_MAX_PEER_SET_SIZE = 1 << 20;

  // An alignment message has five fields (the body, its round, kind, fragment index and count) and
  // carries one fragment; the reassembled PSI message is parsed by the crypto module with its caps.
  private static final CanonicalParser<FlProto.FlMessage> PARSER =
      CanonicalParser.of(
          FlProto.FlMessage.getDefaultInstance(), AlignmentWire.MAX_FRAGMENT_MESSAGE_BYTES, 8);

  private final Transport transport;
  private final NodeId peer;
  private final FlProto.PsiKind kind;
  private final Optional<EcdhPsiInitiator> initiator;
  private final Optional<EcdhPsiResponder> responder;
  private final Fragments fragments;
  private int nextRound;
  private Optional<AlignedSamples> result = Optional.empty();
  private long dropped;

  private AlignmentParty(
      Transport transport,
      NodeId peer,
      EcdhPsiGroup group,
      int ownSetSize,
      int maxPeerSetSize,
      Optional<EcdhPsiInitiator> initiator,
      Optional<EcdhPsiResponder> responder) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.peer = Objects.requireNonNull(peer, "peer");
    this.kind = kindOf(group);
    this.initiator = initiator;
    this.responder = responder;
    // The longest PSI message either side receives: a response of one element per id of both sets
    // (an element is at most 33 bytes, plus protobuf framing).
    this.fragments = new Fragments(64L + 40L * ((long) ownSetSize + maxPeerSetSize));
    this.nextRound = initiator.isPresent() ? 2 : 1;
  }

  private static FlProto.PsiKind kindOf(EcdhPsiGroup group) {
    return switch (group) {
      case P256 -> FlProto.PsiKind.PSI_ECDH_P256;
      case CURVE25519 -> FlProto.PsiKind.PSI_ECDH_CURVE25519;
    };
  }

  /**
   * Party B's side over P-256, computing on the calling thread; call {@link #start()} to send the
   * first message.
   *
   * @param transport B's transport; the caller registers {@link #onMessage} on it
   * @param peer party A
   * @param ids B's sample ids
   * @param random for the secret exponent
   * @param maxPeerSetSize the most ids A may have
   * @return B's party, not started
   */
  public static AlignmentParty initiator(
      Transport transport, NodeId peer, List<String> ids, RandomSource random, int maxPeerSetSize) {
    return initiator(
        transport, peer, ids, random, maxPeerSetSize, EcdhPsiGroup.P256, Runnable::run);
  }

  /**
   * Party B's side; hashes and blinds B's ids now, on {@code executor}. Call {@link #start()} to
   * send the first message.
   *
   * @param transport B's transport; the caller registers {@link #onMessage} on it
   * @param peer party A
   * @param ids B's sample ids
   * @param random for the secret exponent
   * @param maxPeerSetSize the most ids A may have
   * @param group the PSI group; A must use the same
   * @param executor runs the per-id exponentiations (a pool uses all its threads)
   * @return B's party, not started
   */
  public static AlignmentParty initiator(
      Transport transport,
      NodeId peer,
      List<String> ids,
      RandomSource random,
      int maxPeerSetSize,
      EcdhPsiGroup group,
      Executor executor) {
    return new AlignmentParty(
        transport,
        peer,
        group,
        ids.size(),
        maxPeerSetSize,
        Optional.of(
            EcdhPsiInitiator.create(
                AlignmentWire.encode(ids), group, random, maxPeerSetSize, executor)),
        Optional.empty());
  }

  /**
   * Party A's side over P-256, computing on the thread that delivers messages; it acts when B's
   * first message arrives.
   *
   * @param transport A's transport; the caller registers {@link #onMessage} on it
   * @param peer party B
   * @param ids A's sample ids
   * @param random for the secret exponent
   * @param maxPeerSetSize the most ids B may have
   * @return A's party, waiting for B's first message
   */
  public static AlignmentParty responder(
      Transport transport, NodeId peer, List<String> ids, RandomSource random, int maxPeerSetSize) {
    return responder(
        transport, peer, ids, random, maxPeerSetSize, EcdhPsiGroup.P256, Runnable::run);
  }

  /**
   * Party A's side; hashes and blinds A's ids now, on {@code executor}, and acts when B's first
   * message arrives.
   *
   * @param transport A's transport; the caller registers {@link #onMessage} on it
   * @param peer party B
   * @param ids A's sample ids
   * @param random for the secret exponent
   * @param maxPeerSetSize the most ids B may have
   * @param group the PSI group; B must use the same
   * @param executor runs the per-id exponentiations (a pool uses all its threads); the thread that
   *     delivers B's message waits for them
   * @return A's party, waiting for B's first message
   */
  public static AlignmentParty responder(
      Transport transport,
      NodeId peer,
      List<String> ids,
      RandomSource random,
      int maxPeerSetSize,
      EcdhPsiGroup group,
      Executor executor) {
    return new AlignmentParty(
        transport,
        peer,
        group,
        ids.size(),
        maxPeerSetSize,
        Optional.empty(),
        Optional.of(
            EcdhPsiResponder.create(
                AlignmentWire.encode(ids), group, random, maxPeerSetSize, executor)));
  }

  /** Sends B's blinded ids to A: round 1. Only the initiator starts. */
  public void start() {
    EcdhPsiInitiator psi =
        initiator.orElseThrow(() -> new IllegalStateException("only party B starts alignment"));
    send(1, psi.request());
  }

  /**
   * The common users once the protocol has finished on this side.
   *
   * @return the common ids, or empty while the protocol runs
   */
  public Optional<AlignedSamples> result() {
    return result;
  }

  /**
   * The number of messages dropped as invalid or out of turn.
   *
   * @return the count of dropped messages
   */
  public long droppedMessages() {
    return dropped;
  }

  /**
   * Handles one message from the transport.
   *
   * @param from the sender; messages from anyone but the peer are dropped
   * @param bytes the message
   */
  public void onMessage(NodeId from, Bytes bytes) {
    try {
      if (!from.equals(peer)
          || bytes.size() > AlignmentWire.MAX_FRAGMENT_MESSAGE_BYTES
          || result.isPresent()) {
        dropped++;
        return;
      }
      FlProto.FlMessage message = PARSER.parse(bytes);
      if (!message.hasAlignment()
          || message.getAlignment().getKind() != kind
          || message.getAlignment().getRound() != nextRound) {
        dropped++;
        return;
      }
      switch (fragments.offer(message.getAlignment())) {
        case REFUSED -> {
          dropped++;
          return;
        }
        case INCOMPLETE -> {
          return;
        }
        case COMPLETE -> {
          // handled below
        }
      }
      Bytes payload = fragments.payload();
      // State moves before sending: a transport may deliver the peer's answer before send returns.
      if (initiator.isPresent()) {
        Bytes psiResult = initiator.get().finish(payload);
        finish(initiator.get().intersection());
        send(3, psiResult);
      } else if (nextRound == 1) {
        Bytes response = responder.get().respond(payload);
        nextRound = 3;
        send(2, response);
      } else {
        responder.get().finish(payload);
        finish(responder.get().intersection());
      }
    } catch (InvalidEncodingException | InvalidCryptoInputException e) {
      dropped++;
    }
  }

  private void finish(Optional<List<Bytes>> intersection) {
    result = Optional.of(AlignmentWire.samples(intersection.orElseThrow()));
  }

  private void send(int round, Bytes payload) {
    AlignmentWire.send(transport, peer, kind, round, payload);
  }
}
