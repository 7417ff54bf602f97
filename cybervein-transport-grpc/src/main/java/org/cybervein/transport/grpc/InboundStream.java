package org.cybervein.transport.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import java.util.List;
import org.cybervein.api.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted inbound stream: decodes frames (one per gRPC message, or a batch of them if the
 * stream negotiated batches), reassembles messages and hands those each gRPC message completed to
 * the transport's delivery thread in one go. gRPC calls the listener methods one at a time; the
 * lock guards against {@link #supersede()} and {@link #requestOne()} from other threads.
 */
final class InboundStream extends ServerCall.Listener<byte[]> {
  private static final Logger LOG = LoggerFactory.getLogger(InboundStream.class);

  /** Where complete messages go. */
  interface Sink {
    void deliver(InboundPeer from, List<Bytes> messages);
  }

  private final InboundPeer peer;
  private final ServerCall<byte[], byte[]> call;
  private final FrameCodec codec;
  private final Reassembler reassembler;
  private final boolean batched;
  private final Sink sink;

  // Guarded by this.
  private boolean superseded;
  // Written under the lock, read without it by requestOne (which runs under the peer's lock).
  private volatile boolean done;

  InboundStream(
      InboundPeer peer,
      ServerCall<byte[], byte[]> call,
      FrameCodec codec,
      int maxMessageBytes,
      boolean batched,
      Sink sink) {
    this.peer = peer;
    this.call = call;
    this.codec = codec;
    this.reassembler = new Reassembler(maxMessageBytes);
    this.batched = batched;
    this.sink = sink;
  }

  @Override
  public void onMessage(byte[] encoded) {
    List<Bytes> messages;
    synchronized (this) {
      if (done) {
        return;
      }
      if (superseded) {
        finish(Status.CANCELLED.withDescription("superseded by a newer stream from the same node"));
        return;
      }
      try {
        messages =
            batched
                ? reassembler.acceptAll(codec.decodeBatch(encoded))
                : reassembler.accept(codec.decode(encoded)).map(List::of).orElse(List.of());
      } catch (InvalidTransportInputException e) {
        LOG.warn(
            "refused a frame from {} ({}): {}; closing its stream",
            peer.node(),
            e.reason(),
            e.getMessage());
        peer.counters().inboundDropped();
        finish(Status.INVALID_ARGUMENT.withDescription(e.reason() + ": " + e.getMessage()));
        return;
      }
    }
    if (!messages.isEmpty()) {
      sink.deliver(peer, messages);
    }
    peer.requestNext(this);
  }

  @Override
  public void onHalfClose() {
    synchronized (this) {
      if (!done) {
        finish(Status.OK);
      }
    }
  }

  @Override
  public void onCancel() {
    ended();
  }

  @Override
  public void onComplete() {
    ended();
  }

  /** A newer stream from the same peer took over; this one closes at its next frame. */
  synchronized void supersede() {
    superseded = true;
    reassembler.reset();
  }

  /** Lets gRPC deliver one more frame; thread-safe in gRPC. */
  void requestOne() {
    if (!done) {
      call.request(1);
    }
  }

  private void finish(Status status) {
    done = true;
    reassembler.reset();
    call.close(status, new Metadata());
    peer.ended(this);
  }

  private void ended() {
    synchronized (this) {
      done = true;
      reassembler.reset();
    }
    peer.ended(this);
  }
}
