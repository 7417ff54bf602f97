package org.cybervein.transport.grpc;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's sending side towards one peer: a byte-bounded queue, one gRPC stream that is reopened
 * with capped exponential backoff and jitter whenever it ends, and a drain that writes frames only
 * while gRPC's flow control says the stream is ready. If the peer accepted batches, each gRPC
 * message carries as many queued frames as fit {@link FrameCodec#BATCH_TARGET_BYTES}: only what is
 * already queued, so a lone message leaves at once, and a backlog leaves in few gRPC messages.
 *
 * <p>Threading: {@link #offer} runs on any thread and only touches the queue under this object's
 * lock. Everything else (the call, the message in progress, reconnect timers) runs on the link's
 * one thread, the network thread of its channel over netty ({@link Wiring#linkThread}), so the
 * {@link ClientCall}, which is not thread-safe, is only ever used from there, and a message is
 * encoded on the thread that then encrypts and writes it.
 */
final class OutboundLink {
  private static final Logger LOG = LoggerFactory.getLogger(OutboundLink.class);

  private final GrpcPeer peer;
  private final Wiring wiring;
  private final ScheduledExecutorService sender;
  private final GrpcTransportLimits limits;
  private final PeerCounters counters;
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private volatile boolean connected;

  // Guarded by this.
  private final ArrayDeque<Outgoing> queue = new ArrayDeque<>();
  private long queuedBytes;
  private boolean closing;

  // Link thread only.
  private ManagedChannel channel;
  private ClientCall<byte[], byte[]> call;
  private boolean accepted;
  private boolean batched;
  private Outgoing current;
  private int currentOffset;
  private int failures;
  private boolean stopped;
  private ScheduledFuture<?> reconnect;

  OutboundLink(
      GrpcPeer peer,
      Wiring wiring,
      ScheduledExecutorService sender,
      GrpcTransportLimits limits,
      PeerCounters counters) {
    this.peer = peer;
    this.wiring = wiring;
    this.sender = sender;
    this.limits = limits;
    this.counters = counters;
  }

  /** Opens the channel and the first stream (on the link thread). */
  void start() {
    sender.execute(
        () -> {
          try {
            channel = wiring.channel(peer);
          } catch (RuntimeException e) {
            LOG.error("cannot open a channel to {}; nothing will be sent to it", peer.node(), e);
            stopped = true;
            return;
          }
          open();
        });
  }

  /**
   * Queues {@code message} unless it is above the size limit or the queue would exceed its byte
   * bound. When full, the NEWEST message (this one) is dropped: what is queued keeps its order, a
   * message partly written to the stream is never torn, and the cores above tolerate loss, not
   * reordering of what they see.
   *
   * @param message the message
   * @return false if it was dropped
   */
  boolean offer(Outgoing message) {
    return offer(message, true);
  }

  /**
   * {@link #offer(Outgoing)}, leaving the drain to the caller when {@code drain} is false and less
   * than one chunk is queued: the caller then calls {@link #flush} once it has queued the rest of
   * its burst, so that the burst wakes the link thread once and leaves in one write.
   *
   * @return false if it was dropped
   */
  boolean offer(Outgoing message, boolean drain) {
    if (message.length() > limits.maxMessageBytes()) {
      LOG.warn(
          "dropped a {}-byte message to {}: above the {}-byte limit",
          message.length(),
          peer.node(),
          limits.maxMessageBytes());
      counters.dropped(message.length());
      return false;
    }
    synchronized (this) {
      if (closing || queuedBytes + message.length() > limits.outboundQueueBytes()) {
        counters.dropped(message.length());
        return false;
      }
      queue.add(message);
      queuedBytes += message.length();
      // A burst that has filled a chunk leaves now rather than wait for the rest of it.
      drain |= queuedBytes >= limits.chunkBytes();
    }
    if (drain) {
      scheduleDrain();
    }
    return true;
  }

  /** Sends what {@link #offer(Outgoing, boolean)} queued without a drain. */
  void flush() {
    scheduleDrain();
  }

  boolean connected() {
    return connected;
  }

  /** The thread that runs this link (its channel's network thread over netty). */
  ScheduledExecutorService thread() {
    return sender;
  }

  synchronized long queuedBytes() {
    return queuedBytes;
  }

  /** Refuses further messages; what is queued may still leave until {@link #stop}. */
  synchronized void beginClose() {
    closing = true;
  }

  ManagedChannel channel() {
    return channel;
  }

  /**
   * Ends the stream cleanly (a half-close after what was written), drops what is still queued and
   * shuts the channel down. Link thread only.
   */
  void stop() {
    stopped = true;
    connected = false;
    if (reconnect != null) {
      reconnect.cancel(false);
    }
    if (call != null) {
      if (accepted && current == null) {
        call.halfClose();
      } else {
        call.cancel("transport closing", null);
      }
    }
    synchronized (this) {
      for (Outgoing message : queue) {
        counters.dropped(message.length());
      }
      queue.clear();
      queuedBytes = 0;
    }
    if (current != null) {
      counters.dropped(current.length());
      current = null;
    }
    if (channel != null) {
      channel.shutdown();
    }
  }

  private void scheduleDrain() {
    if (drainScheduled.compareAndSet(false, true)) {
      try {
        sender.execute(this::drain);
      } catch (RejectedExecutionException e) {
        // The transport closed; stop() drops and counts what is queued.
      }
    }
  }

  private void open() {
    if (stopped) {
      return;
    }
    // gRPC reports a stream ready while less than this is buffered in it: one chunk's worth lets
    // the drain write several messages per wake-up instead of one (its default is 32 KiB).
    ClientCall<byte[], byte[]> opened =
        channel.newCall(
            FrameCodec.EXCHANGE, CallOptions.DEFAULT.withOnReadyThreshold(limits.chunkBytes()));
    call = opened;
    accepted = false;
    batched = false;
    Metadata headers = new Metadata();
    headers.put(FrameCodec.BATCH_HEADER, FrameCodec.BATCH_VERSION);
    opened.start(new Listener(opened), headers);
  }

  private void drain() {
    drainScheduled.set(false);
    ClientCall<byte[], byte[]> c = call;
    if (c == null || !accepted) {
      return;
    }
    try {
      while (c.isReady() && (batched ? sendBatch(c) : sendFrame(c))) {
        // Each round wrote one gRPC message.
      }
    } catch (RuntimeException e) {
      LOG.warn("stream to {} failed while sending; reopening it", peer.node(), e);
      c.cancel("send failed", e);
    }
  }

  /** Writes the next frame as one gRPC message (a peer without batches); false if none queued. */
  private boolean sendFrame(ClientCall<byte[], byte[]> c) {
    if (current == null) {
      synchronized (this) {
        current = queue.poll();
      }
      if (current == null) {
        return false;
      }
      currentOffset = 0;
    }
    int length = Math.min(limits.chunkBytes(), current.length() - currentOffset);
    c.sendMessage(FrameCodec.encode(current, currentOffset, length));
    currentOffset += length;
    if (currentOffset == current.length()) {
      counters.sent(current.length());
      synchronized (this) {
        queuedBytes -= current.length();
      }
      current = null;
    }
    return true;
  }

  /**
   * Writes the frames already queued, up to a batch's bounds, as one gRPC message; false if none
   * queued. Never waits for more: coalescing is only of what is there.
   */
  private boolean sendBatch(ClientCall<byte[], byte[]> c) {
    List<FrameCodec.Slice> frames = new ArrayList<>();
    // Within this node's own frame limit too, which the peer shares unless configured otherwise.
    int batchBytes =
        Math.min(FrameCodec.BATCH_TARGET_BYTES, limits.maxFrameBytes())
            - FrameCodec.BATCH_HEADER_BYTES;
    int size = 0;
    long completed = 0;
    long completedBytes = 0;
    while (frames.size() < FrameCodec.MAX_BATCH_FRAMES) {
      if (current == null) {
        synchronized (this) {
          current = queue.poll();
        }
        if (current == null) {
          break;
        }
        currentOffset = 0;
      }
      int length = Math.min(limits.chunkBytes(), current.length() - currentOffset);
      int entry = FrameCodec.batchEntrySize(current.length(), currentOffset, length);
      if (!frames.isEmpty() && size + entry > batchBytes) {
        break;
      }
      frames.add(new FrameCodec.Slice(current, currentOffset, length));
      size += entry;
      currentOffset += length;
      if (currentOffset == current.length()) {
        completed++;
        completedBytes += current.length();
        current = null;
      }
    }
    if (frames.isEmpty()) {
      return false;
    }
    try {
      c.sendMessage(FrameCodec.encodeBatch(frames, size));
      counters.sent(completed, completedBytes);
    } catch (RuntimeException e) {
      // Not handed to gRPC: the messages this batch completed are lost (a partial one is counted
      // when the stream ends).
      counters.dropped(completed, completedBytes);
      throw e;
    } finally {
      synchronized (this) {
        queuedBytes -= completedBytes;
      }
    }
    return true;
  }

  private void accepted(ClientCall<byte[], byte[]> c, boolean peerTakesBatches) {
    if (c != call || stopped) {
      return;
    }
    accepted = true;
    batched = peerTakesBatches;
    connected = true;
    if (failures > 0) {
      LOG.info("stream to {} at {} open again", peer.node(), peer.address());
    } else {
      LOG.debug("stream to {} at {} open", peer.node(), peer.address());
    }
    failures = 0;
    drain();
  }

  private void ended(ClientCall<byte[], byte[]> c, Status status) {
    if (c != call) {
      return;
    }
    call = null;
    accepted = false;
    connected = false;
    if (current != null && currentOffset > 0) {
      // Frames of it went out on the dead stream; the receiver discarded them.
      counters.dropped(current.length());
      synchronized (this) {
        queuedBytes -= current.length();
      }
      current = null;
    }
    if (stopped) {
      return;
    }
    long delayNanos = jittered(limits.backoff(failures).toNanos());
    if (failures == 0) {
      LOG.info(
          "stream to {} at {} ended ({}); reconnecting",
          peer.node(),
          peer.address(),
          brief(status));
      LOG.debug("stream to {} ended with {}", peer.node(), status, status.getCause());
    } else {
      LOG.debug(
          "stream to {} failed again ({}); retry in {} ms",
          peer.node(),
          status.getCode(),
          TimeUnit.NANOSECONDS.toMillis(delayNanos));
    }
    failures++;
    try {
      reconnect =
          sender.schedule(
              () -> {
                reconnect = null;
                // Our backoff governs; gRPC's own connect backoff (up to 2 min) must not add to it.
                channel.resetConnectBackoff();
                open();
              },
              delayNanos,
              TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // The transport closed.
    }
  }

  /**
   * Longest {@link #brief} text; gRPC's own can run to many lines (pipelines, causes, GOAWAY data).
   */
  static final int BRIEF_STATUS_CHARS = 120;

  /**
   * A one-line summary of a stream's end for an INFO line: the code, the first line of the
   * description and the first line of the cause's message, cut to {@link #BRIEF_STATUS_CHARS}. The
   * full status goes to DEBUG.
   *
   * @param status how the stream ended
   * @return e.g. {@code UNAVAILABLE: io exception (Connection refused: /127.0.0.1:4000)}
   */
  static String brief(Status status) {
    StringBuilder text = new StringBuilder(status.getCode().name());
    String description = firstLine(status.getDescription());
    if (!description.isEmpty()) {
      text.append(": ").append(description);
    }
    Throwable cause = status.getCause();
    if (cause != null) {
      String message = firstLine(cause.getMessage());
      text.append(" (").append(message.isEmpty() ? cause.getClass().getSimpleName() : message);
      text.append(')');
    }
    if (text.length() > BRIEF_STATUS_CHARS) {
      text.setLength(BRIEF_STATUS_CHARS - 3);
      text.append("...");
    }
    return text.toString();
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    int end = text.indexOf('\n');
    return (end < 0 ? text : text.substring(0, end)).strip();
  }

  private long jittered(long nanos) {
    double jitter = limits.reconnectJitter();
    if (jitter == 0) {
      return nanos;
    }
    return (long) (nanos * ThreadLocalRandom.current().nextDouble(1 - jitter, 1 + jitter));
  }

  /** gRPC's callbacks, moved onto the link thread; a callback of a replaced call is ignored. */
  private final class Listener extends ClientCall.Listener<byte[]> {
    private final ClientCall<byte[], byte[]> owner;

    Listener(ClientCall<byte[], byte[]> owner) {
      this.owner = owner;
    }

    @Override
    public void onHeaders(Metadata headers) {
      boolean peerTakesBatches =
          FrameCodec.BATCH_VERSION.equals(headers.get(FrameCodec.BATCH_HEADER));
      execute(() -> accepted(owner, peerTakesBatches));
    }

    @Override
    public void onReady() {
      scheduleDrain();
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      execute(() -> ended(owner, status));
    }

    private void execute(Runnable task) {
      try {
        sender.execute(task);
      } catch (RejectedExecutionException e) {
        // The transport closed.
      }
    }
  }

  @Override
  public String toString() {
    return "OutboundLink[" + peer.node() + "]";
  }
}
