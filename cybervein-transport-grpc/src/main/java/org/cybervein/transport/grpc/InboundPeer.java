package org.cybervein.transport.grpc;

import org.cybervein.api.NodeId;

/**
 * The receiving side for one roster member: its byte budget of messages waiting for the handler and
 * its one active stream. When the budget is spent the stream stops asking gRPC for frames, so
 * HTTP/2 flow control holds the sender back (its queue fills and drops, not ours); handing a
 * message to the handler frees budget and resumes the stream.
 *
 * <p>At most one stream per peer is active: a new one (the peer reconnected) supersedes the old,
 * which closes itself at its next frame. So a peer cannot multiply reassembly buffers by opening
 * streams.
 */
final class InboundPeer {
  private final NodeId node;
  private final PeerCounters counters;
  private final long limit;

  // Guarded by this.
  private InboundStream active;
  private InboundStream paused;
  private long pending;

  InboundPeer(NodeId node, PeerCounters counters, long limit) {
    this.node = node;
    this.counters = counters;
    this.limit = limit;
  }

  NodeId node() {
    return node;
  }

  PeerCounters counters() {
    return counters;
  }

  /**
   * Makes {@code stream} the active one.
   *
   * @return the stream it replaces, or null
   */
  synchronized InboundStream activate(InboundStream stream) {
    InboundStream previous = active;
    active = stream;
    if (paused == previous) {
      paused = null;
    }
    return previous;
  }

  synchronized void ended(InboundStream stream) {
    if (active == stream) {
      active = null;
    }
    if (paused == stream) {
      paused = null;
    }
  }

  /** Counts {@code bytes} of received messages as waiting for the handler. */
  synchronized void reserve(long bytes) {
    pending += bytes;
  }

  /**
   * Reserves budget for a message that cannot be held back (sent to itself): refused above the
   * limit.
   */
  synchronized boolean tryReserve(int bytes) {
    if (pending + bytes > limit) {
      return false;
    }
    pending += bytes;
    return true;
  }

  /** Asks for the stream's next frame if the budget allows, else parks the stream. */
  synchronized void requestNext(InboundStream stream) {
    if (pending < limit) {
      stream.requestOne();
    } else {
      paused = stream;
    }
  }

  /** Bytes of received messages waiting for the handler now. */
  synchronized long pendingBytes() {
    return pending;
  }

  /** The handler took {@code bytes}: frees them and resumes a parked stream. */
  synchronized void released(long bytes) {
    pending -= bytes;
    if (paused != null && pending < limit) {
      InboundStream resumed = paused;
      paused = null;
      resumed.requestOne();
    }
  }
}
