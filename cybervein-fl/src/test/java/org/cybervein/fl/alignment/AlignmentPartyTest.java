package org.cybervein.fl.alignment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.MessageHandler;
import org.cybervein.api.net.Transport;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.sim.SimulatedNetwork;
import org.cybervein.api.wire.v1.FlProto;
import org.cybervein.crypto.psi.EcdhPsiGroup;
import org.cybervein.testing.ManualClock;
import org.junit.jupiter.api.Test;

/** Part I over ECDH-PSI in the Curve25519 group on the simulated network. */
class AlignmentPartyTest {
  private static final long SEED = 20261207L;
  private static final NodeId A = NodeId.of("A");
  private static final NodeId B = NodeId.of("B");

  private static List<String> ids(int from, int to) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add("user-" + i);
    }
    return out;
  }

  private static AlignmentParty[] align(
      List<String> idsA, EcdhPsiGroup groupA, List<String> idsB, EcdhPsiGroup groupB) {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      SimulatedNetwork network = new SimulatedNetwork(SEED);
      AlignmentParty[] parties = new AlignmentParty[2];
      network.addNode(
          A,
          ctx -> {
            parties[0] =
                AlignmentParty.responder(
                    ctx.transport(), B, idsA, ctx.random(), 4096, groupA, pool);
            ctx.transport().register(parties[0]::onMessage);
          });
      network.addNode(
          B,
          ctx -> {
            parties[1] =
                AlignmentParty.initiator(
                    ctx.transport(), A, idsB, ctx.random(), 4096, groupB, pool);
            ctx.transport().register(parties[1]::onMessage);
          });
      parties[1].start();
      assertTrue(network.runUntilQuiescent(Duration.ofMinutes(1)));
      return parties;
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void bothSidesLearnTheIntersectionInTheCurve25519Group() {
    List<String> idsA = ids(0, 600);
    List<String> idsB = ids(400, 900);
    AlignmentParty[] parties = align(idsA, EcdhPsiGroup.CURVE25519, idsB, EcdhPsiGroup.CURVE25519);
    Set<String> common = new HashSet<>(idsA);
    common.retainAll(new HashSet<>(idsB));
    assertEquals(AlignedSamples.of(common), parties[0].result().orElseThrow());
    assertEquals(parties[0].result(), parties[1].result());
    assertEquals(0, parties[0].droppedMessages() + parties[1].droppedMessages());
  }

  /**
   * Regression: a P-256 initiator and a Curve25519 responder (and the reverse) used to drop each
   * other's messages and wait for ever. Now the side that sees the other's PSI refuses the message,
   * sends an abort naming both groups and fails; the other side fails on the abort.
   */
  @Test
  void aMismatchedGroupEndsBothSidesWithAnErrorNamingBothGroups() {
    for (EcdhPsiGroup[] groups :
        new EcdhPsiGroup[][] {
          {EcdhPsiGroup.CURVE25519, EcdhPsiGroup.P256}, {EcdhPsiGroup.P256, EcdhPsiGroup.CURVE25519}
        }) {
      AlignmentParty[] parties = align(ids(0, 10), groups[0], ids(5, 15), groups[1]);
      assertEquals(1, parties[0].droppedMessages());
      assertFalse(parties[0].result().isPresent());
      assertFalse(parties[1].result().isPresent());
      AlignmentFailure responder = parties[0].failure().orElseThrow();
      AlignmentFailure initiator = parties[1].failure().orElseThrow();
      assertEquals(AlignmentFailure.Reason.PSI_MISMATCH, responder.reason());
      assertEquals(AlignmentFailure.Reason.PEER_ABORTED, initiator.reason());
      for (AlignmentFailure failure : List.of(responder, initiator)) {
        assertTrue(
            failure.message().contains("over " + groups[0])
                && failure.message().contains("over " + groups[1]),
            failure.message());
      }
    }
  }

  /** One end of a link whose {@code send} delivers to the other end before it returns. */
  static final class SynchronousLink implements Transport {
    private final NodeId self;
    SynchronousLink other;
    private MessageHandler handler = (from, message) -> {};

    SynchronousLink(NodeId self) {
      this.self = self;
    }

    @Override
    public NodeId localNode() {
      return self;
    }

    @Override
    public void send(NodeId to, Bytes message) {
      other.handler.onMessage(self, message);
    }

    @Override
    public void register(MessageHandler handler) {
      this.handler = handler;
    }
  }

  /**
   * Regression: A moved to round 3 only after sending its response, so over a transport that
   * delivers within {@code send} B's result arrived while A still expected round 1 and was dropped.
   */
  @Test
  void finishesOverATransportThatDeliversBeforeSendReturns() {
    SynchronousLink linkA = new SynchronousLink(A);
    SynchronousLink linkB = new SynchronousLink(B);
    linkA.other = linkB;
    linkB.other = linkA;
    AlignmentParty a =
        AlignmentParty.responder(
            linkA,
            B,
            ids(0, 30),
            DeterministicRandom.fromSeed(1L),
            100,
            EcdhPsiGroup.CURVE25519,
            Runnable::run);
    AlignmentParty b =
        AlignmentParty.initiator(
            linkB,
            A,
            ids(20, 40),
            DeterministicRandom.fromSeed(2L),
            100,
            EcdhPsiGroup.CURVE25519,
            Runnable::run);
    linkA.register(a::onMessage);
    linkB.register(b::onMessage);
    b.start();
    assertEquals(AlignedSamples.of(ids(20, 30)), a.result().orElseThrow());
    assertEquals(a.result(), b.result());
    assertEquals(0, a.droppedMessages() + b.droppedMessages());
  }

  /** A transport that keeps what its party sends. */
  static final class Outbox implements Transport {
    final List<Bytes> sent = new ArrayList<>();
    private final NodeId self;

    Outbox(NodeId self) {
      this.self = self;
    }

    @Override
    public NodeId localNode() {
      return self;
    }

    @Override
    public void send(NodeId to, Bytes message) {
      sent.add(message);
    }

    @Override
    public void register(MessageHandler handler) {}
  }

  @Test
  void aSilentPeerEndsTheWaitWithAnAbortAfterTheTimeout() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-12-07T00:00:00Z"));
    Outbox outbox = new Outbox(B);
    AlignmentParty b =
        AlignmentParty.initiator(
            outbox,
            A,
            ids(0, 5),
            DeterministicRandom.fromSeed(1L),
            100,
            EcdhPsiGroup.CURVE25519,
            Runnable::run);
    b.start();
    b.expectPeerWithin(clock, Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(9));
    assertTrue(b.failure().isEmpty());
    // Any message of A's counts as a sign of life, even one B drops.
    b.onMessage(A, Bytes.of(new byte[] {(byte) 0xff, 0x7f}));
    clock.advance(Duration.ofSeconds(9));
    assertTrue(b.failure().isEmpty());
    clock.advance(Duration.ofSeconds(2));
    AlignmentFailure failure = b.failure().orElseThrow();
    assertEquals(AlignmentFailure.Reason.PEER_SILENT, failure.reason());
    assertTrue(failure.message().contains("round 2"), failure.message());
    FlProto.FlMessage abort = FlProto.FlMessage.parseFrom(outbox.sent.get(1).toByteArray());
    assertEquals(failure.message(), abort.getAbort().getReason());
    assertEquals(2, outbox.sent.size());
    assertTrue(clock.pendingDeadlines().isEmpty());
    assertThrows(
        IllegalStateException.class, () -> b.expectPeerWithin(clock, Duration.ofSeconds(1)));
  }

  @Test
  void partiesThatFinishNeverTimeOut() {
    ManualClock clock = new ManualClock(Instant.parse("2026-12-07T00:00:00Z"));
    SynchronousLink linkA = new SynchronousLink(A);
    SynchronousLink linkB = new SynchronousLink(B);
    linkA.other = linkB;
    linkB.other = linkA;
    AlignmentParty a =
        AlignmentParty.responder(linkA, B, ids(0, 8), DeterministicRandom.fromSeed(1L), 100);
    AlignmentParty b =
        AlignmentParty.initiator(linkB, A, ids(4, 12), DeterministicRandom.fromSeed(2L), 100);
    a.expectPeerWithin(clock, Duration.ofSeconds(5));
    b.expectPeerWithin(clock, Duration.ofSeconds(5));
    linkA.register(a::onMessage);
    linkB.register(b::onMessage);
    b.start();
    clock.advance(Duration.ofHours(1));
    assertEquals(AlignedSamples.of(ids(4, 8)), a.result().orElseThrow());
    assertEquals(a.result(), b.result());
    assertTrue(a.failure().isEmpty() && b.failure().isEmpty());
    assertTrue(clock.pendingDeadlines().isEmpty());
  }

  /**
   * A response longer than one fragment is computed in chunks and sent as it is ready, A's own
   * elements first (the fragments of the end of the message before those of the beginning), and B
   * raises those while A computes: the result is the plain intersection and nothing is dropped.
   * Fragments of 1,000 bytes stand for 1 MiB so that a few hundred ids suffice.
   */
  @Test
  void aStreamedResponseGivesTheSameIntersection() {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      SynchronousLink linkA = new SynchronousLink(A);
      SynchronousLink linkB = new SynchronousLink(B);
      linkA.other = linkB;
      linkB.other = linkA;
      // 300 answers then 400 own elements of 34 bytes and the group: 23,802 bytes, 24 fragments;
      // the own elements start in fragment 10.
      List<String> idsA = ids(0, 400);
      List<String> idsB = ids(250, 550);
      AlignmentParty a =
          AlignmentParty.responder(
                  linkA,
                  B,
                  idsA,
                  DeterministicRandom.fromSeed(1L),
                  1000,
                  EcdhPsiGroup.CURVE25519,
                  pool)
              .useFragmentBytes(1000);
      AlignmentParty b =
          AlignmentParty.initiator(
                  linkB,
                  A,
                  idsB,
                  DeterministicRandom.fromSeed(2L),
                  1000,
                  EcdhPsiGroup.CURVE25519,
                  pool)
              .useFragmentBytes(1000);
      List<Integer> fragmentsOfRound2 = new ArrayList<>();
      linkA.register(a::onMessage);
      linkB.register(
          (from, bytes) -> {
            try {
              FlProto.FlAlignment alignment =
                  FlProto.FlMessage.parseFrom(bytes.toByteArray()).getAlignment();
              if (alignment.getRound() == 2) {
                fragmentsOfRound2.add(alignment.getFragment());
              }
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
              throw new AssertionError(e);
            }
            b.onMessage(from, bytes);
          });
      b.start();
      List<Integer> expectedOrder = new ArrayList<>();
      for (int i = 11; i < 24; i++) {
        expectedOrder.add(i); // own elements only: sent at once
      }
      for (int i = 0; i <= 10; i++) {
        expectedOrder.add(i); // answers, as they are computed
      }
      assertEquals(expectedOrder, fragmentsOfRound2);
      Set<String> common = new HashSet<>(idsA);
      common.retainAll(new HashSet<>(idsB));
      assertEquals(AlignedSamples.of(common), a.result().orElseThrow());
      assertEquals(a.result(), b.result());
      assertEquals(0, a.droppedMessages() + b.droppedMessages());
    } finally {
      pool.shutdown();
    }
  }
}
