package org.cybervein.consensus.pbft;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.wire.v1.PbftProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 14, PBFT: no single faulty peer may stop, split or exhaust an honest replica or client, and
 * nothing any number of peers send makes a core throw. Each test failed on the core before its fix.
 */
class FaultyPeerHardeningTest {
  private static final CheckpointCertificate GENESIS =
      new CheckpointCertificate(0, Hash.ZERO, List.of());

  /** The largest view a VIEW-CHANGE may name whose primary (in a group of four) is replica 3. */
  private static final long HUGE_VIEW_OF_3 =
      ViewChange.MAX_VIEW - Math.floorMod(ViewChange.MAX_VIEW - 3, 4);

  private static PbftProto.PbftBody.Builder viewChange(int sender, long newView) {
    return ViewChange.body(sender, newView, GENESIS, List.of(), List.of(), Map.of()).toBuilder();
  }

  private static long timerToken(List<Action> actions, TimerKind kind) {
    long token = -1;
    for (Action a : actions) {
      if (a instanceof Action.SetTimer t && t.kind() == kind) {
        token = t.token();
      }
    }
    assertTrue(token >= 0, "no " + kind + " timer armed");
    return token;
  }

  // ------------------------------------------------------------ 1: view changes

  /**
   * A faulty replica announced a view near the largest a VIEW-CHANGE may name, whose primary is
   * itself. Before the fix the honest replica jumped there at its next timeout (on that one
   * message); once another replica was there too, the next timeout built a VIEW-CHANGE for a view
   * its own verifier refused and the replica died with an IllegalStateException.
   */
  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void oneReplicaAnnouncingAHugeViewMovesNobodyAndNoViewOverflows(AuthMode mode) {
    Fixture fx = new Fixture(mode, 2);
    List<Action> out = fx.deliver(fx.request(1, "a", false));
    out = fx.replica.onTimer(TimerKind.REQUEST, timerToken(out, TimerKind.REQUEST));
    assertEquals(1, fx.replica.view());
    long token = timerToken(out, TimerKind.VIEW_CHANGE);
    fx.deliver(fx.signedFrom(3, viewChange(3, HUGE_VIEW_OF_3)));
    assertEquals(1, fx.replica.view(), "one announcement is not f + 1");
    out = fx.replica.onTimer(TimerKind.VIEW_CHANGE, token);
    assertEquals(2, fx.replica.view(), "a timeout moves one view, not to the announced one");
    // Beyond the fault bound (replicas 0 and 3 both announce it) the replica joins, legitimately;
    // further timeouts must neither overflow nor build a view change it cannot verify.
    token = timerToken(out, TimerKind.VIEW_CHANGE);
    out = fx.deliver(fx.signedFrom(0, viewChange(0, HUGE_VIEW_OF_3)));
    assertEquals(HUGE_VIEW_OF_3, fx.replica.view(), "f + 1 announcements: the smallest of them");
    for (int i = 0; i < 3; i++) {
      long t = timerToken(out, TimerKind.VIEW_CHANGE);
      out = assertDoesNotThrow(() -> fx.replica.onTimer(TimerKind.VIEW_CHANGE, t));
    }
    assertTrue(fx.replica.view() <= ViewChange.MAX_VIEW);
    assertFalse(fx.replica.isActive());
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void joinsTheSmallestOfFPlusOneLaterViews(AuthMode mode) {
    Fixture fx = new Fixture(mode, 2);
    fx.deliver(fx.signedFrom(3, viewChange(3, HUGE_VIEW_OF_3)));
    assertTrue(fx.replica.isActive());
    fx.deliver(fx.signedFrom(0, viewChange(0, 5)));
    assertEquals(5, fx.replica.view(), "the smallest view f + 1 replicas are beyond");
    assertFalse(fx.replica.isActive());
  }

  /**
   * The VIEW-CHANGEs that made replica 1 primary of view 1 stayed in its table; before the fix they
   * counted as "later" than its (active) view, so one more VIEW-CHANGE, for view 2 from a single
   * faulty replica, made f + 1 and unseated the active primary.
   */
  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void oneViewChangeDoesNotUnseatAnActivePrimary(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    fx.deliver(fx.signedFrom(2, viewChange(2, 1)));
    fx.deliver(fx.signedFrom(3, viewChange(3, 1)));
    assertTrue(fx.replica.isActive());
    assertEquals(1, fx.replica.view());
    fx.deliver(fx.signedFrom(3, viewChange(3, 2)));
    assertTrue(fx.replica.isActive(), "one replica's view change is not f + 1");
    assertEquals(1, fx.replica.view());
  }

  // ------------------------------------------------------------ 2: undecodable batches

  /** VIEW-CHANGE of {@code sender} claiming it prepared {@code batch} at n = 1 in view 0. */
  private static PbftProto.PbftBody.Builder claimingBatch(int sender, long v, List<Bytes> batch) {
    SlotClaim claim = new SlotClaim(1, Digests.batch(batch), 0);
    return ViewChange.body(
        sender, v, GENESIS, List.of(claim), List.of(claim), Map.of(claim.digest(), batch))
        .toBuilder();
  }

  /**
   * Beyond the fault bound (two faulty of four) the faulty replicas claim they prepared a "batch"
   * whose digest matches but whose bytes are no requests. Before the fix the new primary chose it
   * and threw "corrupt batch in the store" while entering the view.
   */
  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void theNewPrimaryRefusesViewChangesWithUndecodableBatches(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    List<Bytes> junk = List.of(Bytes.utf8("not a request"));
    assertDoesNotThrow(() -> fx.deliver(fx.signedFrom(2, claimingBatch(2, 1, junk))));
    assertDoesNotThrow(() -> fx.deliver(fx.signedFrom(3, claimingBatch(3, 1, junk))));
    assertEquals(2, fx.rejected(Rejection.BAD_CERTIFICATE));
    assertTrue(fx.replica.isActive());
    assertEquals(0, fx.replica.view());
    // A read-only request is no batch member either.
    List<Bytes> readOnly = List.of(fx.request(1, "q", true));
    fx.deliver(fx.signedFrom(2, claimingBatch(2, 1, readOnly)));
    assertEquals(3, fx.rejected(Rejection.BAD_CERTIFICATE));
    // Well-formed requests pass.
    List<Bytes> good = List.of(fx.request(1, "a", false));
    fx.deliver(fx.signedFrom(2, claimingBatch(2, 1, good)));
    fx.deliver(fx.signedFrom(3, claimingBatch(3, 1, good)));
    assertEquals(3, fx.rejected(Rejection.BAD_CERTIFICATE));
    assertEquals(1, fx.replica.view());
    assertTrue(fx.replica.isActive(), "entered view 1 with the claimed batch");
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void aBackupRefusesANewViewReProposingAnUndecodableBatch(AuthMode mode) {
    Fixture fx = new Fixture(mode, 2);
    List<Bytes> junk = List.of(Bytes.utf8("not a request"));
    PbftProto.PbftNewView.Builder nv = PbftProto.PbftNewView.newBuilder().setView(1);
    nv.addViewChanges(Codec.bs(fx.signedFrom(0, claimingBatch(0, 1, junk)).raw));
    nv.addViewChanges(Codec.bs(fx.signedFrom(1, claimingBatch(1, 1, junk)).raw));
    nv.addViewChanges(Codec.bs(fx.signedFrom(3, viewChange(3, 1)).raw));
    nv.addPrePrepares(
        NormalCasePhase.prePrepareProto(
            ViewNumber.of(1), SequenceNumber.of(1), Digests.batch(junk), junk));
    Bytes frame = fx.signedFrom(1, PbftProto.PbftBody.newBuilder().setNewView(nv)).raw;
    assertDoesNotThrow(() -> fx.deliver(frame));
    assertEquals(1, fx.rejected(Rejection.BAD_CERTIFICATE));
    assertEquals(0, fx.replica.view());
  }

  // ------------------------------------------------------------ 3 and 4: the client

  private static Bytes reply(Fixture fx, int replica, long v, long t, String result, boolean mac) {
    PbftProto.PbftBody body =
        PbftProto.PbftBody.newBuilder()
            .setSender(replica)
            .setReply(
                PbftProto.PbftReply.newBuilder()
                    .setView(v)
                    .setTimestamp(t)
                    .setClient(fx.clientNode.value())
                    .setClientKey(
                        org.cybervein.api.wire.ApiTypesCodec.toProto(
                            fx.clientKeys.signingKey().publicKey()))
                    .setResult(Codec.bs(Bytes.utf8(result))))
            .build();
    return mac
        ? Frame.macked(body, List.of(Fixture.agree(fx.keys.get(replica), fx.clientKeys))).raw
        : Frame.signed(body, fx.keys.get(replica).signingKey()).raw;
  }

  /**
   * With signatures a faulty replica answered with a MAC; before the fix it counted towards f + 1
   * and sat in lastReplyProof, which then held one checkable reply where f + 1 were promised.
   */
  @Test
  void withSignaturesOnlySignedRepliesCountAndTheProofHoldsFPlusOneCheckableReplies()
      throws InvalidPbftMessageException {
    Fixture fx = new Fixture(AuthMode.SIGNATURES, 1);
    Client c = new Client(fx.config, fx.clientKeys, fx.clientNode, 10);
    c.invoke(Bytes.utf8("op"));
    assertTrue(c.onMessage(fx.config.node(0), reply(fx, 0, 0, 10, "r", true)).isEmpty());
    assertEquals(1L, c.rejections().get(Rejection.BAD_AUTHENTICATOR));
    assertTrue(c.onMessage(fx.config.node(1), reply(fx, 1, 0, 10, "r", false)).isEmpty());
    assertTrue(c.isBusy(), "one signed reply and a MAC are not f + 1");
    assertEquals(1, c.onMessage(fx.config.node(2), reply(fx, 2, 0, 10, "r", false)).size());
    List<Bytes> proof = c.lastReplyProof();
    assertEquals(fx.config.f() + 1, proof.size());
    ReplicaVerifiers verifiers = ReplicaVerifiers.of(fx.config);
    for (Bytes b : proof) {
      ReplyProof.check(b, verifiers, fx.config.maxMessageBytes());
    }
  }

  @Test
  void withMacsAMacReplyStillCounts() {
    Fixture fx = new Fixture(AuthMode.MAC_AUTHENTICATORS, 1);
    Client c = new Client(fx.config, fx.clientKeys, fx.clientNode, 10);
    c.invoke(Bytes.utf8("op"));
    c.onMessage(fx.config.node(0), reply(fx, 0, 0, 10, "r", true));
    assertEquals(1, c.onMessage(fx.config.node(1), reply(fx, 1, 0, 10, "r", false)).size());
  }

  /**
   * Before the fix the client took the view of whichever reply completed its request, so one
   * replica tagging its replies with a huge view sent every later request to a wrong primary first.
   */
  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void aClientAdoptsAViewOnlyWhenFPlusOneRepliesReportIt(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    boolean mac = mode == AuthMode.MAC_AUTHENTICATORS;
    Client c = new Client(fx.config, fx.clientKeys, fx.clientNode, 10);
    c.invoke(Bytes.utf8("op"));
    c.onMessage(fx.config.node(1), reply(fx, 1, 0, 10, "r", mac));
    assertEquals(1, c.onMessage(fx.config.node(3), reply(fx, 3, 1L << 60, 10, "r", mac)).size());
    assertEquals(0, c.view(), "one replica's view is not adopted");
    c.invoke(Bytes.utf8("next"));
    c.onMessage(fx.config.node(1), reply(fx, 1, 5, 11, "s", mac));
    c.onMessage(fx.config.node(3), reply(fx, 3, Long.MAX_VALUE, 11, "s", mac));
    assertFalse(c.isBusy());
    assertEquals(0, c.view());
    c.invoke(Bytes.utf8("third"));
    c.onMessage(fx.config.node(1), reply(fx, 1, 5, 12, "t", mac));
    c.onMessage(fx.config.node(2), reply(fx, 2, 5, 12, "t", mac));
    assertEquals(5, c.view(), "f + 1 replicas in view 5");
  }

  // ------------------------------------------------------------ 5: uploads

  private static Bytes upload(Fixture fx, int sender, long n) {
    OperationLog log =
        new OperationLog(
            n,
            List.of(
                new LoggedOperation(
                    fx.clientNode, fx.clientKeys.signingKey().publicKey(), n, Bytes.utf8("x"))));
    return SignedUpload.sign(Upload.of(log), sender, fx.keys.get(sender).signingKey()).frame();
  }

  /**
   * Uploads for logs not executed yet were bounded by count (one per replica per slot of the
   * window), not bytes: with the defaults one faulty replica could make another hold 256 x 64 MiB.
   */
  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void uploadsHeldFromOneReplicaAreBoundedInBytes(AuthMode mode) {
    Fixture probe = new Fixture(mode, 1);
    int size = upload(probe, 3, 1).size(); // every upload <n, d> with n < 128 has this size
    long bound = 3L * size + size / 2;
    Fixture fx = new Fixture(mode, 1, c -> c.withMaxUploadBytesPerReplica(bound));
    for (long n = 1; n <= 8; n++) {
      fx.deliver(upload(fx, 3, n));
    }
    assertTrue(fx.replica.heldUploadBytes(3) <= bound);
    assertEquals(3L * size, fx.replica.heldUploadBytes(3), "filled up to the bound");
    assertEquals(5L, fx.rejected(Rejection.QUEUE_FULL), "3 of 8 fit in the bound");
    fx.replica.checkInvariants();
    // Another replica's share is its own.
    fx.deliver(upload(fx, 2, 1));
    assertEquals(5L, fx.rejected(Rejection.QUEUE_FULL));
    fx.replica.checkInvariants();
  }

  @Test
  void theUploadBoundHasADocumentedDefaultAndIsConfigurable() {
    Fixture fx = new Fixture(AuthMode.SIGNATURES, 1);
    assertEquals(16L << 20, fx.config.maxUploadBytesPerReplica());
    assertEquals(
        ReplicaConfig.DEFAULT_MAX_UPLOAD_BYTES_PER_REPLICA, fx.config.maxUploadBytesPerReplica());
    assertEquals(5, fx.config.withMaxUploadBytesPerReplica(5).maxUploadBytesPerReplica());
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> fx.config.withMaxUploadBytesPerReplica(0));
  }
}
