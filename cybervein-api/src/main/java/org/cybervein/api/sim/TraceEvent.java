package org.cybervein.api.sim;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.cybervein.api.NodeId;

/**
 * One line of the {@link SimulatedNetwork}'s trace: what happened, when in virtual time, and to
 * whom. Two runs with the same seed and the same script produce equal traces.
 *
 * @param sequence the position of this event in the whole trace, from 0
 * @param time the virtual time of the event
 * @param kind what happened
 * @param from the sender, for message events
 * @param to the node the event happens at: the receiver of a message, the node whose timer fired,
 *     the node that crashed or started
 * @param dropReason why a message was dropped, for {@link Kind#DROP} only
 * @param messageSize the size of the message in bytes, or 0 for events without one
 * @param messageFingerprint the first eight bytes of the SHA-256 of the message, big-endian, or 0
 * @param detail a few words more (the incarnation started, the partition's groups), or empty
 */
public record TraceEvent(
    long sequence,
    Instant time,
    Kind kind,
    Optional<NodeId> from,
    Optional<NodeId> to,
    Optional<DropReason> dropReason,
    int messageSize,
    long messageFingerprint,
    String detail) {

  /** What a trace event records. */
  public enum Kind {
    /** A node was added and started (its first incarnation). */
    START,
    /** A node crashed; its timers were cancelled. */
    CRASH,
    /** A crashed node started again as a new incarnation. */
    RESTART,
    /** A node handed a message to its transport. */
    SEND,
    /** The link made a second copy of the message just sent. */
    DUPLICATE,
    /** The link held a copy of the message back so that later ones may overtake it. */
    REORDER,
    /** A copy of a message reached its receiver's handler. */
    DELIVER,
    /** A copy of a message was lost, see {@link TraceEvent#dropReason()}. */
    DROP,
    /** A node's timer fired. */
    TIMER,
    /** A crashed incarnation tried to set a timer, which will never fire. */
    TIMER_DISCARDED,
    /** An action scheduled by the test script ran. */
    ACTION,
    /** The network was split into groups that cannot reach each other. */
    PARTITION,
    /** A partition ended. */
    HEAL
  }

  /** Why a message did not arrive. */
  public enum DropReason {
    /** The link lost it, by its drop probability. */
    LOSS,
    /** Sender and receiver were in different groups of a partition at sending or arrival. */
    PARTITION,
    /** The receiver was down when the message arrived, or restarted since it was sent. */
    DESTINATION_CRASHED,
    /** The sender's incarnation had crashed when it sent. */
    SENDER_CRASHED,
    /** The receiver was up but had registered no handler. */
    NO_HANDLER,
    /** No node with the destination's id was ever added. */
    UNKNOWN_DESTINATION
  }

  /**
   * Rejects null parts, a drop reason on anything but a drop, and a negative size.
   *
   * @param sequence the position of this event in the whole trace, from 0
   * @param time the virtual time of the event
   * @param kind what happened
   * @param from the sender, for message events
   * @param to the node the event happens at: the receiver of a message, the node whose timer fired,
   *     the node that crashed or started
   * @param dropReason why a message was dropped, for {@link Kind#DROP} only
   * @param messageSize the size of the message in bytes, or 0 for events without one
   * @param messageFingerprint the first eight bytes of the SHA-256 of the message, big-endian, or 0
   * @param detail a few words more (the incarnation started, the partition's groups), or empty
   */
  public TraceEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(dropReason, "dropReason");
    Objects.requireNonNull(detail, "detail");
    if (dropReason.isPresent() != (kind == Kind.DROP)) {
      throw new IllegalArgumentException("a drop reason belongs to DROP events only, got " + kind);
    }
    if (messageSize < 0 || sequence < 0) {
      throw new IllegalArgumentException("negative size or sequence");
    }
  }

  /** A compact line for logs, e.g. {@code "#12 1970-01-01T00:00:00.001Z DELIVER a->b 5B"}. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder().append('#').append(sequence).append(' ').append(time);
    s.append(' ').append(kind);
    dropReason.ifPresent(r -> s.append('(').append(r).append(')'));
    if (from.isPresent() || to.isPresent()) {
      s.append(' ').append(from.map(NodeId::value).orElse(""));
      s.append(from.isPresent() && to.isPresent() ? "->" : "");
      s.append(to.map(NodeId::value).orElse(""));
    }
    if (messageSize > 0 || messageFingerprint != 0) {
      s.append(' ').append(messageSize).append("B ");
      s.append(String.format("%016x", messageFingerprint));
    }
    if (!detail.isEmpty()) {
      s.append(' ').append(detail);
    }
    return s.toString();
  }
}
