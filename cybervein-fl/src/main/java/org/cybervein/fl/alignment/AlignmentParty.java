package org.cybervein.fl.alignment;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.Transport;
import org.cybervein.api.random.RandomSource;
import org.cybervein.api.time.Clock;
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
 * than P-256) and named by every message's {@code PsiKind}. A message of another kind (the peer
 * runs another group, or RSA) ends this side with {@link AlignmentFailure.Reason#PSI_MISMATCH}
 * naming both, and this side sends the peer an {@code FlAbort} that ends it with {@link
 * AlignmentFailure.Reason#PEER_ABORTED}; {@link #expectPeerWithin} adds a timeout for a silent
 * peer.
 *
 * <p>The per-id exponentiations run on an injected executor. A PSI message longer than 1 MiB
 * travels in fragments of that size, which the receiver reassembles within a bound derived from the
 * set sizes. A's answer to B's ids is computed in chunks and each fragment is sent as soon as it is
 * ready, the fragments of A's own blinded ids (ready since creation) first, so that B raises those
 * while A still computes. Messages that fail to decode, come from another node or arrive out of
 * turn are dropped and counted.
 */
public final class AlignmentParty {
  /** The largest set a party accepts from its peer unless told otherwise. */
  public static final int DEFAULT_MAX_PEER_SET_SIZE = 1 << 20;

  private final Optional<EcdhPsiInitiator> initiator;
  private final Optional<EcdhPsiResponder> responder;
  private final AlignmentSession session;
  private final AlignmentSession.Rounds rounds = new EcdhRounds();

  private AlignmentParty(
      Transport transport,
      NodeId peer,
      EcdhPsiGroup group,
      int ownSetSize,
      int maxPeerSetSize,
      Optional<EcdhPsiInitiator> initiator,
      Optional<EcdhPsiResponder> responder) {
    this.initiator = initiator;
    this.responder = responder;
    // The longest PSI message either side receives: a response of one element per id of both sets
    // (an element is at most 33 bytes, plus protobuf framing).
    this.session =
        new AlignmentSession(
            transport,
            peer,
            kindOf(group),
            64L + 40L * ((long) ownSetSize + maxPeerSetSize),
            initiator.isPresent() ? 2 : 1);
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
   *     delivers B's message waits for them and sends A's answer fragment by fragment
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
    session.send(1, psi.request());
  }

  /**
   * Makes this side give up on a silent peer: if nothing comes from the peer for {@code timeout} on
   * {@code clock} while this side waits for it (counted from now, from each of the peer's messages
   * and from each of this side's sends; a side's own computing does not count), this side ends with
   * {@link AlignmentFailure.Reason#PEER_SILENT} and sends the peer an abort. Without it a side
   * waits for as long as the peer stays silent. The timer's action runs on the clock's thread.
   *
   * @param clock the host's clock
   * @param timeout how long the peer may stay silent, positive; allow for the peer's computing (a
   *     million ids take minutes on two cores)
   * @throws IllegalStateException if a timeout was set already
   */
  public void expectPeerWithin(Clock clock, Duration timeout) {
    session.expectPeerWithin(clock, timeout);
  }

  /** Tests only: fragments of {@code bytes} instead of 1 MiB, so that small sets are cut too. */
  AlignmentParty useFragmentBytes(int bytes) {
    session.useFragmentBytes(bytes);
    return this;
  }

  /**
   * The common users once the protocol has finished on this side.
   *
   * @return the common ids, or empty while the protocol runs or after a failure
   */
  public Optional<AlignedSamples> result() {
    return session.result();
  }

  /**
   * Why this side ended without a result: a PSI mismatch with the peer (the message names both
   * groups), the peer's abort, or a silent peer.
   *
   * @return the failure, or empty while the protocol runs or after it succeeded
   */
  public Optional<AlignmentFailure> failure() {
    return session.failure();
  }

  /**
   * The number of messages dropped as invalid, of another PSI or out of turn.
   *
   * @return the count of dropped messages
   */
  public long droppedMessages() {
    return session.droppedMessages();
  }

  /**
   * Handles one message from the transport.
   *
   * @param from the sender; messages from anyone but the peer are dropped
   * @param bytes the message
   */
  public void onMessage(NodeId from, Bytes bytes) {
    session.onMessage(from, bytes, rounds);
  }

  /** The three ECDH-PSI rounds over the session. */
  private final class EcdhRounds implements AlignmentSession.Rounds {
    @Override
    public void fragment(int round, long offset, Bytes bytes) {
      // The responder sends its own blinded ids first: B raises them while A still computes.
      initiator.ifPresent(psi -> psi.receivePiece(offset, bytes));
    }

    @Override
    public void complete(int round, Bytes payload) throws InvalidCryptoInputException {
      // State moves before sending: a transport may deliver the peer's answer before send returns.
      if (initiator.isPresent()) {
        Bytes psiResult = initiator.get().finish(payload);
        session.finish(initiator.get().intersection().orElseThrow());
        session.send(3, psiResult);
      } else if (round == 1) {
        // Computed in chunks on the executor; each fragment goes out as soon as it is ready, A's
        // own blinded ids (ready since creation) first.
        responder
            .get()
            .respond(
                payload,
                session.fragmentBytes(),
                (index, count, piece) -> {
                  session.expect(3);
                  session.sendFragment(2, index, count, piece);
                });
      } else {
        responder.get().finish(payload);
        session.finish(responder.get().intersection().orElseThrow());
      }
    }
  }
}
