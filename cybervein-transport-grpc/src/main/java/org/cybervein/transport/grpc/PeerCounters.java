package org.cybervein.transport.grpc;

import java.util.concurrent.atomic.AtomicLong;

/** The running counters behind one {@link GrpcPeerStats}; updated from any thread. */
final class PeerCounters {
  private final AtomicLong messagesSent = new AtomicLong();
  private final AtomicLong bytesSent = new AtomicLong();
  private final AtomicLong messagesReceived = new AtomicLong();
  private final AtomicLong bytesReceived = new AtomicLong();
  private final AtomicLong messagesDropped = new AtomicLong();
  private final AtomicLong bytesDropped = new AtomicLong();
  private final AtomicLong inboundDropped = new AtomicLong();

  void sent(int bytes) {
    messagesSent.incrementAndGet();
    bytesSent.addAndGet(bytes);
  }

  void sent(long messages, long bytes) {
    messagesSent.addAndGet(messages);
    bytesSent.addAndGet(bytes);
  }

  void dropped(long messages, long bytes) {
    messagesDropped.addAndGet(messages);
    bytesDropped.addAndGet(bytes);
  }

  void received(int bytes) {
    messagesReceived.incrementAndGet();
    bytesReceived.addAndGet(bytes);
  }

  void dropped(int bytes) {
    messagesDropped.incrementAndGet();
    bytesDropped.addAndGet(bytes);
  }

  void inboundDropped() {
    inboundDropped.incrementAndGet();
  }

  GrpcPeerStats snapshot(boolean connected, long queuedBytes) {
    return new GrpcPeerStats(
        connected,
        messagesSent.get(),
        bytesSent.get(),
        messagesReceived.get(),
        bytesReceived.get(),
        messagesDropped.get(),
        bytesDropped.get(),
        inboundDropped.get(),
        queuedBytes);
  }
}
