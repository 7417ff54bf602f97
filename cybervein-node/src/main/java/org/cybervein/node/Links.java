package org.cybervein.node;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.MessageHandler;
import org.cybervein.api.net.Transport;
import org.cybervein.consensus.pbft.NodeKeys;
import org.cybervein.transport.grpc.GrpcPeer;
import org.cybervein.transport.grpc.GrpcPeerStats;
import org.cybervein.transport.grpc.GrpcTransport;
import org.cybervein.transport.grpc.GrpcTransportConfig;
import org.cybervein.transport.grpc.GrpcTransportLimits;

/**
 * A node's links to every other member of its cluster, over the link layer the cluster description
 * names (the one place that chooses it): {@code grpc}, the SDK's gRPC transport with mutual TLS, in
 * which each node's certificate is bound to its Ed25519 identity key so the sender of every message
 * is authenticated; or {@code plain-tcp}, plaintext with claimed senders, for loopback tests. On
 * top of the raw transport it adds one byte in front of every message, which separates the protocol
 * core's traffic ({@link #core()}) from the node's own heartbeats, sent to every peer each {@link
 * #HEARTBEAT_MILLIS}: a peer heard from within {@link #LIVE_MILLIS} has a live link, which is what
 * {@code cybervein check} reports (FATE's connectivity test). It also counts bytes and messages per
 * peer for the metrics.
 */
final class Links implements AutoCloseable {
  static final long HEARTBEAT_MILLIS = 500;
  static final long LIVE_MILLIS = 2_000;
  private static final byte CORE = 0;
  private static final byte HEARTBEAT = 1;
  private static final Bytes CORE_HEAD = Bytes.of(new byte[] {CORE});
  private static final Bytes HEARTBEAT_HEAD = Bytes.of(new byte[] {HEARTBEAT});

  /** Counters of one peer link. */
  static final class PeerStats {
    final AtomicLong bytesSent = new AtomicLong();
    final AtomicLong bytesReceived = new AtomicLong();
    final AtomicLong messagesSent = new AtomicLong();
    final AtomicLong messagesReceived = new AtomicLong();
    volatile long lastHeardNanos = Long.MIN_VALUE;

    boolean live(long nowNanos) {
      return lastHeardNanos != Long.MIN_VALUE
          && nowNanos - lastHeardNanos < TimeUnit.MILLISECONDS.toNanos(LIVE_MILLIS);
    }
  }

  private final Transport raw;
  private final AutoCloseable closer;
  private final java.util.function.ToLongFunction<NodeId> dropped;
  private final Map<NodeId, PeerStats> stats;
  private final ScheduledExecutorService heartbeats;
  private boolean heartbeatsStarted;
  private volatile MessageHandler coreHandler = (from, message) -> {};
  private final Transport core =
      new Transport() {
        @Override
        public NodeId localNode() {
          return raw.localNode();
        }

        @Override
        public void send(NodeId to, Bytes message) {
          Links.this.send(to, CORE_HEAD, message);
        }

        @Override
        public void register(MessageHandler handler) {
          coreHandler = Objects.requireNonNull(handler, "handler");
          startHeartbeats();
        }
      };

  private Links(
      Transport raw,
      AutoCloseable closer,
      java.util.function.ToLongFunction<NodeId> dropped,
      List<NodeId> peers) {
    this.raw = raw;
    this.closer = closer;
    this.dropped = dropped;
    Map<NodeId, PeerStats> m = new LinkedHashMap<>();
    peers.forEach(p -> m.put(p, new PeerStats()));
    this.stats = java.util.Collections.unmodifiableMap(m);
    raw.register(this::receive);
    this.heartbeats =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "heartbeat");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Heartbeats start when the core registers its handler, so a peer that sees this node live knows
   * its messages are no longer dropped for want of a handler (the FL parties do not retransmit).
   */
  private synchronized void startHeartbeats() {
    if (heartbeatsStarted) {
      return;
    }
    heartbeatsStarted = true;
    heartbeats.scheduleAtFixedRate(
        () -> stats.keySet().forEach(p -> send(p, HEARTBEAT_HEAD, Bytes.EMPTY)),
        0,
        HEARTBEAT_MILLIS,
        TimeUnit.MILLISECONDS);
  }

