package org.cybervein.transport.grpc;

import java.util.Objects;

/**
 * How a {@link GrpcTransport} spends threads: how many network threads do its sockets' I/O (TLS,
 * HTTP/2, frame encoding; the server's accepted connections and the outbound links share them), and
 * which thread calls the handler.
 *
 * <p>{@link #defaults()} keep the handler on a dedicated delivery thread, so a handler that blocks
 * (on a disk, a lock, a slow consumer) never holds up the sockets. A process that runs one protocol
 * core whose handling never waits long, such as a PBFT member on a machine with few cores, does
 * less work with {@link #singleThreaded()}: one network thread that also runs the handler, so a
 * received message is decoded, handled and answered without waking any other thread of the process.
 *
 * @param networkThreads the event-loop threads doing the sockets' I/O, at least 1; or 0 for one per
 *     available processor, at most one per peer
 * @param delivery the thread the handler runs on
 */
public record GrpcTransportThreading(int networkThreads, Delivery delivery) {
  /** Which thread calls the {@link org.cybervein.api.net.MessageHandler}. */
  public enum Delivery {
    /**
     * One thread of the transport's own, fed by the network threads: the handler may block without
     * stalling the sockets; each received batch costs a hand-off to that thread.
     */
    DEDICATED_THREAD,
    /**
     * The network thread that completed the messages, when no other thread is delivering; else they
     * wait for the thread that is, which hands them over right after its own (so the handler still
     * runs on one thread at a time, in each peer's order). No hand-off, but while the handler runs,
     * that network thread does no I/O: for handlers that return quickly.
     */
    NETWORK_THREAD
  }

  /**
   * Checks the thread count.
   *
   * @param networkThreads at least 0 (0 chooses by processors and peers)
   * @param delivery the handler's thread
   */
  public GrpcTransportThreading {
    Objects.requireNonNull(delivery, "delivery");
    if (networkThreads < 0) {
      throw new IllegalArgumentException(
          "networkThreads must be 0 (automatic) or more, got " + networkThreads);
    }
  }

  /**
   * Network threads chosen by processors and peers, and a dedicated delivery thread.
   *
   * @return the default threading
   */
  public static GrpcTransportThreading defaults() {
    return new GrpcTransportThreading(0, Delivery.DEDICATED_THREAD);
  }

  /**
   * One network thread that also runs the handler: the whole transport on one thread.
   *
   * @return the single-threaded threading
   */
  public static GrpcTransportThreading singleThreaded() {
    return new GrpcTransportThreading(1, Delivery.NETWORK_THREAD);
  }

  /**
   * The network threads for a roster of {@code peers} other members on this machine.
   *
   * @param peers the members this node dials
   * @return {@link #networkThreads()}, or if that is 0 the processors available, at most {@code
   *     peers} and at least 1
   */
  int networkThreadsFor(int peers) {
    if (networkThreads > 0) {
      return networkThreads;
    }
    return Math.max(1, Math.min(peers, Runtime.getRuntime().availableProcessors()));
  }
}
