package org.cybervein.fl.alignment;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.Transport;
import org.cybervein.api.random.RandomSource;
import org.cybervein.api.time.Clock;
import org.cybervein.api.wire.v1.FlProto;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.psi.RsaPsiInitiator;
import org.cybervein.crypto.psi.RsaPsiKeySize;
import org.cybervein.crypto.psi.RsaPsiResponder;

/**
 * One side of Part I over RSA blind-signature PSI ({@code org.cybervein.crypto.psi.RsaPsi*}), the
 * alternative to {@link AlignmentParty}'s ECDH, as a pure core over the injected transport. The
 * {@link #signer signer} holds the RSA key; the {@link #requester requester} blinds its ids. Four
 * {@code FlAlignment} messages of kind {@code PSI_RSA}: the signer's public key, the requester's
 * blinded ids, the signer's signatures and tags, the requester's result. Both end with the same
 * {@link AlignedSamples}.
 *
 * <p><b>The signer's costly step is explicit.</b> Signing its own ids takes one RSA-CRT
 * exponentiation per id (tens of seconds for tens of thousands of ids with a 2048-bit key): call
 * {@link #prepare(Executor, RsaPsiResponder.SigningProgress)} to sign on an executor with progress
 * before {@link #start()}; otherwise the signer signs when the blinded ids arrive, on the thread
 * that delivers them.
 *
 * <p>A PSI message longer than 1 MiB travels in fragments of that size (a transport frame is
 * bounded), reassembled within a bound derived from the set sizes. Messages that fail to decode,
 * come from another node or arrive out of turn are dropped and counted; a message of another PSI
 * (ECDH) ends both sides with an {@link AlignmentFailure}, as for {@link AlignmentParty}, and
 * {@link #expectPeerWithin} adds a timeout for a silent peer.
 */
public final class RsaAlignmentParty {
  private final Optional<RsaPsiResponder> signer;
  private final Optional<RsaPsiInitiator> requester;
  private final AlignmentSession session;
  private final AlignmentSession.Rounds rounds = this::complete;
  private Executor executor = Runnable::run; // set by prepare: where the signer signs

  private RsaAlignmentParty(
      Transport transport,
      NodeId peer,
      int ownSetSize,
      int maxPeerSetSize,
      Optional<RsaPsiResponder> signer,
      Optional<RsaPsiInitiator> requester) {
    // The longest PSI message either side receives: one value of a 3072-bit modulus (the largest
    // key) per id of both sets, with protobuf framing.
    this.session =
        new AlignmentSession(
            transport,
            peer,
            FlProto.PsiKind.PSI_RSA,
            64L + 400L * ((long) ownSetSize + maxPeerSetSize),
            signer.isPresent() ? 2 : 1);
    this.signer = signer;
    this.requester = requester;
  }

  /**
   * The signer's side, with a fresh RSA key; {@link #prepare} then {@link #start()}.
   *
   * @param transport the signer's transport; the caller registers {@link #onMessage} on it
   * @param peer the requester
   * @param ids the signer's sample ids
   * @param size the RSA modulus size
   * @param random for the RSA key; must be cryptographically strong
   * @param maxPeerSetSize the most ids the requester may have
   * @return the signer, not started
   */
  public static RsaAlignmentParty signer(
      Transport transport,
      NodeId peer,
      List<String> ids,
      RsaPsiKeySize size,
      RandomSource random,
      int maxPeerSetSize) {
    return new RsaAlignmentParty(
        transport,
        peer,
        ids.size(),
        maxPeerSetSize,
        Optional.of(
            RsaPsiResponder.create(AlignmentWire.encode(ids), size, random, maxPeerSetSize)),
        Optional.empty());
  }

  /**
   * INSECURE: a signer with a small RSA key (at least 512 bits, even), so that tests run fast; the
   * requester must be {@link #requesterAcceptingInsecureTestKeys}.
   *
   * @param transport the signer's transport
   * @param peer the requester
   * @param ids the signer's sample ids
   * @param modulusBits the RSA modulus size in bits
   * @param random for the RSA key
   * @param maxPeerSetSize the most ids the requester may have
   * @return the insecure signer, not started
   */
  public static RsaAlignmentParty signerInsecureForTesting(
      Transport transport,
      NodeId peer,
      List<String> ids,
      int modulusBits,
      RandomSource random,
      int maxPeerSetSize) {
    return new RsaAlignmentParty(
        transport,
        peer,
        ids.size(),
        maxPeerSetSize,
        Optional.of(
            RsaPsiResponder.createInsecureForTesting(
                AlignmentWire.encode(ids), modulusBits, random, maxPeerSetSize)),
        Optional.empty());
  }

