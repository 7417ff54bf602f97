package org.cybervein.fl.alignment;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.Transport;
import org.cybervein.api.time.Clock;
import org.cybervein.api.time.Timer;
import org.cybervein.api.wire.CanonicalParser;
import org.cybervein.api.wire.v1.FlProto;
import org.cybervein.crypto.InvalidCryptoInputException;

/**
 * What both alignment parties ({@link AlignmentParty}, {@link RsaAlignmentParty}) do around their
 * PSI: accept messages from the peer alone, of one {@code PsiKind}, in turn; reassemble a round's
 * fragments; count what they drop; end with a result or a failure; abort on a PSI mismatch and,
 * when the host asks, on a silent peer. The party supplies the PSI itself as {@link Rounds}.
 *
 * <p>Message handling and the silence check are synchronized on the session, so a clock's thread
 * may fire the timeout while the transport delivers; the abort a timeout causes is sent outside the
 * lock (a transport may deliver within {@code send}).
 */
final class AlignmentSession {
  /** The PSI a party runs, round by round. */
  interface Rounds {
    /**
     * The whole PSI message of {@code round} has arrived: act on it through the session ({@link
     * #expect}, {@link #send}, {@link #finish}).
     */
    void complete(int round, Bytes payload)
        throws InvalidEncodingException, InvalidCryptoInputException;

    /**
     * A fragment of {@code round} was accepted ahead of the rest, holding the message's bytes from
     * {@code offset} on: a head start for a party that can use part of a message.
     */
    default void fragment(int round, long offset, Bytes bytes) {}
  }

  // An alignment message has five fields (the body, its round, kind, fragment index and count) and
  // carries one fragment; the reassembled PSI message is parsed by the crypto module with its caps.
  private static final CanonicalParser<FlProto.FlMessage> PARSER =
      CanonicalParser.of(
          FlProto.FlMessage.getDefaultInstance(), AlignmentWire.MAX_FRAGMENT_MESSAGE_BYTES, 8);

  private final Transport transport;
  private final NodeId peer;
  private final FlProto.PsiKind kind;
  private final long maxMessageBytes;
  private int fragmentBytes = Fragments.FRAGMENT_BYTES;
  private Fragments fragments;
  private int nextRound;
  private Optional<AlignedSamples> result = Optional.empty();
  private Optional<AlignmentFailure> failure = Optional.empty();
  private long dropped;
  // The silence watch, once the host set one.
  private Clock clock;
  private Duration timeout;
  private Instant lastActivity;
  private Timer timer;

