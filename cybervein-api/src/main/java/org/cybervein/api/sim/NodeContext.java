package org.cybervein.api.sim;

import java.util.Objects;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.Transport;
import org.cybervein.api.random.RandomSource;
import org.cybervein.api.time.Clock;

/**
 * The effects the {@link SimulatedNetwork} gives one incarnation of a node.
 *
 * <p>All three are bound to the incarnation: after the node crashes, its transport drops what it
 * sends (traced as {@link TraceEvent.DropReason#SENDER_CRASHED}), its clock discards new timers
 * (traced as {@link TraceEvent.Kind#TIMER_DISCARDED}) and handlers registered on it are ignored, so
 * nothing an old incarnation does can reach the next one.
 *
 * @param nodeId the node's address
 * @param incarnation 1 for the first start, one more at each restart
 * @param transport sends from this node; received messages go to the handler registered on it
 * @param clock virtual time; timers fire as events of the simulation
 * @param random a stream of its own for this incarnation, see {@link SimulatedNetwork}
 */
public record NodeContext(
    NodeId nodeId, int incarnation, Transport transport, Clock clock, RandomSource random) {
  /**
   * Rejects null parts and an incarnation below 1.
   *
   * @param nodeId the node's address
   * @param incarnation 1 for the first start, one more at each restart
   * @param transport sends from this node; received messages go to the handler registered on it
   * @param clock virtual time; timers fire as events of the simulation
   * @param random a stream of its own for this incarnation, see {@link SimulatedNetwork}
   */
  public NodeContext {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(random, "random");
    if (incarnation < 1) {
      throw new IllegalArgumentException("incarnation must be at least 1, got " + incarnation);
    }
  }
}
