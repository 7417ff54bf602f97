package org.cybervein.transport.grpc;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.cybervein.api.NodeId;

/**
 * A snapshot of a {@link GrpcTransport}'s links: one entry per roster member other than this node,
 * one for this node itself (the messages it sent to itself, delivered without the network), and the
 * messages addressed to nodes outside the roster, which are dropped. Counters are read one by one,
 * so a snapshot taken while traffic flows is approximate.
 *
 * @param peers the per-peer figures, sorted by node id; this node's own entry counts its messages
 *     to itself as sent and received (or dropped when its inbound budget was spent), shows {@code
 *     connected} while the transport is open, and as {@code queuedBytes} the bytes waiting for the
 *     handler
 * @param messagesToUnknown messages passed to {@code send} for a node that is not in the roster
 *     (dropped)
 * @param bytesToUnknown the bytes of those messages
 */
public record GrpcTransportStats(
    Map<NodeId, GrpcPeerStats> peers, long messagesToUnknown, long bytesToUnknown) {
  /**
   * Copies the map into a sorted, unmodifiable one.
   *
   * @param peers the per-peer figures
   * @param messagesToUnknown messages to nodes outside the roster
   * @param bytesToUnknown the bytes of those messages
   */
  public GrpcTransportStats {
    peers = Collections.unmodifiableMap(new TreeMap<>(peers));
    if (messagesToUnknown < 0 || bytesToUnknown < 0) {
      throw new IllegalArgumentException(
          "counts must not be negative, got " + messagesToUnknown + " and " + bytesToUnknown);
    }
  }

  /**
   * A snapshot without messages to unknown nodes.
   *
   * @param peers the per-peer figures
   */
  public GrpcTransportStats(Map<NodeId, GrpcPeerStats> peers) {
    this(peers, 0, 0);
  }

  /**
   * The figures of one peer, or of this node's messages to itself.
   *
   * @param node a roster member or this node
   * @return its figures, or empty if it is neither
   */
  public Optional<GrpcPeerStats> peer(NodeId node) {
    return Optional.ofNullable(peers.get(node));
  }
}
