package org.cybervein.transport.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.wire.v1.TransportProto.TransportFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Batches on the wire between our transport and peers with and without them (over in-process gRPC,
 * with raw gRPC peers standing in for other implementations), and what {@link
 * GrpcTransport#stats()} counts.
 */
class BatchingAndStatsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final FrameCodec CODEC = new FrameCodec(4 * 1024 * 1024);
  private final String namespace = UUID.randomUUID().toString();
  private final List<GrpcTransport> started = new ArrayList<>();
  private final List<Server> servers = new ArrayList<>();

  @AfterEach
  void closeAll() {
    started.forEach(GrpcTransport::close);
    servers.forEach(Server::shutdownNow);
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

  private GrpcTransport start(int index, List<GrpcPeer> roster) throws Exception {
    GrpcTransportConfig config = Nodes.config(index, roster, Nodes.fastLimits());
    GrpcTransport t = GrpcTransport.start(config, new InProcessWiring(namespace, config));
    started.add(t);
    return t;
  }

  private static Bytes numbered(int n) {
    return Bytes.of(ByteBuffer.allocate(16).putInt(n).array());
  }

  /** What a raw peer received on one stream: the request headers and each gRPC message. */
  private record Recording(CompletableFuture<Metadata> headers, BlockingQueue<byte[]> messages) {}

  /**
   * A raw gRPC server in place of node 1: an older implementation if {@code acceptBatches} is false
   * (it answers without the batch header), else one that takes batches.
   */
  private Recording rawPeer(boolean acceptBatches) throws Exception {
    Recording recording = new Recording(new CompletableFuture<>(), new LinkedBlockingQueue<>());
    ServerCallHandler<byte[], byte[]> handler =
        new ServerCallHandler<>() {
          @Override
          public ServerCall.Listener<byte[]> startCall(
              ServerCall<byte[], byte[]> call, Metadata headers) {
            recording.headers().complete(headers);
            Metadata answer = new Metadata();
            if (acceptBatches) {
              answer.put(FrameCodec.BATCH_HEADER, FrameCodec.BATCH_VERSION);
            }
            call.sendHeaders(answer);
            call.request(Integer.MAX_VALUE);
            return new ServerCall.Listener<>() {
              @Override
              public void onMessage(byte[] message) {
                recording.messages().add(message);
              }
            };
          }
        };
    servers.add(
        InProcessServerBuilder.forName(InProcessWiring.serverName(namespace, Nodes.id(1)))
            .addService(
                ServerServiceDefinition.builder(FrameCodec.SERVICE)
                    .addMethod(FrameCodec.EXCHANGE, handler)
                    .build())
            .directExecutor()
            .build()
            .start());
    return recording;
  }

  private static byte[] take(Recording r) throws InterruptedException {
    byte[] m = r.messages().poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertTrue(m != null, "a gRPC message arrived");
    return m;
  }

  @Test
  void aBacklogLeavesInFewBatchesAndALoneMessageInOneOfItsOwn() throws Exception {
    GrpcTransport a = start(0, roster(2));
    int count = 200;
    for (int i = 0; i < count; i++) {
      a.send(Nodes.id(1), numbered(i)); // queued: nobody listens yet
    }
    Recording peer = rawPeer(true);
    assertEquals(
        FrameCodec.BATCH_VERSION,
        peer.headers().get(10, TimeUnit.SECONDS).get(FrameCodec.BATCH_HEADER));
    Reassembler reassembler = new Reassembler(1000);
    List<Bytes> got = new ArrayList<>();
    int grpcMessages = 0;
    while (got.size() < count) {
      got.addAll(reassembler.acceptAll(CODEC.decodeBatch(take(peer))));
      grpcMessages++;
    }
    for (int i = 0; i < count; i++) {
      assertEquals(numbered(i), got.get(i), "in order");
    }
    assertTrue(grpcMessages <= 2, "the queued 200 left in " + grpcMessages + " gRPC messages");
    a.send(Nodes.id(1), numbered(7));
    List<Bytes> lone = reassembler.acceptAll(CODEC.decodeBatch(take(peer)));
    assertEquals(1, lone.size());
    assertEquals(numbered(7), lone.get(0));
  }

  @Test
  void whatAHandlerSendsWhileHandlingReceivedMessagesLeavesTogetherAfterThem() throws Exception {
    // Node 0 answers each message from node 2 with three messages to node 1 (a raw peer). Node 2's
    // backlog of 50 reaches node 0 in at most two gRPC messages (see above), so node 0 handles it
    // in at most two groups; what it sends while handling a group leaves when the group is done,
    // in one batch, not one write per answer as the link thread could otherwise pick them up.
    List<GrpcPeer> roster = roster(3);
    Recording peer = rawPeer(true);
    GrpcTransport c = start(2, roster);
    int count = 50;
    for (int i = 0; i < count; i++) {
      c.send(Nodes.id(0), numbered(i)); // queued: node 0 does not run yet
    }
    GrpcTransport a = start(0, roster);
    a.register(
        (from, message) -> {
          int n = ByteBuffer.wrap(message.toByteArray()).getInt();
          for (int k = 0; k < 3; k++) {
            a.send(Nodes.id(1), numbered(3 * n + k));
            // Handling takes time: a link thread draining at once would send each answer alone.
            LockSupport.parkNanos(200_000);
          }
        });
    Reassembler reassembler = new Reassembler(1000);
    List<Bytes> got = new ArrayList<>();
    int grpcMessages = 0;
    while (got.size() < 3 * count) {
      got.addAll(reassembler.acceptAll(CODEC.decodeBatch(take(peer))));
      grpcMessages++;
    }
    for (int i = 0; i < 3 * count; i++) {
      assertEquals(numbered(i), got.get(i), "in order");
    }
    assertTrue(grpcMessages <= 2, "150 answers left in " + grpcMessages + " gRPC messages");
  }

  @Test
  void aPeerThatDoesNotAnswerTheBatchHeaderGetsOneFramePerGrpcMessage() throws Exception {
    Recording peer = rawPeer(false);
    GrpcTransport a = start(0, roster(2));
    Nodes.await("connected", WAIT, () -> a.stats().peer(Nodes.id(1)).orElseThrow().connected());
    for (int i = 0; i < 30; i++) {
      a.send(Nodes.id(1), numbered(i));
    }
    for (int i = 0; i < 30; i++) {
      TransportFrame frame = CODEC.decode(take(peer));
      assertEquals(numbered(i), Bytes.of(frame.getChunk().toByteArray()));
      assertEquals(16, frame.getMessageLength());
    }
    assertNull(peer.messages().poll(100, TimeUnit.MILLISECONDS));
  }

  /** A raw client in place of node 0, offering batches; returns how the stream ended. */
  private CompletableFuture<Status> rawClient(
      ManagedChannel channel, CompletableFuture<Metadata> answer, List<byte[]> sent) {
    CompletableFuture<Status> closed = new CompletableFuture<>();
    ClientCall<byte[], byte[]> call = channel.newCall(FrameCodec.EXCHANGE, CallOptions.DEFAULT);
    Metadata offer = new Metadata();
    offer.put(FrameCodec.BATCH_HEADER, FrameCodec.BATCH_VERSION);
    call.start(
        new ClientCall.Listener<>() {
          @Override
          public void onHeaders(Metadata headers) {
            answer.complete(headers);
          }

          @Override
          public void onClose(Status status, Metadata trailers) {
            closed.complete(status);
          }
        },
        offer);
    sent.forEach(call::sendMessage);
    call.halfClose();
    return closed;
  }

  private static byte[] batchOf(List<FrameCodec.Slice> frames) {
    int size = 0;
    for (FrameCodec.Slice s : frames) {
      size += FrameCodec.batchEntrySize(s.message().length(), s.offset(), s.length());
    }
    return FrameCodec.encodeBatch(frames, size);
  }

  @Test
  void theServerTakesBatchesFromAClientThatOffersThemAndRefusesABadOneWhole() throws Exception {
    GrpcTransport b = start(1, roster(2));
    Nodes.Inbox inbox = new Nodes.Inbox();
    inbox.attach(b);
    ManagedChannel raw =
        InProcessChannelBuilder.forName(InProcessWiring.serverName(namespace, Nodes.id(1)))
            .directExecutor()
            .intercept(InProcessWiring.claim(Nodes.id(0)))
            .build();
    try {
      byte[] one = numbered(1).toByteArray();
      byte[] two = new byte[40];
      byte[] good =
          batchOf(
              List.of(
                  new FrameCodec.Slice(one, 0, one.length),
                  new FrameCodec.Slice(two, 0, 25))); // two continues in the next batch
      byte[] rest = batchOf(List.of(new FrameCodec.Slice(two, 25, 15)));
      CompletableFuture<Metadata> answer = new CompletableFuture<>();
      Status status = rawClient(raw, answer, List.of(good, rest)).get(10, TimeUnit.SECONDS);
      assertEquals(Status.Code.OK, status.getCode());
      assertEquals(FrameCodec.BATCH_VERSION, answer.get().get(FrameCodec.BATCH_HEADER));
      assertEquals(Bytes.of(one), inbox.next(WAIT).message());
      assertEquals(Bytes.of(two), inbox.next(WAIT).message());

      byte[] bad =
          batchOf(
              List.of(
                  new FrameCodec.Slice(one, 0, one.length),
                  new FrameCodec.Slice(two, 5, 10))); // does not start at 0
      status = rawClient(raw, new CompletableFuture<>(), List.of(bad)).get(10, TimeUnit.SECONDS);
      assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode());
      assertNull(inbox.poll(Duration.ofMillis(100)), "nothing of a refused batch is delivered");
      assertEquals(1, b.stats().peer(Nodes.id(0)).orElseThrow().inboundDropped());
    } finally {
      raw.shutdownNow();
    }
  }

  @Test
  void statsCountMessagesToItselfAndToNodesOutsideTheRoster() throws Exception {
    GrpcTransport a = start(0, roster(2));
    Nodes.Inbox inbox = new Nodes.Inbox();
    inbox.attach(a);
    a.send(Nodes.id(0), Bytes.utf8("to me"));
    a.send(NodeId.of("stranger"), Bytes.utf8("lost"));
    a.send(NodeId.of("stranger"), Bytes.utf8("lost too"));
    assertEquals(Bytes.utf8("to me"), inbox.next(WAIT).message());
    GrpcTransportStats stats = a.stats();
    GrpcPeerStats self = stats.peer(Nodes.id(0)).orElseThrow();
    assertEquals(1, self.messagesSent());
    assertEquals(5, self.bytesSent());
    Nodes.await(
        "counted as received",
        WAIT,
        () -> a.stats().peer(Nodes.id(0)).orElseThrow().messagesReceived() == 1);
    assertEquals(2, stats.messagesToUnknown());
    assertEquals(12, stats.bytesToUnknown());
    assertFalse(stats.peer(NodeId.of("stranger")).isPresent());
  }

  @Test
  void everyMessageIsCountedOnceAsSentDroppedOrQueuedAcrossABrokenStream() throws Exception {
    List<GrpcPeer> roster = roster(2);
    GrpcTransport a = start(0, roster);
    GrpcTransport b = start(1, roster);
    Nodes.Inbox inbox = new Nodes.Inbox();
    inbox.attach(b);
    Nodes.await("connected", WAIT, () -> a.stats().peer(Nodes.id(1)).orElseThrow().connected());
    long offered = 0;
    for (int i = 0; i < 3000; i++) {
      int size = 16 + (i * 37) % 3000;
      a.send(Nodes.id(1), Bytes.of(new byte[size]));
      offered += size;
      if (i == 1500) {
        b.close(); // the stream breaks with messages queued and in gRPC's hands
      }
    }
    long total = offered;
    Nodes.await(
        "every offered byte accounted for",
        WAIT,
        () -> {
          GrpcPeerStats s = a.stats().peer(Nodes.id(1)).orElseThrow();
          return s.bytesSent() + s.bytesDropped() + s.queuedBytes() == total;
        });
    GrpcPeerStats s = a.stats().peer(Nodes.id(1)).orElseThrow();
    // Sent means handed to gRPC whole: the receiver got at most that many.
    long received = b.stats().peer(Nodes.id(0)).orElseThrow().messagesReceived();
    assertTrue(received <= s.messagesSent(), received + " received, " + s + " sent");
    assertTrue(s.messagesSent() > 0);
  }

  @Test
  void theReconnectLineShowsAShortStatus() {
    String pipeline =
        "io exception\nChannel Pipeline: [SslHandler#0, ProtocolNegotiators$ClientTlsHandler#0,"
            + " WriteBufferingAndExceptionHandler#0, DefaultChannelPipeline$TailContext#0]";
    Status status =
        Status.UNAVAILABLE
            .withDescription(pipeline)
            .withCause(
                new java.net.ConnectException(
                    "Connection refused: localhost/127.0.0.1:4000\n\tat somewhere"));
    String brief = OutboundLink.brief(status);
    assertEquals("UNAVAILABLE: io exception (Connection refused: localhost/127.0.0.1:4000)", brief);
    String longer = OutboundLink.brief(Status.INTERNAL.withDescription("x".repeat(1000)));
    assertEquals(OutboundLink.BRIEF_STATUS_CHARS, longer.length());
    assertTrue(longer.startsWith("INTERNAL: xxx") && longer.endsWith("..."));
    assertEquals("CANCELLED", OutboundLink.brief(Status.CANCELLED));
  }
}
