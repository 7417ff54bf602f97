package org.cybervein.transport.grpc;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds and timings of a {@link GrpcTransport}. Every queue a peer can fill is bounded in
 * bytes here; {@link #defaults()} suits a cluster on one LAN.
 *
 * @param maxFrameBytes the largest gRPC message (one encoded frame) accepted from a peer; gRPC's
 *     own default is 4 MiB, which other implementations keep unless told otherwise
 * @param chunkBytes the most message bytes put into one frame; at most {@code maxFrameBytes - 64}
 *     (room for the frame's other fields)
 * @param maxMessageBytes the largest message sent or reassembled; larger ones are dropped and
 *     counted (sending) or refused with a log line and the stream closed (receiving)
 * @param outboundQueueBytes per peer: message bytes waiting to be sent (while disconnected or held
 *     back by flow control); a message that does not fit is dropped (newest first, see {@link
 *     GrpcTransport#send})
 * @param inboundQueueBytes per peer: received message bytes waiting for the handler; above it the
 *     transport stops reading the peer's stream, and gRPC flow control holds the peer back
 * @param keepaliveTime how long a link may be silent before a ping checks it (at least 10 s, gRPC's
 *     floor); the server permits pings at half this interval, so it never answers them with {@code
 *     GOAWAY ENHANCE_YOUR_CALM}
 * @param keepaliveTimeout how long a ping may go unanswered before the link counts as dead
 * @param reconnectInitial the wait before the first reconnect attempt
 * @param reconnectMax the cap of the exponential reconnect backoff
 * @param reconnectJitter each wait is multiplied by a uniform factor in {@code [1 - j, 1 + j]}, so
 *     that nodes restarted together do not reconnect in lockstep; {@code 0 <= j < 1}
 * @param closeGrace how long {@link GrpcTransport#close()} waits for queued messages to leave and
 *     for channels and the server to terminate before it cuts them
 */
public record GrpcTransportLimits(
    int maxFrameBytes,
    int chunkBytes,
    int maxMessageBytes,
    long outboundQueueBytes,
    long inboundQueueBytes,
    Duration keepaliveTime,
    Duration keepaliveTimeout,
    Duration reconnectInitial,
    Duration reconnectMax,
    double reconnectJitter,
    Duration closeGrace) {
  /** Bytes a frame spends on its fields besides the chunk: two varints and a length, with room. */
  static final int FRAME_OVERHEAD = 64;

  /**
   * Checks that the bounds are positive and consistent.
   *
   * @param maxFrameBytes the largest frame accepted
   * @param chunkBytes the most message bytes per frame
   * @param maxMessageBytes the largest message
   * @param outboundQueueBytes the per-peer send queue bound
   * @param inboundQueueBytes the per-peer receive queue bound
   * @param keepaliveTime the keepalive ping interval
   * @param keepaliveTimeout the keepalive ping timeout
   * @param reconnectInitial the first reconnect wait
   * @param reconnectMax the longest reconnect wait
   * @param reconnectJitter the relative jitter of reconnect waits
   * @param closeGrace the grace period of a clean close
   */
  public GrpcTransportLimits {
    Objects.requireNonNull(keepaliveTime, "keepaliveTime");
    Objects.requireNonNull(keepaliveTimeout, "keepaliveTimeout");
    Objects.requireNonNull(reconnectInitial, "reconnectInitial");
    Objects.requireNonNull(reconnectMax, "reconnectMax");
    Objects.requireNonNull(closeGrace, "closeGrace");
    if (maxFrameBytes <= FRAME_OVERHEAD
        || chunkBytes < 1
        || chunkBytes > maxFrameBytes - FRAME_OVERHEAD) {
      throw new IllegalArgumentException(
          "need 0 < chunkBytes <= maxFrameBytes - "
              + FRAME_OVERHEAD
              + ", got chunk "
              + chunkBytes
              + " and frame "
              + maxFrameBytes);
    }
    if (maxMessageBytes < 0
        || outboundQueueBytes < maxMessageBytes
        || inboundQueueBytes < maxMessageBytes) {
      throw new IllegalArgumentException(
          "the queues must hold at least one largest message: message "
              + maxMessageBytes
              + ", outbound "
              + outboundQueueBytes
              + ", inbound "
              + inboundQueueBytes);
    }
    if (keepaliveTime.compareTo(Duration.ofSeconds(10)) < 0
        || keepaliveTimeout.isNegative()
        || keepaliveTimeout.isZero()) {
      throw new IllegalArgumentException(
          "keepalive time must be at least 10 s (gRPC's floor) and the timeout positive");
    }
    if (reconnectInitial.isNegative()
        || reconnectInitial.isZero()
        || reconnectMax.compareTo(reconnectInitial) < 0
        || !(reconnectJitter >= 0 && reconnectJitter < 1)
        || closeGrace.isNegative()) {
      throw new IllegalArgumentException(
          "need 0 < reconnectInitial <= reconnectMax, 0 <= jitter < 1, closeGrace >= 0");
    }
  }

  /**
   * The defaults: 4 MiB frames carrying 1 MiB chunks, messages up to 32 MiB, 64 MiB per peer each
   * way, keepalive every 30 s with a 10 s timeout, reconnects from 100 ms doubling to 10 s with 20
   * % jitter, and a 2 s close grace.
   *
   * @return the default limits
   */
  public static GrpcTransportLimits defaults() {
    return new GrpcTransportLimits(
        4 * 1024 * 1024,
        1024 * 1024,
        32 * 1024 * 1024,
        64L * 1024 * 1024,
        64L * 1024 * 1024,
        Duration.ofSeconds(30),
        Duration.ofSeconds(10),
        Duration.ofMillis(100),
        Duration.ofSeconds(10),
        0.2,
        Duration.ofSeconds(2));
  }

  /**
   * The server's keepalive permission: half the client interval, so a ping that arrives a little
   * early is still welcome.
   *
   * @return the shortest ping interval the server tolerates
   */
  Duration permitKeepaliveTime() {
    return keepaliveTime.dividedBy(2);
  }

  /**
   * The wait before reconnect attempt {@code attempt} (0 for the first), before jitter.
   *
   * @param attempt how many attempts failed in a row
   * @return {@code min(reconnectMax, reconnectInitial * 2^attempt)}
   */
  Duration backoff(int attempt) {
    Duration wait = reconnectInitial;
    for (int i = 0; i < attempt && wait.compareTo(reconnectMax) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(reconnectMax) > 0 ? reconnectMax : wait;
  }
}
