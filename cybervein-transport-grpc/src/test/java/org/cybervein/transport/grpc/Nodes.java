package org.cybervein.transport.grpc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.testing.DeterministicKeys;

/** Test fixtures: keys, rosters on free loopback ports, a recording handler, waiting. */
final class Nodes {
  static final long SEED = 15;

  private Nodes() {}

  static Ed25519PrivateKey key(int index) {
    return DeterministicKeys.ed25519(SEED, index);
  }

  static NodeId id(int index) {
    return NodeId.of("node-" + index);
  }

  /** Short timings so that reconnect tests take milliseconds, not seconds. */
  static GrpcTransportLimits fastLimits() {
    GrpcTransportLimits d = GrpcTransportLimits.defaults();
    return new GrpcTransportLimits(
        d.maxFrameBytes(),
        d.chunkBytes(),
        d.maxMessageBytes(),
        d.outboundQueueBytes(),
        d.inboundQueueBytes(),
        d.keepaliveTime(),
        d.keepaliveTimeout(),
        Duration.ofMillis(20),
        Duration.ofMillis(200),
        0.2,
        Duration.ofMillis(500));
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** A roster of {@code n} nodes on free loopback ports. */
  static List<GrpcPeer> roster(int n) throws IOException {
    List<GrpcPeer> peers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      peers.add(
          new GrpcPeer(
              id(i),
              key(i).publicKey(),
              new InetSocketAddress(InetAddress.getLoopbackAddress(), freePort())));
    }
    return peers;
  }

  static GrpcTransportConfig config(int index, List<GrpcPeer> roster, GrpcTransportLimits limits) {
    return config(index, roster, limits, GrpcTransportThreading.defaults());
  }

  static GrpcTransportConfig config(
      int index,
      List<GrpcPeer> roster,
      GrpcTransportLimits limits,
      GrpcTransportThreading threading) {
    return new GrpcTransportConfig(
        id(index), key(index), roster.get(index).address(), roster, limits, threading);
  }

  static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** One received message. */
  record Received(NodeId from, Bytes message, String thread) {}

  /** A handler that records what arrives. */
  static final class Inbox {
    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    void attach(GrpcTransport transport) {
      transport.register(
          (from, message) ->
              received.add(new Received(from, message, Thread.currentThread().getName())));
    }

    Received next(Duration timeout) throws InterruptedException {
      Received r = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (r == null) {
        throw new AssertionError("no message within " + timeout);
      }
      return r;
    }

    Received poll(Duration timeout) throws InterruptedException {
      return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
  }
}
