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
 * come from another node, belong to another PSI or arrive out of turn are dropped and counted.
 */
public final class RsaAlignmentParty {
  private static final CanonicalParser<FlProto.FlMessage> PARSER =
      CanonicalParser.of(
          FlProto.FlMessage.getDefaultInstance(), AlignmentWire.MAX_FRAGMENT_MESSAGE_BYTES, 8);

  private final Transport transport;
  private final NodeId peer;
  private final Optional<RsaPsiResponder> signer;
  private final Optional<RsaPsiInitiator> requester;
  private final Fragments fragments;
  private Executor executor = Runnable::run; // set by prepare: where the signer signs
  private int nextRound;
  private Optional<AlignedSamples> result = Optional.empty();
  private long dropped;

  private RsaAlignmentParty(
      Transport transport,
      NodeId peer,
      int ownSetSize,
      int maxPeerSetSize,
      Optional<RsaPsiResponder> signer,
      Optional<RsaPsiInitiator> requester) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.peer = Objects.requireNonNull(peer, "peer");
    // The longest PSI message either side receives: one value of a 3072-bit modulus (the largest
    // key) per id of both sets, with protobuf framing.
    this.fragments = new Fragments(64L + 400L * ((long) ownSetSize + maxPeerSetSize));
    this.signer = signer;
    this.requester = requester;
    this.nextRound = signer.isPresent() ? 2 : 1;
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
    send(1, psi.publicKey());
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
          || message.getAlignment().getKind() != FlProto.PsiKind.PSI_RSA
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
      if (requester.isPresent()) {
        if (nextRound == 1) {
          Bytes request = requester.get().request(payload);
          nextRound = 3;
          send(2, request);
        } else {
          Bytes psiResult = requester.get().finish(payload);
          finish(requester.get().intersection());
          send(4, psiResult);
        }
      } else if (nextRound == 2) {
        Bytes response = signer.get().respond(payload, executor);
        nextRound = 4;
        send(3, response);
      } else {
        signer.get().finish(payload);
        finish(signer.get().intersection());
      }
    } catch (InvalidEncodingException | InvalidCryptoInputException e) {
      dropped++;
    }
  }

  private void finish(Optional<List<Bytes>> intersection) {
    result = Optional.of(AlignmentWire.samples(intersection.orElseThrow()));
  }

  private void send(int round, Bytes payload) {
    AlignmentWire.send(transport, peer, FlProto.PsiKind.PSI_RSA, round, payload);
  }
}