  /** Opens this member's links to every other member of {@code config}'s cluster. */
  static Links open(NodeConfig config, NodeKeys keys) throws IOException {
    Map<NodeId, InetSocketAddress> peers = new LinkedHashMap<>();
    for (Member m : config.cluster().members()) {
      if (!m.id().equals(config.self().id())) {
        peers.put(m.id(), m.address());
      }
    }
    List<NodeId> ids = List.copyOf(peers.keySet());
    // The one switch between link layers.
    if (config.cluster().transport().equals("plain-tcp")) {
      PlainTcpTransport tcp =
          PlainTcpTransport.start(config.self().id(), config.self().address(), peers);
      return new Links(tcp, tcp, tcp::drops, ids);
    }
    List<GrpcPeer> roster = new ArrayList<>();
    for (Member m : config.cluster().members()) {
      roster.add(
          new GrpcPeer(
              m.id(),
              m.identity().signingKey(),
              new InetSocketAddress(m.address().getHostString(), m.address().getPort())));
    }
    InetSocketAddress listen =
        new InetSocketAddress(
            config.self().address().getHostString(), config.self().address().getPort());
    GrpcTransportLimits limits = GrpcTransportLimits.defaults();
    if (!config.cluster().withRole(Role.ACCOUNT).isEmpty()) {
      // Account members come and go with each upload or download command; redial within a second
      // so that a command's answers do not wait out a long backoff.
      limits =
          new GrpcTransportLimits(
              limits.maxFrameBytes(),
              limits.chunkBytes(),
              limits.maxMessageBytes(),
              limits.outboundQueueBytes(),
              limits.inboundQueueBytes(),
              limits.keepaliveTime(),
              limits.keepaliveTimeout(),
              limits.reconnectInitial(),
              java.time.Duration.ofSeconds(1),
              limits.reconnectJitter(),
              limits.closeGrace());
    }
    GrpcTransport grpc =
        GrpcTransport.start(
            new GrpcTransportConfig(
                config.self().id(),
                keys.signingKey(),
                listen,
                roster,
                limits,
                config.threading().transport()));
    return new Links(
        grpc,
        grpc,
        peer -> grpc.stats().peer(peer).map(GrpcPeerStats::messagesDropped).orElse(0L),
        ids);
  }

  /** The transport a protocol core runs on. */
  Transport core() {
    return core;
  }

  Map<NodeId, PeerStats> stats() {
    return stats;
  }

  /** True once every peer was heard from within the liveness window. */
  boolean allLive(long nowNanos) {
    return stats.values().stream().allMatch(s -> s.live(nowNanos));
  }

  /** Messages to {@code peer} the link layer dropped (queue full, peer unreachable). */
  long droppedTo(NodeId peer) {
    return dropped.applyAsLong(peer);
  }

  private void send(NodeId to, Bytes head, Bytes body) {
    PeerStats s = stats.get(to);
    if (s != null) {
      s.bytesSent.addAndGet(head.size() + body.size());
      s.messagesSent.incrementAndGet();
    }
    if (raw instanceof GrpcTransport grpc) {
      // The byte in front travels without a copy of the whole message to put it there.
      grpc.send(to, head, body);
    } else {
      raw.send(to, head.concat(body));
    }
  }

  private void receive(NodeId from, Bytes message) {
    PeerStats s = stats.get(from);
    if (s == null || message.isEmpty()) {
      return;
    }
    s.bytesReceived.addAndGet(message.size());
    s.messagesReceived.incrementAndGet();
    s.lastHeardNanos = System.nanoTime();
    if (message.byteAt(0) == CORE) {
      coreHandler.onMessage(from, message.slice(1, message.size()));
    }
  }

  @Override
  public void close() throws IOException {
    heartbeats.shutdownNow();
    try {
      closer.close();
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
  }
}
