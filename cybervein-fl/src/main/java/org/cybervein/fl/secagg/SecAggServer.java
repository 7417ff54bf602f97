package org.cybervein.fl.secagg;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.Transport;
import org.cybervein.api.time.Clock;
import org.cybervein.api.time.Timer;
import org.cybervein.api.wire.v1.SecAggProto.SecAggAdvertiseKeys;
import org.cybervein.api.wire.v1.SecAggProto.SecAggEncryptedShare;
import org.cybervein.api.wire.v1.SecAggProto.SecAggKeyList;
import org.cybervein.api.wire.v1.SecAggProto.SecAggMessage;
import org.cybervein.api.wire.v1.SecAggProto.SecAggRevealedShare;
import org.cybervein.api.wire.v1.SecAggProto.SecAggRoundStart;
import org.cybervein.api.wire.v1.SecAggProto.SecAggShareDelivery;
import org.cybervein.api.wire.v1.SecAggProto.SecAggUnmaskRequest;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.agreement.X25519PrivateKey;
import org.cybervein.crypto.sharing.SecretShare;
import org.cybervein.crypto.sharing.ShamirSecretSharing;
import org.cybervein.crypto.sign.Ed25519Verifier;
import org.cybervein.fl.InvalidFederatedMessageException;
import org.cybervein.fl.InvalidFederatedMessageException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server of secure aggregation, as a pure core over an injected {@link Transport} and {@link
 * Clock}: it relays keys and sealed shares, collects masked inputs, and removes the masks from
 * their sum once enough clients reveal shares. It learns the sum of the surviving inputs and
 * nothing more, provided fewer than the threshold of clients collude with it (Bonawitz et al.,
 * semi-honest setting).
 *
 * <p>Each phase ends when every expected client answered or when {@link
 * SecAggParameters#phaseTimeout()} passes; a phase that ends with fewer than the threshold of
 * answers aborts the round ({@link AggregationListener#onAbort}). A client that drops after sharing
 * its keys is handled by reconstructing its mask key from the survivors' shares and removing its
 * pairwise masks, so its input is simply left out.
 *
 * <p><b>Logging</b> (SLF4J, logger {@code org.cybervein.fl.secagg.SecAggServer}). A round that took
 * longer than one {@link SecAggParameters#phaseTimeout() phase timeout} on the injected clock,
 * which means it waited for clients that did not answer, is logged at INFO when it ends, with how
 * many clients were included; so is a round that aborts. Every round's duration is logged at DEBUG.
 * Inputs, shares and keys are never logged, only counts and node ids.
 */
public final class SecAggServer {
  private static final Logger LOG = LoggerFactory.getLogger(SecAggServer.class);

  private final Transport transport;
  private final Clock clock;
  private final SecAggRoster roster;
  private final SecAggParameters parameters;
  private final AggregationListener listener;
  private final List<Ed25519Verifier> verifiers = new ArrayList<>();
  private ServerRound current;
  private long lastRound = -1;
  private long rejected;

  /**
   * Creates a server; {@link #handle} must then receive the clients' messages.
   *
   * @param transport the server's transport; the caller routes received messages to {@link #handle}
   * @param clock drives the phase timeouts
   * @param roster the clients and their keys
   * @param parameters the threshold, vector length and timeout, the same as the clients'
   * @param listener told of each completed round
   */
  public SecAggServer(
      Transport transport,
      Clock clock,
      SecAggRoster roster,
      SecAggParameters parameters,
      AggregationListener listener) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.roster = Objects.requireNonNull(roster, "roster");
    this.parameters = Objects.requireNonNull(parameters, "parameters");
    this.listener = Objects.requireNonNull(listener, "listener");
    if (parameters.threshold() > roster.size()) {
      throw new IllegalArgumentException("threshold exceeds the number of clients");
    }
    for (Participant p : roster.participants()) {
      try {
        verifiers.add(Ed25519Verifier.of(p.identity()));
      } catch (InvalidCryptoInputException e) {
        throw new IllegalArgumentException("roster identity of " + p.node() + " is invalid", e);
      }
    }
  }

  /**
   * Starts a round: every client of the roster is asked for its input computed from {@code
   * context}. A round still running is abandoned.
   *
   * @param round the round number, greater than any started before
   * @param context what the clients compute their input from, e.g. the global model
   * @throws IllegalArgumentException if {@code round} is not after the last round started
   */
  public void startRound(long round, Bytes context) {
    Objects.requireNonNull(context, "context");
    if (round <= lastRound) {
      throw new IllegalArgumentException("round " + round + " is not after " + lastRound);
    }
    if (current != null) {
      current.cancelTimer();
    }
    lastRound = round;
    current = new ServerRound(round);
    SecAggMessage start =
        SecAggMessage.newBuilder()
            .setRound(round)
            .setRoundStart(
                SecAggRoundStart.newBuilder()
                    .setContext(ByteString.copyFrom(context.toByteArray()))
                    .setVectorLength(parameters.vectorLength()))
            .build();
    Bytes encoded = SecAggCodec.encode(start);
    for (Participant p : roster.participants()) {
      transport.send(p.node(), encoded);
    }
    current.armTimer();
  }

  /**
   * Whether a round is running.
   *
   * @return true while a round runs
   */
  public boolean roundInProgress() {
    return current != null;
  }

  /**
   * How many messages were rejected so far.
   *
   * @return the count of rejected messages
   */
  public long rejectedMessages() {
    return rejected;
  }

  /**
   * Handles one message from a client.
   *
   * @param from the sender
   * @param bytes the message
   * @throws InvalidFederatedMessageException if it is not a valid next step of the current round
   *     from that client; nothing changed
   */
  public void handle(NodeId from, Bytes bytes) throws InvalidFederatedMessageException {
    try {
      handleChecked(from, bytes);
    } catch (InvalidFederatedMessageException e) {
      rejected++;
      throw e;
    }
  }

  private void handleChecked(NodeId from, Bytes bytes) throws InvalidFederatedMessageException {
    int index =
        roster
            .indexOf(from)
            .orElseThrow(
                () ->
                    new InvalidFederatedMessageException(
                        Reason.UNEXPECTED, from + " is not a client"));
    SecAggMessage message = SecAggCodec.decode(bytes, parameters.vectorLength());
    if (current == null || message.getRound() != current.round) {
      throw new InvalidFederatedMessageException(
          Reason.UNEXPECTED, "message for round " + message.getRound() + ", not the current one");
    }
    switch (message.getKindCase()) {
      case ADVERTISE_KEYS -> current.onAdvertise(index, message);
      case SHARE_KEYS -> current.onShareKeys(index, message);
      case MASKED_INPUT -> current.onMaskedInput(index, message);
      case UNMASK_RESPONSE -> current.onUnmaskResponse(index, message);
      default ->
          throw new InvalidFederatedMessageException(
              Reason.UNEXPECTED, "the server does not accept " + message.getKindCase());
    }
  }

  private void send(int index, SecAggMessage message) {
    transport.send(roster.get(index).node(), SecAggCodec.encode(message));
  }

  private final class ServerRound {
    private final long round;
    private final Instant started = clock.now();
    private Phase phase = Phase.ADVERTISE;
    private Timer timer;
    private final SortedMap<Integer, SecAggAdvertiseKeys> advertised = new TreeMap<>();
    private final SortedMap<Integer, AdvertisedKeys> keys = new TreeMap<>();
    private final SortedMap<Integer, List<SecAggEncryptedShare>> shares = new TreeMap<>();
    private final SortedMap<Integer, long[]> masked = new TreeMap<>();
    private final SortedMap<Integer, List<SecAggRevealedShare>> revealed = new TreeMap<>();

    private ServerRound(long round) {
      this.round = round;
    }

    private void armTimer() {
      Phase armedFor = phase;
      timer =
          clock.schedule(
              parameters.phaseTimeout(),
              () -> {
                if (current == this && phase == armedFor) {
                  endPhase();
                }
              });
    }

    private void cancelTimer() {
      if (timer != null) {
        timer.cancel();
      }
    }

    private void expect(Phase expected, int index, SortedSet<Integer> allowed, Map<Integer, ?> seen)
        throws InvalidFederatedMessageException {
      if (phase != expected) {
        throw new InvalidFederatedMessageException(
            Reason.UNEXPECTED, "client " + index + " answered " + expected + " during " + phase);
      }
      if (!allowed.contains(index)) {
        throw new InvalidFederatedMessageException(
            Reason.UNEXPECTED, "client " + index + " is not part of this phase");
      }
      if (seen.containsKey(index)) {
        throw new InvalidFederatedMessageException(
            Reason.UNEXPECTED, "client " + index + " already answered this phase");
      }
    }

    private SortedSet<Integer> everyone() {
      SortedSet<Integer> all = new TreeSet<>();
      for (int i = 1; i <= roster.size(); i++) {
        all.add(i);
      }
      return all;
    }

    private void onAdvertise(int index, SecAggMessage message)
        throws InvalidFederatedMessageException {
      expect(Phase.ADVERTISE, index, everyone(), advertised);
      SecAggAdvertiseKeys a = message.getAdvertiseKeys();
      if (a.getClientIndex() != index) {
        throw new InvalidFederatedMessageException(
            Reason.AUTHENTICATION_FAILED, "client " + index + " advertised another index");
      }
      AdvertisedKeys k = SecAggClient.verifiedAdvertisement(round, a, roster, verifiers);
      advertised.put(index, a);
      keys.put(index, k);
      if (advertised.size() == roster.size()) {
        endPhase();
      }
    }

    private void onShareKeys(int index, SecAggMessage message)
        throws InvalidFederatedMessageException {
      expect(Phase.SHARE, index, new TreeSet<>(keys.keySet()), shares);
      List<SecAggEncryptedShare> list = message.getShareKeys().getSharesList();
      SortedSet<Integer> recipients = new TreeSet<>();
      for (SecAggEncryptedShare s : list) {
        if (s.getFromIndex() != index
            || s.getToIndex() == index
            || !keys.containsKey(s.getToIndex())
            || !recipients.add(s.getToIndex())) {
          throw new InvalidFederatedMessageException(
              Reason.INVALID_VALUE, "client " + index + " sent a misaddressed share");
        }
      }
      if (recipients.size() != keys.size() - 1) {
        throw new InvalidFederatedMessageException(
            Reason.MALFORMED, "client " + index + " did not share with every client");
      }
      shares.put(index, List.copyOf(list));
      if (shares.size() == keys.size()) {
        endPhase();
      }
    }

    private void onMaskedInput(int index, SecAggMessage message)
        throws InvalidFederatedMessageException {
      expect(Phase.MASKED_INPUT, index, new TreeSet<>(shares.keySet()), masked);
      if (message.getMaskedInput().getValuesCount() != parameters.vectorLength()) {
        throw new InvalidFederatedMessageException(
            Reason.INVALID_VALUE, "masked input of client " + index + " has the wrong length");
      }
      long[] values = new long[parameters.vectorLength()];
      for (int i = 0; i < values.length; i++) {
        values[i] = message.getMaskedInput().getValues(i);
      }
      masked.put(index, values);
      if (masked.size() == shares.size()) {
        endPhase();
      }
    }

    private void onUnmaskResponse(int index, SecAggMessage message)
        throws InvalidFederatedMessageException {
      expect(Phase.UNMASK, index, new TreeSet<>(masked.keySet()), revealed);
      List<SecAggRevealedShare> list = message.getUnmaskResponse().getSharesList();
      SortedSet<Integer> owners = new TreeSet<>();
      for (SecAggRevealedShare r : list) {
        boolean ownerDropped = !masked.containsKey(r.getOwnerIndex());
        if (!shares.containsKey(r.getOwnerIndex())
            || !owners.add(r.getOwnerIndex())
            || r.getMaskKey() != ownerDropped
            || r.getShare().size() != 32) {
          throw new InvalidFederatedMessageException(
              Reason.MALFORMED, "client " + index + " revealed a wrong share");
        }
      }
      if (owners.size() != shares.size()) {
        throw new InvalidFederatedMessageException(
            Reason.MALFORMED, "client " + index + " did not reveal a share for every client");
      }
      revealed.put(index, List.copyOf(list));
      if (revealed.size() == masked.size()) {
        endPhase();
      }
    }

    /** Moves to the next phase with whoever answered, or aborts below the threshold. */
    private void endPhase() {
      cancelTimer();
      int t = parameters.threshold();
      switch (phase) {
        case ADVERTISE -> {
          if (advertised.size() < t) {
            abort(advertised.size() + " clients advertised keys");
            return;
          }
          SecAggMessage list =
              SecAggMessage.newBuilder()
                  .setRound(round)
                  .setKeyList(SecAggKeyList.newBuilder().addAllKeys(advertised.values()))
                  .build();
          phase = Phase.SHARE;
          armTimer();
          for (int i : advertised.keySet()) {
            send(i, list);
          }
        }
        case SHARE -> {
          if (shares.size() < t) {
            abort(shares.size() + " clients shared keys");
            return;
          }
          phase = Phase.MASKED_INPUT;
          armTimer();
          for (int to : shares.keySet()) {
            SecAggShareDelivery.Builder delivery = SecAggShareDelivery.newBuilder();
            for (Map.Entry<Integer, List<SecAggEncryptedShare>> e : shares.entrySet()) {
              for (SecAggEncryptedShare s : e.getValue()) {
                if (s.getToIndex() == to) {
                  delivery.addShares(s);
                }
              }
            }
            send(to, SecAggMessage.newBuilder().setRound(round).setShareDelivery(delivery).build());
          }
        }
        case MASKED_INPUT -> {
          if (masked.size() < t) {
            abort(masked.size() + " clients sent masked input");
            return;
          }
          phase = Phase.UNMASK;
          armTimer();
          SecAggMessage request =
              SecAggMessage.newBuilder()
                  .setRound(round)
                  .setUnmaskRequest(
                      SecAggUnmaskRequest.newBuilder().addAllSurvivors(masked.keySet()))
                  .build();
          for (int i : masked.keySet()) {
            send(i, request);
          }
        }
        case UNMASK -> {
          if (revealed.size() < t) {
            abort(revealed.size() + " clients revealed shares");
            return;
          }
          finish();
        }
      }
    }

    private void abort(String why) {
      current = null;
      LOG.info(
          "secure aggregation round {} aborted after {} ms: {}", round, elapsed().toMillis(), why);
      listener.onAbort(round, why + ", below the threshold of " + parameters.threshold());
    }

    private void finish() {
      long[] sum = new long[parameters.vectorLength()];
      for (long[] y : masked.values()) {
        SecAggClient.add(sum, y, 1);
      }
      List<NodeId> dropped = new ArrayList<>();
      try {
        for (int owner : shares.keySet()) {
          boolean survived = masked.containsKey(owner);
          Bytes secret = reconstruct(owner);
          if (survived) {
            SecAggClient.add(sum, MaskExpander.expand(secret, sum.length), -1);
          } else {
            dropped.add(roster.get(owner).node());
            X25519PrivateKey maskKey = X25519PrivateKey.fromBytes(secret);
            if (!maskKey.publicKey().equals(keys.get(owner).maskKey())) {
              abort("the shares of client " + owner + "'s mask key do not match its key");
              return;
            }
            for (int v : masked.keySet()) {
              long[] mask =
                  SecAggClient.pairwiseMask(maskKey, keys.get(v).maskKey(), round, sum.length);
              // v added +mask when v < owner and -mask otherwise; take it back out
              SecAggClient.add(sum, mask, v < owner ? -1 : 1);
            }
          }
        }
      } catch (InvalidCryptoInputException | InvalidFederatedMessageException e) {
        abort("the revealed shares do not reconstruct: " + e.getMessage());
        return;
      }
      List<NodeId> included = new ArrayList<>();
      for (int i : masked.keySet()) {
        included.add(roster.get(i).node());
      }
      current = null;
      logDuration(included.size(), dropped);
      listener.onAggregate(new AggregateResult(round, sum, included, dropped));
    }

    private Duration elapsed() {
      Duration d = Duration.between(started, clock.now());
      return d.isNegative() ? Duration.ZERO : d;
    }

    private void logDuration(int included, List<NodeId> dropped) {
      Duration took = elapsed();
      if (took.compareTo(parameters.phaseTimeout()) > 0) {
        LOG.info(
            "secure aggregation round {} took {} ms, longer than one phase timeout ({} ms):"
                + " {} of {} clients included{}",
            round,
            took.toMillis(),
            parameters.phaseTimeout().toMillis(),
            included,
            roster.size(),
            dropped.isEmpty() ? "" : ", " + dropped + " dropped after sharing their keys");
      } else {
        LOG.debug(
            "secure aggregation round {} took {} ms: {} of {} clients included",
            round,
            took.toMillis(),
            included,
            roster.size());
      }
    }

    private Bytes reconstruct(int owner) throws InvalidCryptoInputException {
      List<SecretShare> parts = new ArrayList<>();
      for (Map.Entry<Integer, List<SecAggRevealedShare>> e : revealed.entrySet()) {
        for (SecAggRevealedShare r : e.getValue()) {
          if (r.getOwnerIndex() == owner) {
            parts.add(new SecretShare(e.getKey(), Bytes.of(r.getShare().toByteArray())));
          }
        }
      }
      return ShamirSecretSharing.combine(parts, parameters.threshold());
    }
  }

  private enum Phase {
    ADVERTISE,
    SHARE,
    MASKED_INPUT,
    UNMASK
  }
}
