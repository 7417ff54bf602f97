package org.cybervein.fl.alignment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
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
import org.cybervein.crypto.psi.EcdhPsiGroup;
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
   * A P-256 initiator and a Curve25519 responder: the first message is dropped, nobody finishes.
   */
  @Test
  void aMismatchedGroupIsRefused() {
    AlignmentParty[] parties =
        align(ids(0, 10), EcdhPsiGroup.CURVE25519, ids(5, 15), EcdhPsiGroup.P256);
    assertEquals(1, parties[0].droppedMessages());
    assertFalse(parties[0].result().isPresent());
    assertFalse(parties[1].result().isPresent());
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
}
