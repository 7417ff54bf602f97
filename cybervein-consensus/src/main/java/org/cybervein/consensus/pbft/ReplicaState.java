package org.cybervein.consensus.pbft;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.wire.v1.PbftProto;
import org.cybervein.consensus.pbft.auth.MacChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every protocol phase of a {@link Replica} reads: who this replica is (configuration, index,
 * keys, authenticators), where it is (view, whether active, last executed log, stable checkpoint),
 * and the few effects all phases produce the same way (rejections, timers, authored frames,
 * broadcasts). Each phase owns the rest of its state itself.
 */
final class ReplicaState {
  private static final Logger LOG = LoggerFactory.getLogger(Replica.class);

  final ReplicaConfig config;
  final int index;
  final NodeKeys keys;
  final StateMachine machine;
  final ReplicaStore store;
  final ReplicaVerifiers verifiers;
  final List<MacChannel> channels;
  private final EnumMap<Rejection, Long> rejections = new EnumMap<>(Rejection.class);
  private final EnumMap<TimerKind, Long> tokens = new EnumMap<>(TimerKind.class);

  /** The current view v (the one being changed to, during a view change). */
  ViewNumber view = ViewNumber.ZERO;

  /** False while a view change is in progress. */
  boolean active = true;

  /** The last log executed. */
  SequenceNumber lastExecuted = SequenceNumber.ZERO;

  /** The stable checkpoint and its snapshot; h, the low watermark, is its sequence number. */
  CheckpointCertificate stable;

  Bytes stableSnapshot;

  // The message being handled, only so that a refusal can be logged with what was refused.
  private NodeId handlingFrom;
  private PbftProto.PbftBody.KindCase handlingKind;

  ReplicaState(
      ReplicaConfig config,
      int index,
      NodeKeys keys,
      StateMachine machine,
      ReplicaStore store,
      List<MacChannel> channels) {
    this.config = config;
    this.index = index;
    this.keys = keys;
    this.machine = machine;
    this.store = store;
    this.verifiers = ReplicaVerifiers.of(config);
    this.channels = channels;
  }

  /** h, the low watermark. */
  SequenceNumber stableSequence() {
    return SequenceNumber.of(stable.sequence());
  }

  /** The primary of the current view. */
  int primary() {
    return config.primary(view.value());
  }

  boolean isPrimary() {
    return primary() == index;
  }

  /** True if {@code n} lies within the watermarks {@code (h, h + L]}. */
  boolean inWindow(long n) {
    return n > stable.sequence() && n <= stable.sequence() + config.watermarkWindow();
  }

  boolean inWindow(SequenceNumber n) {
    return inWindow(n.value());
  }

  // ---------------------------------------------------------------- refusals

  /** Notes the message the dispatcher hands to a phase, for the refusal log. */
  void handling(NodeId from, PbftProto.PbftBody.KindCase kind) {
    handlingFrom = from;
    handlingKind = kind;
  }

  /** Counts a refused message (and logs it at DEBUG); returns {@code out} for tail calls. */
  List<Action> reject(Rejection r, List<Action> out) {
    rejections.merge(r, 1L, Long::sum);
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "replica {} in {} refused {} from {}: {}", index, view, handlingKind, handlingFrom, r);
    }
    return out;
  }

  EnumMap<Rejection, Long> rejections() {
    return new EnumMap<>(rejections);
  }

  // ---------------------------------------------------------------- timers

  /** Arms timer {@code kind} with a new token; an older token of that kind is stale from now. */
  void arm(TimerKind kind, Duration delay, List<Action> out) {
    long token = tokens.merge(kind, 1L, Long::sum);
    out.add(new Action.SetTimer(kind, token, delay));
  }

  void disarm(TimerKind kind) {
    tokens.merge(kind, 1L, Long::sum);
  }

  boolean isCurrent(TimerKind kind, long token) {
    return tokens.getOrDefault(kind, 0L) == token;
  }

  // ---------------------------------------------------------------- frames

  /** A normal-case frame from this replica: signed or with one tag per replica. */
  Frame authored(PbftProto.PbftBody.Builder body) {
    PbftProto.PbftBody b = body.setSender(index).build();
    return config.authMode() == AuthMode.SIGNATURES
        ? Frame.signed(b, keys.signingKey())
        : Frame.macked(b, channels);
  }

  Frame signed(PbftProto.PbftBody.Builder body) {
    return Frame.signed(body.setSender(index).build(), keys.signingKey());
  }

  void broadcast(Bytes frame, List<Action> out) {
    for (int i = 0; i < config.size(); i++) {
      if (i != index) {
        out.add(new Action.Send(config.node(i), frame));
      }
    }
  }

  /** Checks a normal-case frame from another replica: signature, or this replica's tag. */
  boolean authenticReplica(Frame f) {
    int s = f.sender();
    if (s >= config.size() || s == index) {
      return false;
    }
    if (config.authMode() == AuthMode.SIGNATURES) {
      return f.verifySignature(verifiers.replica(s));
    }
    return f.tags.size() == config.size() && f.verifyTag(index, channels.get(s));
  }

  boolean signedByReplica(Frame f) {
    int s = f.sender();
    return s < config.size() && s != index && f.verifySignature(verifiers.replica(s));
  }

  /**
   * The rejection for a frame that failed {@link #authenticReplica} or {@link #signedByReplica}.
   */
  Rejection unauthenticated(Frame f) {
    return f.sender() >= config.size() || f.sender() == index
        ? Rejection.UNKNOWN_SENDER
        : Rejection.BAD_AUTHENTICATOR;
  }
}
