package org.cybervein.transport.grpc;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.MessageHandler;
import org.cybervein.api.net.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SDK's {@link Transport} over gRPC with mutual TLS: each node sends to each peer on one
 * bidirectional stream of {@code /cybervein.v1.NodeTransport/Exchange}, and the {@code from} a core
 * receives is the roster member whose Ed25519 identity key the sender's TLS certificate carries
 * (see {@link NodeCertificate}), never a claim inside a message.
 *
 * <p><b>Sending.</b> {@link #send} never blocks and never throws for network trouble: it queues the
 * message for its peer, up to {@link GrpcTransportLimits#outboundQueueBytes()} bytes per peer, and
 * drops it (counted in {@link #stats()}) if the queue is full, the message is larger than {@link
 * GrpcTransportLimits#maxMessageBytes()}, or the peer is not in the roster. Messages leave in
 * order, cut into frames of at most {@link GrpcTransportLimits#chunkBytes()} bytes, only while
 * gRPC's flow control says the stream is ready; frames already queued together leave in one gRPC
 * message (a batch, if the peer accepts them), a lone message at once; a queue fills while the peer
 * is slow or unreachable. A broken stream is reopened after a capped, jittered exponential backoff;
 * messages still queued then flow on, a message partly written to the broken stream is lost. A
 * message to this node itself is delivered locally.
 *
 * <p><b>Receiving and threading.</b> The handler is called by one thread at a time, one message at
 * a time in the order each peer's messages arrived, so a protocol core that is not thread-safe can
 * be driven from it directly (its timers must then be serialized with it by the host). Which thread
 * that is, and how many network threads do the I/O, is {@link GrpcTransportConfig#threading()}: by
 * default a delivery thread of the transport's own; with {@link
 * GrpcTransportThreading.Delivery#NETWORK_THREAD} the network thread that received the messages.
 * Per peer at most {@link GrpcTransportLimits#inboundQueueBytes()} bytes (plus one message) wait
 * for the handler; beyond that the transport stops reading the peer's stream and HTTP/2 flow
 * control holds the peer back. A malformed or oversized frame is logged, counted, and closes that
 * peer's stream (the peer reconnects). A handler that throws is logged; delivery goes on. Messages
 * that arrive before the first {@link #register} wait for it (within the same budgets) instead of
 * being dropped. Each link's writes and reconnects run on the network thread of its connection (or,
 * without netty, on a thread of the wiring), so a send wakes one thread.
 *
 * <p><b>Closing.</b> {@link #close()} stops accepting streams, lets queued messages leave for up to
 * {@link GrpcTransportLimits#closeGrace()}, ends each stream cleanly, drops what is left, releases
 * the listening port and stops delivery (waiting up to the grace for a running handler).
 */
public final class GrpcTransport implements Transport, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GrpcTransport.class);

  private final GrpcTransportConfig config;
  private final Wiring wiring;
  private final FrameCodec codec;
  private final Map<NodeId, OutboundLink> links;
  private final Map<NodeId, InboundPeer> inbound;
  private final InboundPeer loopback;
  private final DeliveryLane delivery;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile MessageHandler handler;
  private final AtomicLong messagesToUnknown = new AtomicLong();
  private final AtomicLong bytesToUnknown = new AtomicLong();

  /** Messages that arrived before the first handler; touched only on the delivery thread. */
  private final ArrayDeque<Held> held = new ArrayDeque<>();

  // The delivery thread while it hands a group of received messages to the handler, else null.
  // What the handler sends meanwhile waits in its links' queues until the group is handled
  // (deferred, below): a core answers one received message with several sends, often to the
  // same peers, and one wake-up and one write per link for the whole group cost less than one
  // each. Read by every sender, written only by the delivery thread.
  private volatile Thread delivering;
  // Links with messages queued without a drain by the delivery thread; only it touches this.
  private final ArrayList<OutboundLink> deferred = new ArrayList<>();

  /** A message waiting for the first handler, with the peer whose budget it is charged to. */
  private record Held(InboundPeer from, Bytes message) {}

  private Server server;
  private InetSocketAddress boundAddress;

  private GrpcTransport(GrpcTransportConfig config, Wiring wiring) {
    this.config = config;
    this.wiring = wiring;
    GrpcTransportLimits limits = config.limits();
    this.codec = new FrameCodec(limits.maxFrameBytes());
    this.delivery =
        switch (config.threading().delivery()) {
          case DEDICATED_THREAD -> new DedicatedDelivery("cybervein-grpc-deliver-" + config.self());
          case NETWORK_THREAD -> new InlineDelivery();
        };
    Map<NodeId, OutboundLink> outgoing = new TreeMap<>();
    Map<NodeId, InboundPeer> incoming = new TreeMap<>();
    for (GrpcPeer peer : config.others()) {
      PeerCounters counters = new PeerCounters();
      outgoing.put(
          peer.node(), new OutboundLink(peer, wiring, wiring.linkThread(peer), limits, counters));
      incoming.put(peer.node(), new InboundPeer(peer.node(), counters, limits.inboundQueueBytes()));
    }
    this.links = Map.copyOf(outgoing);
    this.inbound = Map.copyOf(incoming);
    this.loopback = new InboundPeer(config.self(), new PeerCounters(), limits.inboundQueueBytes());
  }

  /**
   * Starts a transport with mutual TLS: listens on {@link GrpcTransportConfig#listenAddress()} and
   * begins dialling every other roster member (retrying with backoff until each answers).
   *
   * @param config identity, roster, address and limits
   * @return the running transport; close it when done
   * @throws IOException if the listening address cannot be bound
   */
  public static GrpcTransport start(GrpcTransportConfig config) throws IOException {
    Objects.requireNonNull(config, "config");
    return start(config, new TlsWiring(config));
  }

  /** Starts a transport over other wiring (in-process gRPC in the logic tests). */
  static GrpcTransport start(GrpcTransportConfig config, Wiring wiring) throws IOException {
    GrpcTransport transport = new GrpcTransport(config, wiring);
    try {
      transport.server = wiring.startServer(transport.service());
    } catch (IOException | RuntimeException e) {
      transport.wiring.close();
      transport.delivery.stop(0);
      throw e;
    }
    transport.boundAddress = wiring.boundAddress(transport.server);
    for (OutboundLink link : transport.links.values()) {
      link.start();
    }
    LOG.info(
        "{} listening on {} for {} peers",
        config.self(),
        transport.boundAddress,
        transport.links.size());
    return transport;
  }

  @Override
  public NodeId localNode() {
    return config.self();
  }

  /**
   * Queues {@code message} for {@code to}; see the class comment for what happens to it. When the
   * peer's queue is full the newest message, this one, is dropped.
   *
   * @param to a roster member (or this node)
   * @param message the bytes to deliver, at most {@link GrpcTransportLimits#maxMessageBytes()}
   */
  @Override
  public void send(NodeId to, Bytes message) {
    Objects.requireNonNull(message, "message");
    send(to, Bytes.EMPTY, message);
  }

  /**
   * Queues the message {@code head} followed by {@code body} for {@code to}, as {@link
   * #send(NodeId, Bytes)} would queue their concatenation, without making it: each part is copied
   * once, straight into the frame that carries it. For a layer that puts a small header in front of
   * every message.
   *
   * @param to a roster member (or this node)
   * @param head the message's first bytes
   * @param body the bytes after them; together at most {@link
   *     GrpcTransportLimits#maxMessageBytes()}
   */
  public void send(NodeId to, Bytes head, Bytes body) {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(head, "head");
    Objects.requireNonNull(body, "body");
    if ((long) head.size() + body.size() > Integer.MAX_VALUE) {
      dropTooLarge(to, (long) head.size() + body.size());
      return;
    }
    Outgoing message = Outgoing.of(head, body);
    if (to.equals(config.self())) {
      if (!closed.get() && loopback.tryReserve(message.length())) {
        loopback.counters().sent(message.length());
        dispatch(loopback, List.of(message.joined()));
      } else {
        loopback.counters().dropped(message.length());
      }
      return;
    }
    OutboundLink link = links.get(to);
    if (link == null) {
      messagesToUnknown.incrementAndGet();
      bytesToUnknown.addAndGet(message.length());
      LOG.debug("dropped a message to {}: not in the roster", to);
      return;
    }
    if (Thread.currentThread() == delivering) {
      if (link.offer(message, false) && !deferred.contains(link)) {
        deferred.add(link);
      }
    } else {
      link.offer(message);
    }
  }

  /** A message whose length does not even fit an int: far above any message limit. */
  private void dropTooLarge(NodeId to, long bytes) {
    LOG.warn("dropped a {}-byte message to {}: above the message limit", bytes, to);
    PeerCounters counters =
        to.equals(config.self())
            ? loopback.counters()
            : inbound.containsKey(to) ? inbound.get(to).counters() : null;
    if (counters != null) {
      counters.dropped(1, bytes);
    } else {
      messagesToUnknown.incrementAndGet();
      bytesToUnknown.addAndGet(bytes);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Messages that arrived before the FIRST handler was registered were held (each within its
   * peer's inbound byte budget, so a peer is held back rather than buffered without bound); they
   * are handed to this handler first, in arrival order, on the delivery thread. A node that starts
   * its transport and then registers its core therefore loses nothing a fast peer sent in between.
   */
  @Override
  public void register(MessageHandler handler) {
    this.handler = Objects.requireNonNull(handler, "handler");
    try {
      delivery.execute(this::deliverHeld);
    } catch (RejectedExecutionException e) {
      // Closed: nothing will be delivered any more.
    }
  }

  /**
   * Where the server listens, with the port chosen if the configuration asked for port 0.
   *
   * @return the bound address
   */
  public InetSocketAddress boundAddress() {
    return boundAddress;
  }

  /**
   * A snapshot of every peer's link, of this node's messages to itself and of messages to nodes
   * outside the roster.
   *
   * @return per-peer counters, connection state and queued bytes
   */
  public GrpcTransportStats stats() {
    Map<NodeId, GrpcPeerStats> peers = new TreeMap<>();
    for (Map.Entry<NodeId, OutboundLink> e : links.entrySet()) {
      OutboundLink link = e.getValue();
      peers.put(
          e.getKey(),
          inbound.get(e.getKey()).counters().snapshot(link.connected(), link.queuedBytes()));
    }
    peers.put(config.self(), loopback.counters().snapshot(!closed.get(), loopback.pendingBytes()));
    return new GrpcTransportStats(peers, messagesToUnknown.get(), bytesToUnknown.get());
  }

  /**
   * Shuts down cleanly; see the class comment. Idempotent; after it returns no stream is open, the
   * port is free and the handler is no longer called.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long grace = config.limits().closeGrace().toNanos();
    long deadline = System.nanoTime() + grace;
    server.shutdown();
    for (OutboundLink link : links.values()) {
      link.beginClose();
    }
    // Let queued messages leave while their links are up.
    while (System.nanoTime() < deadline && links.values().stream().anyMatch(this::stillSending)) {
      sleepMillis(5);
    }
    List<Future<?>> stops = new ArrayList<>();
    for (OutboundLink link : links.values()) {
      try {
        stops.add(link.thread().submit(link::stop));
      } catch (RejectedExecutionException e) {
        LOG.warn("{}: the link to {} has no thread left to stop it", config.self(), link);
      }
    }
    long stopDeadline = System.nanoTime() + grace + 1_000_000_000L;
    try {
      for (Future<?> stop : stops) {
        stop.get(Math.max(0, stopDeadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("{}: stopping the links failed or took too long", config.self(), e);
    }
    server.shutdownNow();
    awaitQuietly(server, deadline);
    for (OutboundLink link : links.values()) {
      ManagedChannel channel = link.channel();
      if (channel != null) {
        awaitQuietly(channel, deadline);
      }
    }
    wiring.close();
    delivery.stop(Math.max(0, deadline - System.nanoTime()));
    LOG.info("{} closed", config.self());
  }

  private boolean stillSending(OutboundLink link) {
    return link.connected() && link.queuedBytes() > 0;
  }

  private ServerServiceDefinition service() {
    return ServerServiceDefinition.builder(FrameCodec.SERVICE)
        .addMethod(FrameCodec.EXCHANGE, this::startCall)
        .build();
  }

  private ServerCall.Listener<byte[]> startCall(ServerCall<byte[], byte[]> call, Metadata headers) {
    if (closed.get()) {
      call.close(Status.UNAVAILABLE.withDescription("closing"), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    Optional<NodeId> from = wiring.authenticate(call.getAttributes(), headers);
    InboundPeer peer = from.map(inbound::get).orElse(null);
    if (peer == null) {
      LOG.warn(
          "{} refused a stream from {}: its certificate is no roster member's",
          config.self(),
          call.getAttributes().get(io.grpc.Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
      call.close(
          Status.PERMISSION_DENIED.withDescription("not a member of this node's roster"),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    // Batches only if the client offered them; an older client sends one frame per gRPC message.
    boolean batched = FrameCodec.BATCH_VERSION.equals(headers.get(FrameCodec.BATCH_HEADER));
    InboundStream stream =
        new InboundStream(
            peer, call, codec, config.limits().maxMessageBytes(), batched, this::dispatch);
    InboundStream previous = peer.activate(stream);
    if (previous != null) {
      previous.supersede();
    }
    Metadata responseHeaders = new Metadata();
    if (batched) {
      responseHeaders.put(FrameCodec.BATCH_HEADER, FrameCodec.BATCH_VERSION);
    }
    call.sendHeaders(responseHeaders);
    peer.requestNext(stream);
    return stream;
  }

  /**
   * Hands complete messages (all that one gRPC message completed, in order) to the delivery thread
   * in one task; their bytes count against the peer's budget until the handler has taken each.
   */
  private void dispatch(InboundPeer from, List<Bytes> messages) {
    long bytes = 0;
    for (Bytes m : messages) {
      bytes += m.size();
    }
    if (from != loopback) {
      from.reserve(bytes);
    }
    try {
      delivery.execute(() -> deliverAll(from, messages));
    } catch (RejectedExecutionException e) {
      from.released(bytes);
    }
  }

  /** Runs on the delivery thread: the messages held until a handler was registered. */
  private void deliverHeld() {
    MessageHandler h = handler;
    while (h != null && !held.isEmpty()) {
      Held next = held.poll();
      handOver(h, next.from(), next.message());
    }
  }

  private void deliverAll(InboundPeer from, List<Bytes> messages) {
    delivering = Thread.currentThread();
    try {
      for (Bytes message : messages) {
        deliver(from, message);
      }
    } finally {
      delivering = null;
      for (OutboundLink link : deferred) {
        link.flush();
      }
      deferred.clear();
    }
  }

  private void deliver(InboundPeer from, Bytes message) {
    MessageHandler h = handler;
    if (h == null || !held.isEmpty()) {
      // No core yet: hold it (it keeps its reservation against the peer's budget). Or the handler
      // arrived while this task was queued ahead of deliverHeld: the held ones go first.
      held.add(new Held(from, message));
      deliverHeld();
      return;
    }
    handOver(h, from, message);
  }

  private void handOver(MessageHandler h, InboundPeer from, Bytes message) {
    try {
      from.counters().received(message.size());
      h.onMessage(from.node(), message);
    } catch (RuntimeException e) {
      LOG.warn("{}: the handler threw on a message from {}", config.self(), from.node(), e);
    } finally {
      from.released(message.size());
    }
  }

  private static void awaitQuietly(Server server, long deadline) {
    try {
      server.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitQuietly(ManagedChannel channel, long deadline) {
    try {
      if (!channel.awaitTermination(
          Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static void sleepMillis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "GrpcTransport[" + config.self() + " at " + boundAddress + "]";
  }
}
