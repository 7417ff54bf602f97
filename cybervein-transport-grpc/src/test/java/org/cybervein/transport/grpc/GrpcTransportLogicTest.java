package org.cybervein.transport.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The transport's logic over in-process gRPC: ordering, chunking, bounds, backpressure, drops. */
class GrpcTransportLogicTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final String namespace = UUID.randomUUID().toString();
  private final List<GrpcTransport> started = new ArrayList<>();

  @AfterEach
  void closeAll() {
    started.forEach(GrpcTransport::close);
  }

  private static List<GrpcPeer> roster(int n) {
    List<GrpcPeer> peers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      peers.add(
          new GrpcPeer(
              Nodes.id(i), Nodes.key(i).publicKey(), new InetSocketAddress("127.0.0.1", 1 + i)));
    }
    return peers;
  }

  private GrpcTransport start(int index, List<GrpcPeer> roster, GrpcTransportLimits limits)
      throws Exception {
    GrpcTransportConfig config = Nodes.config(index, roster, limits);
    GrpcTransport t = GrpcTransport.start(config, new InProcessWiring(namespace, config));
    started.add(t);
    return t;
  }

  /** Small frames and queues, so that chunking and bounds show with kilobytes. */
  private static GrpcTransportLimits small(int chunk, int maxMessage, long queue) {
    GrpcTransportLimits f = Nodes.fastLimits();
    return new GrpcTransportLimits(
        chunk + GrpcTransportLimits.FRAME_OVERHEAD,
        chunk,
        maxMessage,
        queue,
        queue,
        f.keepaliveTime(),
        f.keepaliveTimeout(),
        f.reconnectInitial(),
        f.reconnectMax(),
        f.reconnectJitter(),
        f.closeGrace());
  }

  private static Bytes numbered(int n, int size) {
    byte[] b = new byte[Math.max(size, 4)];
    ByteBuffer.wrap(b).putInt(n);
    for (int i = 4; i < b.length; i++) {
      b[i] = (byte) (n * 31 + i);
    }
    return Bytes.of(b);
  }

  private static int number(Bytes message) {
    return ByteBuffer.wrap(message.toByteArray()).getInt();
  }

  @Test
  void deliversEveryMessageInOrderOnTheOneDeliveryThreadChunkingLargeOnes() throws Exception {
    List<GrpcPeer> roster = roster(2);
    GrpcTransportLimits limits = small(1000, 20_000, 4_000_000);
    GrpcTransport a = start(0, roster, limits);
    GrpcTransport b = start(1, roster, limits);
    Nodes.Inbox inbox = new Nodes.Inbox();
    inbox.attach(b);
    int count = 300;
    for (int i = 0; i < count; i++) {
      a.send(Nodes.id(1), numbered(i, (i * 97) % 7000)); // up to 7 chunks
    }
    for (int i = 0; i < count; i++) {
      Nodes.Received r = inbox.next(WAIT);
      assertEquals(Nodes.id(0), r.from());
      assertEquals(numbered(i, (i * 97) % 7000), r.message());
      assertEquals("cybervein-grpc-deliver-node-1", r.thread());
    }
    // The sender counts a message after its last frame left, which in-process may be after
    // delivery.
    Nodes.await(
        "all counted as sent",
        WAIT,
        () -> a.stats().peer(Nodes.id(1)).orElseThrow().messagesSent() == count);
    GrpcPeerStats sent = a.stats().peer(Nodes.id(1)).orElseThrow();
    assertEquals(0, sent.messagesDropped());
    assertEquals(count, b.stats().peer(Nodes.id(0)).orElseThrow().messagesReceived());
  }

  @Test
  void messagesThatArriveBeforeTheFirstHandlerWaitForIt() throws Exception {
    List<GrpcPeer> roster = roster(2);
    GrpcTransport a = start(0, roster, Nodes.fastLimits());
    GrpcTransport b = start(1, roster, Nodes.fastLimits());
    for (int i = 0; i < 5; i++) {
      a.send(Nodes.id(1), numbered(i, 100));
    }
    Nodes.await(
        "all sent", WAIT, () -> a.stats().peer(Nodes.id(1)).orElseThrow().messagesSent() == 5);
    Nodes.Inbox inbox = new Nodes.Inbox();
    inbox.attach(b); // only now: before the fix these five were dropped
    for (int i = 0; i < 5; i++) {
      assertEquals(i, number(inbox.next(WAIT).message()));
    }
    assertEquals(0, b.stats().peer(Nodes.id(0)).orElseThrow().inboundDropped());
  }

  @Test
  void queuesWhileThePeerIsAwayDroppingTheNewestBeyondTheByteBound() throws Exception {
    List<GrpcPeer> roster = roster(2);
    GrpcTransportLimits limits = small(1000, 1000, 10_000);
    GrpcTransport a = start(0, roster, limits);
    for (int i = 0; i < 25; i++) {
      a.send(Nodes.id(1), numbered(i, 1000)); // 10 fit, 15 are dropped
    }
    GrpcPeerStats waiting = a.stats().peer(Nodes.id(1)).orElseThrow();
    assertEquals(10_000, waiting.queuedBytes());
    assertEquals(15, waiting.messagesDropped());
    assertEquals(15_000, waiting.bytesDropped());
    GrpcTransport b = start(1, roster, limits);
    Nodes.Inbox inbox = new Nodes.Inbox();
    inbox.attach(b);
    for (int i = 0; i < 10; i++) {
      assertEquals(i, number(inbox.next(WAIT).message())); // the oldest ten, in order
    }
    assertNull(inbox.poll(Duration.ofMillis(200)));
    Nodes.await(
        "queue empty", WAIT, () -> a.stats().peer(Nodes.id(1)).orElseThrow().queuedBytes() == 0);
  }

  @Test
  void aSlowHandlerHoldsTheSenderBackThroughFlowControlWithinTheBounds() throws Exception {
    List<GrpcPeer> roster = roster(2);
    long queue = 20_000;
    GrpcTransportLimits limits = small(1000, 1000, queue);
    GrpcTransport a = start(0, roster, limits);
    GrpcTransport b = start(1, roster, limits);
    CountDownLatch release = new CountDownLatch(1);
    List<Integer> got = new ArrayList<>();
    AtomicLong gotCount = new AtomicLong();
    b.register(
        (from, message) -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          got.add(number(message));
          gotCount.incrementAndGet();
        });
    Nodes.await("connected", WAIT, () -> a.stats().peer(Nodes.id(1)).orElseThrow().connected());
    int count = 500; // 500 kB against 20 kB queues on each side
    for (int i = 0; i < count; i++) {
      a.send(Nodes.id(1), numbered(i, 1000));
      assertTrue(a.stats().peer(Nodes.id(1)).orElseThrow().queuedBytes() <= queue);
    }
    GrpcPeerStats held = a.stats().peer(Nodes.id(1)).orElseThrow();
    assertTrue(held.messagesDropped() > 0, "the sender dropped once both bounds were reached");
    release.countDown();
    Nodes.await(
        "everything accepted arrives",
        WAIT,
        () ->
            gotCount.get() == count - a.stats().peer(Nodes.id(1)).orElseThrow().messagesDropped());
    for (int i = 1; i < got.size(); i++) {
      assertTrue(got.get(i - 1) < got.get(i), "order kept across drops");
    }
    // The receiver held at most its inbound bound plus one message, the sender's queue the rest.
    assertTrue(count - held.messagesDropped() <= (queue + queue + 2 * 1000) / 1000 + 4);
  }

  @Test
  void dropsAMessageAboveTheSizeLimitAndAMessageToAStranger() throws Exception {
    List<GrpcPeer> roster = roster(2);
    GrpcTransport a = start(0, roster, small(1000, 5000, 10_000));
    GrpcTransport b = start(1, roster, small(1000, 5000, 10_000));
    Nodes.Inbox inbox = new Nodes.Inbox();
    inbox.attach(b);
    a.send(Nodes.id(1), Bytes.of(new byte[5001]));
    a.send(NodeId.of("stranger"), Bytes.utf8("lost"));
    a.send(Nodes.id(1), Bytes.utf8("fits"));
    assertEquals(Bytes.utf8("fits"), inbox.next(WAIT).message());
    assertEquals(1, a.stats().peer(Nodes.id(1)).orElseThrow().messagesDropped());
    Nodes.await(
        "counted as sent",
        WAIT,
        () -> a.stats().peer(Nodes.id(1)).orElseThrow().messagesSent() == 1);
  }

  @Test
  void aMessageToItselfIsDeliveredLocallyAndAThrowingHandlerDoesNotStopDelivery() throws Exception {
    List<GrpcPeer> roster = roster(2);
    GrpcTransport a = start(0, roster, Nodes.fastLimits());
    List<Bytes> got = new ArrayList<>();
    CountDownLatch two = new CountDownLatch(2);
    a.register(
        (from, message) -> {
          assertEquals(Nodes.id(0), from);
          got.add(message);
          two.countDown();
          if (got.size() == 1) {
            throw new IllegalStateException("a core's bug");
          }
        });
    a.send(Nodes.id(0), Bytes.utf8("one"));
    a.send(Nodes.id(0), Bytes.utf8("two"));
    assertTrue(two.await(10, TimeUnit.SECONDS));
    assertEquals(List.of(Bytes.utf8("one"), Bytes.utf8("two")), got);
  }

  @Test
  void aMalformedFrameClosesThePeersStreamAndIsCountedWhileAGoodStreamWorks() throws Exception {
    List<GrpcPeer> roster = roster(2);
    GrpcTransport b = start(1, roster, Nodes.fastLimits());
    ManagedChannel raw =
        InProcessChannelBuilder.forName(InProcessWiring.serverName(namespace, Nodes.id(1)))
            .directExecutor()
            .intercept(InProcessWiring.claim(Nodes.id(0)))
            .build();
    try {
      Status status = exchange(raw, new byte[] {0x08, (byte) 0x80}); // a varint cut short
      assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode());
      assertEquals(1, b.stats().peer(Nodes.id(0)).orElseThrow().inboundDropped());
    } finally {
      raw.shutdownNow();
    }
    GrpcTransport a = start(0, roster, Nodes.fastLimits());
    Nodes.Inbox inbox = new Nodes.Inbox();
    inbox.attach(b);
    a.send(Nodes.id(1), Bytes.utf8("after"));
    assertEquals(Bytes.utf8("after"), inbox.next(WAIT).message());
  }

  @Test
  void refusesAStreamFromANodeOutsideTheRoster() throws Exception {
    List<GrpcPeer> roster = roster(2);
    GrpcTransport b = start(1, roster, Nodes.fastLimits());
    Nodes.Inbox inbox = new Nodes.Inbox();
    inbox.attach(b);
    ManagedChannel raw =
        InProcessChannelBuilder.forName(InProcessWiring.serverName(namespace, Nodes.id(1)))
            .directExecutor()
            .intercept(InProcessWiring.claim(NodeId.of("stranger")))
            .build();
    try {
      Status status = exchange(raw, FrameCodec.encode(new byte[] {1}, 0, 1));
      assertEquals(Status.Code.PERMISSION_DENIED, status.getCode());
    } finally {
      raw.shutdownNow();
    }
    assertNull(inbox.poll(Duration.ofMillis(100)));
  }

  @Test
  void aNewStreamFromTheSamePeerSupersedesTheOldOneAndItsHalfMessage() throws Exception {
    List<GrpcPeer> roster = roster(2);
    GrpcTransport b = start(1, roster, Nodes.fastLimits());
    Nodes.Inbox inbox = new Nodes.Inbox();
    inbox.attach(b);
    ManagedChannel raw =
        InProcessChannelBuilder.forName(InProcessWiring.serverName(namespace, Nodes.id(1)))
            .directExecutor()
            .intercept(InProcessWiring.claim(Nodes.id(0)))
            .build();
    try {
      byte[] half = new byte[20];
      CompletableFuture<Status> oldClosed = new CompletableFuture<>();
      ClientCall<byte[], byte[]> old = open(raw, oldClosed);
      old.sendMessage(FrameCodec.encode(half, 0, 10)); // first half of a message
      Thread.sleep(100);
      CompletableFuture<Status> newClosed = new CompletableFuture<>();
      ClientCall<byte[], byte[]> fresh = open(raw, newClosed);
      fresh.sendMessage(FrameCodec.encode(new byte[] {7}, 0, 1));
      assertEquals(Bytes.of(new byte[] {7}), inbox.next(WAIT).message());
      old.sendMessage(FrameCodec.encode(half, 10, 10)); // the second half, on the old stream
      assertEquals(Status.Code.CANCELLED, oldClosed.get(10, TimeUnit.SECONDS).getCode());
      assertNull(inbox.poll(Duration.ofMillis(100)), "the old stream's message never completes");
      fresh.cancel("done", null);
    } finally {
      raw.shutdownNow();
    }
  }

  private static ClientCall<byte[], byte[]> open(
      ManagedChannel channel, CompletableFuture<Status> closed) {
    ClientCall<byte[], byte[]> call = channel.newCall(FrameCodec.EXCHANGE, CallOptions.DEFAULT);
    call.start(
        new ClientCall.Listener<>() {
          @Override
          public void onClose(Status status, Metadata trailers) {
            closed.complete(status);
          }
        },
        new Metadata());
    return call;
  }

  /** Opens one raw stream, writes one frame, and returns how the server ended the stream. */
  private static Status exchange(ManagedChannel channel, byte[] frame) throws Exception {
    CompletableFuture<Status> closed = new CompletableFuture<>();
    ClientCall<byte[], byte[]> call = channel.newCall(FrameCodec.EXCHANGE, CallOptions.DEFAULT);
    call.start(
        new ClientCall.Listener<>() {
          @Override
          public void onClose(Status status, Metadata trailers) {
            closed.complete(status);
          }
        },
        new Metadata());
    call.sendMessage(frame);
    return closed.get(10, TimeUnit.SECONDS);
  }
}