  /**
   * The requester's side; it acts when the signer's public key arrives.
   *
   * @param transport the requester's transport; the caller registers {@link #onMessage} on it
   * @param peer the signer
   * @param ids the requester's sample ids
   * @param random for the blinding factors; must be cryptographically strong
   * @param maxPeerSetSize the most ids the signer may have
   * @return the requester, waiting for the public key
   */
  public static RsaAlignmentParty requester(
      Transport transport, NodeId peer, List<String> ids, RandomSource random, int maxPeerSetSize) {
    return new RsaAlignmentParty(
        transport,
        peer,
        ids.size(),
        maxPeerSetSize,
        Optional.empty(),
        Optional.of(RsaPsiInitiator.create(AlignmentWire.encode(ids), random, maxPeerSetSize)));
  }

  /**
   * INSECURE: a requester that accepts a signer's small test key.
   *
   * @param transport the requester's transport
   * @param peer the signer
   * @param ids the requester's sample ids
   * @param random for the blinding factors
   * @param maxPeerSetSize the most ids the signer may have
   * @return the requester, waiting for the public key
   */
  public static RsaAlignmentParty requesterAcceptingInsecureTestKeys(
      Transport transport, NodeId peer, List<String> ids, RandomSource random, int maxPeerSetSize) {
    return new RsaAlignmentParty(
        transport,
        peer,
        ids.size(),
        maxPeerSetSize,
        Optional.empty(),
        Optional.of(
            RsaPsiInitiator.createAcceptingInsecureTestKeys(
                AlignmentWire.encode(ids), random, maxPeerSetSize)));
  }

  /**
   * The signer signs its own ids on {@code executor}, reporting progress on the calling thread: the
   * explicit costly step, best done before {@link #start()}. The requester's blinded ids, when they
   * arrive, are signed on the same executor.
   *
   * @param executor where the signing runs (a pool uses all its threads); must stay open until the
   *     requester's blinded ids have been answered
   * @param progress told {@code (signed, total)} after each chunk of ids
   * @throws IllegalStateException if this is the requester
   */
  public void prepare(Executor executor, RsaPsiResponder.SigningProgress progress) {
    this.executor = Objects.requireNonNull(executor, "executor");
    signer
        .orElseThrow(() -> new IllegalStateException("only the signer signs its ids"))
        .signOwnIds(executor, progress);
  }

  /**
   * Sends the signer's public key: round 1. Only the signer starts.
   *
   * @throws IllegalStateException if this is the requester
   */
  public void start() {
    RsaPsiResponder psi =
        signer.orElseThrow(() -> new IllegalStateException("only the signer starts"));
    session.send(1, psi.publicKey());
  }

  /**
   * Makes this side give up on a silent peer, as {@link AlignmentParty#expectPeerWithin} does.
   *
   * @param clock the host's clock
   * @param timeout how long the peer may stay silent while this side waits, positive; allow for the
   *     signer's signing
   * @throws IllegalStateException if a timeout was set already
   */
  public void expectPeerWithin(Clock clock, Duration timeout) {
    session.expectPeerWithin(clock, timeout);
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
   * Why this side ended without a result: the peer runs another PSI (the message names both), the
   * peer's abort, or a silent peer.
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

  /** The four RSA-PSI rounds over the session. */
  private void complete(int round, Bytes payload) throws InvalidCryptoInputException {
    // State moves before sending: a transport may deliver the peer's answer before send returns.
    if (requester.isPresent()) {
      if (round == 1) {
        Bytes request = requester.get().request(payload);
        session.expect(3);
        session.send(2, request);
      } else {
        Bytes psiResult = requester.get().finish(payload);
        session.finish(requester.get().intersection().orElseThrow());
        session.send(4, psiResult);
      }
    } else if (round == 2) {
      Bytes response = signer.get().respond(payload, executor);
      session.expect(4);
      session.send(3, response);
    } else {
      signer.get().finish(payload);
      session.finish(signer.get().intersection().orElseThrow());
    }
  }
}
