package org.cybervein.transport.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Configuration checks: a roster that maps certificates unambiguously, consistent limits. */
class GrpcTransportConfigTest {
  private static final InetSocketAddress ADDRESS = new InetSocketAddress("127.0.0.1", 7000);

  private static GrpcPeer peer(int i) {
    return new GrpcPeer(Nodes.id(i), Nodes.key(i).publicKey(), ADDRESS);
  }

  @Test
  void theRosterMayListTheNodeItselfWhichIsNotDialled() {
    GrpcTransportConfig config =
        new GrpcTransportConfig(Nodes.id(0), Nodes.key(0), ADDRESS, List.of(peer(0), peer(1)));
    assertEquals(List.of(peer(1)), config.others());
    assertEquals(GrpcTransportLimits.defaults(), config.limits());
  }

  @Test
  void refusesARosterWithADuplicateIdOrKeyOrThisNodeUnderAnotherKey() {
    GrpcPeer sameKeyOtherName = new GrpcPeer(Nodes.id(5), Nodes.key(1).publicKey(), ADDRESS);
    GrpcPeer sameNameOtherKey = new GrpcPeer(Nodes.id(1), Nodes.key(5).publicKey(), ADDRESS);
    GrpcPeer selfWithOtherKey = new GrpcPeer(Nodes.id(0), Nodes.key(7).publicKey(), ADDRESS);
    for (List<GrpcPeer> roster :
        List.of(
            List.of(peer(1), sameKeyOtherName),
            List.of(peer(1), sameNameOtherKey),
            List.of(selfWithOtherKey),
            List.of(peer(1), new GrpcPeer(Nodes.id(3), Nodes.key(0).publicKey(), ADDRESS)))) {
      assertThrows(
          IllegalArgumentException.class,
          () -> new GrpcTransportConfig(Nodes.id(0), Nodes.key(0), ADDRESS, roster));
    }
  }

  @Test
  void theServerPermitsKeepalivePingsMoreOftenThanClientsSendThem() {
    GrpcTransportLimits limits = GrpcTransportLimits.defaults();
    assertTrue(limits.permitKeepaliveTime().compareTo(limits.keepaliveTime()) < 0);
    assertTrue(limits.chunkBytes() + GrpcTransportLimits.FRAME_OVERHEAD <= limits.maxFrameBytes());
    assertTrue(limits.maxFrameBytes() <= 4 * 1024 * 1024, "within gRPC's default for other peers");
  }

  @Test
  void backoffDoublesUpToItsCap() {
    GrpcTransportLimits limits = GrpcTransportLimits.defaults();
    assertEquals(Duration.ofMillis(100), limits.backoff(0));
    assertEquals(Duration.ofMillis(200), limits.backoff(1));
    assertEquals(Duration.ofMillis(6400), limits.backoff(6));
    assertEquals(Duration.ofSeconds(10), limits.backoff(7));
    assertEquals(Duration.ofSeconds(10), limits.backoff(1000));
  }

  @Test
  void refusesInconsistentLimits() {
    GrpcTransportLimits d = GrpcTransportLimits.defaults();
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new GrpcTransportLimits(
                d.maxFrameBytes(),
                d.maxFrameBytes(),
                d.maxMessageBytes(),
                d.outboundQueueBytes(),
                d.inboundQueueBytes(),
                d.keepaliveTime(),
                d.keepaliveTimeout(),
                d.reconnectInitial(),
                d.reconnectMax(),
                d.reconnectJitter(),
                d.closeGrace()));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new GrpcTransportLimits(
                d.maxFrameBytes(),
                d.chunkBytes(),
                d.maxMessageBytes(),
                d.maxMessageBytes() - 1,
                d.inboundQueueBytes(),
                d.keepaliveTime(),
                d.keepaliveTimeout(),
                d.reconnectInitial(),
                d.reconnectMax(),
                d.reconnectJitter(),
                d.closeGrace()));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new GrpcTransportLimits(
                d.maxFrameBytes(),
                d.chunkBytes(),
                d.maxMessageBytes(),
                d.outboundQueueBytes(),
                d.inboundQueueBytes(),
                Duration.ofSeconds(5),
                d.keepaliveTimeout(),
                d.reconnectInitial(),
                d.reconnectMax(),
                d.reconnectJitter(),
                d.closeGrace()));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new GrpcTransportLimits(
                d.maxFrameBytes(),
                d.chunkBytes(),
                d.maxMessageBytes(),
                d.outboundQueueBytes(),
                d.inboundQueueBytes(),
                d.keepaliveTime(),
                d.keepaliveTimeout(),
                d.reconnectInitial(),
                d.reconnectMax(),
                1.0,
                d.closeGrace()));
  }
}
