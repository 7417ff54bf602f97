package org.cybervein.fl.alignment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.sim.SimulatedNetwork;
import org.junit.jupiter.api.Test;

/** Part I over RSA blind-signature PSI on the simulated network, signing as an explicit step. */
class RsaAlignmentPartyTest {
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

  @Test
  void bothSidesLearnTheIntersectionAfterAnExplicitSigningStep() {
    List<String> idsA = ids(0, 1500);
    List<String> idsB = ids(1000, 1800);
    SimulatedNetwork network = new SimulatedNetwork(SEED);
    RsaAlignmentParty[] parties = new RsaAlignmentParty[2];
    network.addNode(
        A,
        ctx -> {
          parties[0] =
              RsaAlignmentParty.signerInsecureForTesting(
                  ctx.transport(), B, idsA, 1024, ctx.random(), 4096);
          ctx.transport().register(parties[0]::onMessage);
        });
    network.addNode(
        B,
        ctx -> {
          parties[1] =
              RsaAlignmentParty.requesterAcceptingInsecureTestKeys(
                  ctx.transport(), A, idsB, ctx.random(), 4096);
          ctx.transport().register(parties[1]::onMessage);
        });
    List<Integer> progress = new ArrayList<>();
    parties[0].prepare(Runnable::run, (signed, total) -> progress.add(signed));
    assertEquals(List.of(512, 1024, 1500), progress);
    parties[0].start();
    assertTrue(network.runUntilQuiescent(Duration.ofMinutes(1)));
    assertEquals(4, network.stats().messagesDelivered());
    Set<String> common = new HashSet<>(idsA);
    common.retainAll(new HashSet<>(idsB));
    assertEquals(AlignedSamples.of(common), parties[0].result().orElseThrow());
    assertEquals(parties[0].result(), parties[1].result());
    assertEquals(0, parties[0].droppedMessages() + parties[1].droppedMessages());
  }

  @Test
  void dropsEcdhRoundsForeignSendersAndGarbage() {
    SimulatedNetwork network = new SimulatedNetwork(SEED);
    RsaAlignmentParty[] parties = new RsaAlignmentParty[1];
    network.addNode(
        B,
        ctx -> {
          parties[0] =
              RsaAlignmentParty.requesterAcceptingInsecureTestKeys(
                  ctx.transport(), A, ids(0, 10), ctx.random(), 100);
          ctx.transport().register(parties[0]::onMessage);
        });
    RsaAlignmentParty b = parties[0];
    b.onMessage(NodeId.of("X"), Bytes.of(new byte[] {1, 2, 3}));
    b.onMessage(A, Bytes.of(new byte[] {(byte) 0xff, 0x7f}));
    // an ECDH round 1 is not an RSA round 1
    byte[] ecdh =
        org.cybervein.api.wire.v1.FlProto.FlMessage.newBuilder()
            .setAlignment(
                org.cybervein.api.wire.v1.FlProto.FlAlignment.newBuilder()
                    .setRound(1)
                    .setPayload(com.google.protobuf.ByteString.copyFromUtf8("x")))
            .build()
            .toByteArray();
    b.onMessage(A, Bytes.of(ecdh));
    assertEquals(3, b.droppedMessages());
    assertTrue(b.result().isEmpty());
    // The ECDH round ended the requester: the peer runs another PSI.
    assertEquals(AlignmentFailure.Reason.PSI_MISMATCH, b.failure().orElseThrow().reason());
    assertThrows(IllegalStateException.class, b::start);
    assertThrows(
        IllegalStateException.class,
        () ->
            b.prepare(
                Runnable::run, org.cybervein.crypto.psi.RsaPsiResponder.SigningProgress.NONE));
  }

  /** Regression: each side moves to its next round before sending, as a link may answer at once. */
  @Test
  void finishesOverATransportThatDeliversBeforeSendReturns() {
    AlignmentPartyTest.SynchronousLink linkA = new AlignmentPartyTest.SynchronousLink(A);
    AlignmentPartyTest.SynchronousLink linkB = new AlignmentPartyTest.SynchronousLink(B);
    linkA.other = linkB;
    linkB.other = linkA;
    RsaAlignmentParty signer =
        RsaAlignmentParty.signerInsecureForTesting(
            linkA, B, ids(0, 30), 512, DeterministicRandom.fromSeed(1L), 100);
    RsaAlignmentParty requester =
        RsaAlignmentParty.requesterAcceptingInsecureTestKeys(
            linkB, A, ids(20, 40), DeterministicRandom.fromSeed(2L), 100);
    linkA.register(signer::onMessage);
    linkB.register(requester::onMessage);
    signer.start();
    assertEquals(AlignedSamples.of(ids(20, 30)), signer.result().orElseThrow());
    assertEquals(signer.result(), requester.result());
    assertEquals(0, signer.droppedMessages() + requester.droppedMessages());
  }

  /** An RSA signer against an ECDH responder: both end with an error naming both PSIs. */
  @Test
  void rsaAgainstEcdhEndsBothSides() {
    AlignmentPartyTest.SynchronousLink linkA = new AlignmentPartyTest.SynchronousLink(A);
    AlignmentPartyTest.SynchronousLink linkB = new AlignmentPartyTest.SynchronousLink(B);
    linkA.other = linkB;
    linkB.other = linkA;
    RsaAlignmentParty signer =
        RsaAlignmentParty.signerInsecureForTesting(
            linkA, B, ids(0, 4), 512, DeterministicRandom.fromSeed(1L), 100);
    AlignmentParty ecdh =
        AlignmentParty.responder(linkB, A, ids(0, 4), DeterministicRandom.fromSeed(2L), 100);
    linkA.register(signer::onMessage);
    linkB.register(ecdh::onMessage);
    signer.start();
    AlignmentFailure seen = ecdh.failure().orElseThrow();
    AlignmentFailure told = signer.failure().orElseThrow();
    assertEquals(AlignmentFailure.Reason.PSI_MISMATCH, seen.reason());
    assertEquals(AlignmentFailure.Reason.PEER_ABORTED, told.reason());
    for (AlignmentFailure failure : List.of(seen, told)) {
      assertTrue(
          failure.message().contains("RSA blind-signature PSI")
              && failure.message().contains("ECDH-PSI over P256"),
          failure.message());
    }
    assertTrue(signer.result().isEmpty() && ecdh.result().isEmpty());
  }
}