  /**
   * @param maxMessageBytes the longest PSI message this side accepts, which bounds reassembly
   * @param firstRound the round this side waits for first
   */
  AlignmentSession(
      Transport transport,
      NodeId peer,
      FlProto.PsiKind kind,
      long maxMessageBytes,
      int firstRound) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.peer = Objects.requireNonNull(peer, "peer");
    this.kind = kind;
    this.maxMessageBytes = maxMessageBytes;
    this.fragments = new Fragments(maxMessageBytes);
    this.nextRound = firstRound;
  }

  /** Fragments of another size than 1 MiB, both ways: lets tests cut small messages. */
  synchronized void useFragmentBytes(int bytes) {
    fragmentBytes = bytes;
    fragments = new Fragments(maxMessageBytes, bytes);
  }

  /** The payload bytes per fragment. */
  synchronized int fragmentBytes() {
    return fragmentBytes;
  }

  synchronized Optional<AlignedSamples> result() {
    return result;
  }

  synchronized Optional<AlignmentFailure> failure() {
    return failure;
  }

  synchronized long droppedMessages() {
    return dropped;
  }

  /** The round this side waits for next; set before sending, as a link may answer within send. */
  synchronized void expect(int round) {
    nextRound = round;
  }

  /** Ends this side with the common ids. */
  synchronized void finish(List<Bytes> intersection) {
    result = Optional.of(AlignmentWire.samples(intersection));
    stopWatch();
  }

  /** Sends one PSI message as round {@code round}, in fragments when it is long. */
  void send(int round, Bytes payload) {
    noteActivity();
    AlignmentWire.send(transport, peer, kind, round, payload, fragmentBytes());
  }

  /** Sends fragment {@code index} of {@code count} of round {@code round}'s PSI message. */
  void sendFragment(int round, int index, int count, Bytes piece) {
    noteActivity();
    transport.send(peer, AlignmentWire.fragment(kind, round, index, count, piece));
  }

  /**
   * Arms the silence watch: if nothing comes from the peer for {@code timeout} while this side
   * waits for it (counted from now, from each message of the peer and from each own send), this
   * side fails with {@link AlignmentFailure.Reason#PEER_SILENT} and sends the peer an abort.
   */
  synchronized void expectPeerWithin(Clock clock, Duration timeout) {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    if (this.clock != null) {
      throw new IllegalStateException("the peer timeout is already set");
    }
    this.clock = clock;
    this.timeout = timeout;
    this.lastActivity = clock.now();
    if (!ended()) {
      timer = clock.schedule(timeout, this::checkSilence);
    }
  }

  private synchronized void noteActivity() {
    if (clock != null) {
      lastActivity = clock.now();
    }
  }

  private boolean ended() {
    return result.isPresent() || failure.isPresent();
  }

  private void stopWatch() {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }

  private void checkSilence() {
    Bytes abort;
    synchronized (this) {
      if (ended()) {
        return;
      }
      Duration silent = Duration.between(lastActivity, clock.now());
      if (silent.compareTo(timeout) < 0) {
        timer = clock.schedule(timeout.minus(silent), this::checkSilence);
        return;
      }
      String text =
          "no message from the peer "
              + peer
              + " for "
              + silent.toMillis()
              + " ms (timeout "
              + timeout.toMillis()
              + " ms) while waiting for round "
              + nextRound
              + " of "
              + describe(kind);
      fail(AlignmentFailure.Reason.PEER_SILENT, text);
      abort = AlignmentWire.abort(text);
    }
    transport.send(peer, abort);
  }

  private void fail(AlignmentFailure.Reason reason, String message) {
    failure = Optional.of(new AlignmentFailure(reason, message));
    stopWatch();
  }

  /** A PSI kind as a person reads it. */
  static String describe(FlProto.PsiKind kind) {
    return switch (kind) {
      case PSI_ECDH_P256 -> "ECDH-PSI over P256";
      case PSI_ECDH_CURVE25519 -> "ECDH-PSI over CURVE25519";
      case PSI_RSA -> "RSA blind-signature PSI";
      case UNRECOGNIZED -> "an unknown PSI";
    };
  }

  /**
   * Handles one message from the transport: drops (and counts) what is not the peer's next
   * fragment, and hands each complete round to {@code rounds}.
   */
  void onMessage(NodeId from, Bytes bytes, Rounds rounds) {
    Bytes abort = null;
    synchronized (this) {
      try {
        if (!from.equals(peer)
            || bytes.size() > AlignmentWire.MAX_FRAGMENT_MESSAGE_BYTES
            || ended()) {
          dropped++;
          return;
        }
        noteActivity(); // any message of the peer's is a sign of life, even one dropped below
        FlProto.FlMessage message = PARSER.parse(bytes);
        if (message.hasAbort()) {
          fail(
              AlignmentFailure.Reason.PEER_ABORTED,
              "the peer " + peer + " aborted the alignment: " + truncated(message.getAbort()));
          return;
        }
        if (!message.hasAlignment()) {
          dropped++;
          return;
        }
        FlProto.FlAlignment alignment = message.getAlignment();
        if (alignment.getKind() != kind) {
          dropped++;
          String text =
              "PSI mismatch: this party runs "
                  + describe(kind)
                  + ", the peer "
                  + peer
                  + " sent "
                  + describe(alignment.getKind());
          fail(AlignmentFailure.Reason.PSI_MISMATCH, text);
          abort = AlignmentWire.abort(text);
        } else if (alignment.getRound() != nextRound) {
          dropped++;
          return;
        } else {
          switch (fragments.offer(alignment)) {
            case REFUSED -> dropped++;
            case INCOMPLETE ->
                rounds.fragment(
                    alignment.getRound(),
                    (long) alignment.getFragment() * fragmentBytes,
                    Bytes.of(alignment.getPayload().toByteArray()));
            case COMPLETE -> rounds.complete(alignment.getRound(), fragments.payload());
          }
          return;
        }
      } catch (InvalidEncodingException | InvalidCryptoInputException e) {
        dropped++;
        return;
      }
    }
    transport.send(peer, abort);
  }

  private static String truncated(FlProto.FlAbort abort) {
    String reason = abort.getReason();
    return reason.length() > AlignmentFailure.MAX_REASON_CHARS
        ? reason.substring(0, AlignmentFailure.MAX_REASON_CHARS) + "..."
        : reason;
  }
}
