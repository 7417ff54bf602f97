package org.cybervein.transport.grpc;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.cybervein.api.NodeId;

/**
 * A snapshot of a {@link GrpcTransport}'s links, one entry per roster member other than this node.
 * Counters are read one by one, so a snapshot taken while traffic flows is approximate.
 *
 * @param peers the per-peer figures, sorted by node id
 */
public record GrpcTransportStats(Map<NodeId, GrpcPeerStats> peers) {
  /**
   * Copies the map into a sorted, unmodifiable one.
   *
   * @param peers the per-peer figures
   */
  public GrpcTransportStats {
    peers = Collections.unmodifiableMap(new TreeMap<>(peers));
  }

  /**
   * The figures of one peer.
   *
   * @param node a roster member
   * @return its figures, or empty if it is not a member (or is this node)
   */
  public Optional<GrpcPeerStats> peer(NodeId node) {
    return Optional.ofNullable(peers.get(node));
  }
}
