package org.cybervein.dag.sync;

import java.time.Duration;
import java.util.Objects;

/**
 * The knobs of DAG synchronisation.
 *
 * @param gossipFanout how many random peers a newly stored unit is pushed to
 * @param maxIdsPerRequest the most ids one request asks for, and the most units one answer holds
 *     (the requested ones and as much of their past as fits)
 * @param maxOutstandingRequests the most ids requested and not yet received; bounds what peers can
 *     make this node ask for; an id not received within one repair interval may be asked again
 * @param repairInterval how often the node sends its tips to a random peer and asks again for
 *     missing parents
 * @param peerBytesPerSecond the sustained bytes per second accepted from one peer; more is dropped
 * @param peerBurstBytes the bytes a peer may send at once after a quiet period
 */
public record SyncConfig(
    int gossipFanout,
    int maxIdsPerRequest,
    int maxOutstandingRequests,
    Duration repairInterval,
    long peerBytesPerSecond,
    long peerBurstBytes) {
  /**
   * Fanout 4, 64 ids per request, 4,096 outstanding, repair every 500 ms, 1 MiB/s and 4 MiB burst
   * per peer.
   */
  public static final SyncConfig DEFAULT =
      new SyncConfig(4, 64, 4096, Duration.ofMillis(500), 1 << 20, 4 << 20);

  /**
   * Checks ranges.
   *
   * @param gossipFanout how many random peers a newly stored unit is pushed to
   * @param maxIdsPerRequest the most ids one request asks for, and the most units one answer holds
   *     (the requested ones and as much of their past as fits)
   * @param maxOutstandingRequests the most ids requested and not yet received; bounds what peers
   *     can make this node ask for; an id not received within one repair interval may be asked
   *     again
   * @param repairInterval how often the node sends its tips to a random peer and asks again for
   *     missing parents
   * @param peerBytesPerSecond the sustained bytes per second accepted from one peer; more is
   *     dropped
   * @param peerBurstBytes the bytes a peer may send at once after a quiet period
   */
  public SyncConfig {
    Objects.requireNonNull(repairInterval, "repairInterval");
    if (gossipFanout < 1 || maxIdsPerRequest < 1 || maxOutstandingRequests < 1) {
      throw new IllegalArgumentException(
          "fanout, ids per request and outstanding must be positive");
    }
    if (repairInterval.isNegative() || repairInterval.isZero()) {
      throw new IllegalArgumentException("repair interval must be positive");
    }
    if (peerBytesPerSecond < 1 || peerBurstBytes < 1) {
      throw new IllegalArgumentException("peer rate and burst must be positive");
    }
  }

  /**
   * A copy with another per-peer rate and burst.
   *
   * @param bytesPerSecond the sustained bytes per second accepted from one peer, at least 1
   * @param burstBytes the most bytes one peer may send at once, at least 1
   * @return a copy of this configuration with the new rate
   */
  public SyncConfig withPeerRate(long bytesPerSecond, long burstBytes) {
    return new SyncConfig(
        gossipFanout,
        maxIdsPerRequest,
        maxOutstandingRequests,
        repairInterval,
        bytesPerSecond,
        burstBytes);
  }
}
