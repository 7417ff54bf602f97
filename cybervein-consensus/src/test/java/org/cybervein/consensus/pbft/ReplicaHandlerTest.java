package org.cybervein.consensus.pbft;

import static org.cybervein.api.wire.v1.PbftProto.PbftBody.KindCase.COMMIT;
import static org.cybervein.api.wire.v1.PbftProto.PbftBody.KindCase.PREPARE;
import static org.cybervein.api.wire.v1.PbftProto.PbftBody.KindCase.REPLY;
import static org.cybervein.api.wire.v1.PbftProto.PbftBody.KindCase.UPLOAD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.wire.v1.PbftProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReplicaHandlerTest {

  /** The same frame with every tag, or the signature, changed in one bit. */
  private static Bytes flipLastByte(Bytes raw) {
    try {
      PbftProto.PbftFrame f = PbftProto.PbftFrame.parseFrom(raw.toByteArray());
      PbftProto.PbftFrame.Builder b = f.toBuilder();
      if (f.hasAuthenticator()) {
        PbftProto.PbftAuthenticator.Builder auth = PbftProto.PbftAuthenticator.newBuilder();
        for (com.google.protobuf.ByteString t : f.getAuthenticator().getTagsList()) {
          byte[] tag = t.toByteArray();
          tag[0] ^= 1;
          auth.addTags(com.google.protobuf.ByteString.copyFrom(tag));
        }
        b.setAuthenticator(auth);
      } else {
        byte[] sig = f.getSignature().toByteArray();
        sig[0] ^= 1;
        b.setSignature(com.google.protobuf.ByteString.copyFrom(sig));
      }
      return Bytes.of(b.build().toByteArray());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void acceptsPrePrepareFromPrimaryAndSendsPrepareToEveryOtherReplica(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    List<Action> out =
        fx.deliver(fx.from(0, fx.prePrepare(0, 1, List.of(fx.request(1, "a", false)))));
    assertEquals(List.of(PREPARE, PREPARE, PREPARE), Fixture.sentKinds(out));
    assertEquals(1, fx.replica.slotCount());
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void rejectsPrePrepareFromABackup(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    assertTrue(
        fx.deliver(fx.from(2, fx.prePrepare(0, 1, List.of(fx.request(1, "a", false))))).isEmpty());
    assertEquals(1, fx.rejected(Rejection.UNKNOWN_SENDER));
    assertEquals(0, fx.replica.slotCount());
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void rejectsPrePrepareWithTamperedAuthenticator(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    Frame f = fx.from(0, fx.prePrepare(0, 1, List.of(fx.request(1, "a", false))));
    assertTrue(fx.deliver(flipLastByte(f.raw)).isEmpty());
    assertEquals(1, fx.rejected(Rejection.BAD_AUTHENTICATOR));
    assertEquals(0, fx.replica.slotCount());
  }

  @Test
  void rejectsMacFrameWhenSignaturesAreRequired() {
    Fixture sig = new Fixture(AuthMode.SIGNATURES, 1);
    Fixture mac = new Fixture(AuthMode.MAC_AUTHENTICATORS, 1);
    Frame f = mac.from(0, mac.prePrepare(0, 1, List.of(sig.request(1, "a", false))));
    sig.deliver(f.raw);
    assertEquals(1, sig.rejected(Rejection.BAD_AUTHENTICATOR));
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void rejectsPrePrepareForAnotherView(AuthMode mode) {
    Fixture fx = new Fixture(mode, 2);
    fx.deliver(fx.from(1, fx.prePrepare(1, 1, List.of(fx.request(1, "a", false)))));
    assertEquals(1, fx.rejected(Rejection.WRONG_VIEW));
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void rejectsPrePrepareOutsideTheWatermarks(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    fx.deliver(fx.from(0, fx.prePrepare(0, 0, List.of(fx.request(1, "a", false)))));
    fx.deliver(fx.from(0, fx.prePrepare(0, 9, List.of(fx.request(2, "a", false)))));
    assertEquals(2, fx.rejected(Rejection.OUT_OF_WINDOW));
    assertEquals(0, fx.replica.slotCount());
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void rejectsSecondPrePrepareWithConflictingDigest(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    fx.deliver(fx.from(0, fx.prePrepare(0, 1, List.of(fx.request(1, "a", false)))));
    List<Action> out =
        fx.deliver(fx.from(0, fx.prePrepare(0, 1, List.of(fx.request(2, "b", false)))));
    assertTrue(out.isEmpty());
    assertEquals(1, fx.rejected(Rejection.CONFLICTING_PRE_PREPARE));
    fx.deliver(fx.from(0, fx.prePrepare(0, 1, List.of(fx.request(1, "a", false)))));
    assertEquals(1, fx.rejected(Rejection.STALE));
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void rejectsPrePrepareWhoseDigestDoesNotMatchItsBatch(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    fx.deliver(fx.from(0, fx.prePrepare(0, 1, Hash.ZERO, List.of(fx.request(1, "a", false)))));
    assertEquals(1, fx.rejected(Rejection.DIGEST_MISMATCH));
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void rejectsBatchWithForgedOrReadOnlyOrGarbageRequest(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    fx.deliver(fx.from(0, fx.prePrepare(0, 1, List.of(flipLastByte(fx.request(1, "a", false))))));
    fx.deliver(fx.from(0, fx.prePrepare(0, 2, List.of(fx.request(2, "a", true)))));
    fx.deliver(fx.from(0, fx.prePrepare(0, 3, List.of(Bytes.utf8("not a frame")))));
    assertEquals(3, fx.rejected(Rejection.BAD_REQUEST_IN_BATCH));
    assertEquals(0, fx.replica.slotCount());
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void rejectsEmptyBatchFromPrimary(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    fx.deliver(fx.from(0, fx.prePrepare(0, 1, List.of())));
    assertEquals(1, fx.rejected(Rejection.MALFORMED));
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void commitsAfterPreparesAndCommitsThenRepliesAndUploads(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    Bytes req = fx.request(1, "a", false);
    Hash d = Digests.batch(List.of(req));
    fx.deliver(fx.from(0, fx.prePrepare(0, 1, List.of(req))));
    List<Action> afterOne = fx.deliver(fx.from(2, fx.prepare(0, 1, d)));
    assertEquals(List.of(COMMIT, COMMIT, COMMIT), Fixture.sentKinds(afterOne), "prepared with 2f");
    assertTrue(fx.deliver(fx.from(2, fx.commit(0, 1, d))).isEmpty(), "2 of 2f + 1 commits");
    List<Action> out = fx.deliver(fx.from(3, fx.commit(0, 1, d)));
    assertEquals(List.of(REPLY, UPLOAD, UPLOAD, UPLOAD), Fixture.sentKinds(out));
    assertEquals(1, fx.replica.lastExecuted());
    assertEquals(1, fx.machine.count());
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void rejectsPrepareFromPrimaryDuplicatesAndOwnIndex(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    Hash d = Digests.batch(List.of(fx.request(1, "a", false)));
    fx.deliver(fx.from(0, fx.prepare(0, 1, d)));
    assertEquals(1, fx.rejected(Rejection.UNKNOWN_SENDER));
    fx.deliver(fx.from(1, fx.prepare(0, 1, d)));
    assertEquals(2, fx.rejected(Rejection.UNKNOWN_SENDER));
    fx.deliver(fx.from(2, fx.prepare(0, 1, d)));
    fx.deliver(fx.from(2, fx.prepare(0, 1, d)));
    assertEquals(1, fx.rejected(Rejection.STALE));
    fx.deliver(fx.from(2, fx.prepare(3, 1, d)));
    assertEquals(1, fx.rejected(Rejection.WRONG_VIEW));
    fx.deliver(fx.from(2, fx.prepare(0, 100, d)));
    assertEquals(1, fx.rejected(Rejection.OUT_OF_WINDOW));
    fx.deliver(flipLastByte(fx.from(3, fx.prepare(0, 1, d)).raw));
    assertEquals(1, fx.rejected(Rejection.BAD_AUTHENTICATOR));
    fx.deliver(
        fx.from(
            3,
            PbftProto.PbftBody.newBuilder()
                .setPrepare(PbftProto.PbftPrepare.newBuilder().setView(0).setSequence(1))));
    assertEquals(1, fx.rejected(Rejection.MALFORMED));
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void commitsFromOtherViewsOrWithoutPrepareDoNotExecute(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    Bytes req = fx.request(1, "a", false);
    Hash d = Digests.batch(List.of(req));
    fx.deliver(fx.from(0, fx.prePrepare(0, 1, List.of(req))));
    for (int i : new int[] {0, 2, 3}) {
      fx.deliver(fx.from(i, fx.commit(0, 1, d)));
    }
    assertEquals(0, fx.replica.lastExecuted(), "commits alone do not execute");
    fx.deliver(fx.from(2, fx.commit(1, 1, d)));
    assertEquals(1, fx.rejected(Rejection.WRONG_VIEW));
    fx.deliver(fx.from(2, fx.commit(0, 1, d)));
    assertEquals(1, fx.rejected(Rejection.STALE));
    fx.deliver(fx.from(2, fx.prepare(0, 1, d)));
    assertEquals(1, fx.replica.lastExecuted(), "executes once prepared");
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void executesStrictlyInSequenceOrder(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    fx.commitSlot(0, 2, List.of(fx.request(2, "b", false)));
    assertEquals(0, fx.replica.lastExecuted());
    fx.commitSlot(0, 1, List.of(fx.request(1, "a", false)));
    assertEquals(2, fx.replica.lastExecuted());
    assertEquals(2, fx.machine.count());
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void repeatedRequestGetsCachedReplyWithoutSecondExecution(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    Bytes req = fx.request(5, "a", false);
    fx.commitSlot(0, 1, List.of(req));
    assertEquals(1, fx.machine.count());
    List<Action> out = fx.deliver(req);
    assertEquals(List.of(REPLY), Fixture.sentKinds(out));
    fx.commitSlot(0, 2, List.of(req));
    assertEquals(1, fx.machine.count(), "a re-ordered duplicate is not executed");
    fx.deliver(fx.request(4, "older", false));
    assertEquals(1, fx.rejected(Rejection.STALE));
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void backupForwardsRequestToPrimaryAndArmsRequestTimer(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    List<Action> out = fx.deliver(fx.request(1, "a", false));
    assertTrue(
        out.stream().anyMatch(a -> a instanceof Action.Send s && s.to().equals(fx.config.node(0))));
    assertTrue(
        out.stream()
            .anyMatch(a -> a instanceof Action.SetTimer t && t.kind() == TimerKind.REQUEST));
    fx.deliver(flipLastByte(fx.request(2, "b", false)));
    assertEquals(1, fx.rejected(Rejection.BAD_AUTHENTICATOR));
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void primaryBatchesRequestsIntoPrePrepares(AuthMode mode) {
    Fixture fx = new Fixture(mode, 0);
    List<Action> out = fx.deliver(fx.request(1, "a", false));
    assertEquals(
        3,
        Fixture.sentKinds(out).stream()
            .filter(k -> k == PbftProto.PbftBody.KindCase.PRE_PREPARE)
            .count());
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void queueOfWaitingRequestsIsBoundedInBytes(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1, c -> c.withMaxQueueBytes(64 << 10));
    Bytes big = fx.request(1, "x".repeat(30_000), false);
    long limit = fx.config.maxQueueBytes();
    for (int t = 1; t <= 10; t++) {
      fx.deliver(fx.request(t, "x".repeat(30_000), false));
    }
    assertTrue(fx.replica.pendingBytes() <= limit);
    assertTrue(fx.rejected(Rejection.QUEUE_FULL) >= 10 - limit / big.size());
    fx.replica.checkInvariants();
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void readOnlyRequestIsAnsweredFromLocalStateWithoutOrdering(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    List<Action> out = fx.deliver(fx.request(1, "read", true));
    assertEquals(List.of(REPLY), Fixture.sentKinds(out));
    assertEquals(0, fx.machine.count());
    assertEquals(0, fx.replica.slotCount());
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void rejectsGarbageTruncatedAndUnexpectedMessages(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    Frame f = fx.from(0, fx.prePrepare(0, 1, List.of(fx.request(1, "a", false))));
    fx.deliver(f.raw.slice(0, f.raw.size() / 2));
    fx.deliver(Bytes.utf8("hello"));
    fx.deliver(Bytes.EMPTY);
    assertEquals(3, fx.rejected(Rejection.MALFORMED));
    fx.deliver(
        fx.from(2, PbftProto.PbftBody.newBuilder().setReply(PbftProto.PbftReply.newBuilder())));
    assertEquals(1, fx.rejected(Rejection.UNEXPECTED_KIND));
    assertEquals(0, fx.replica.slotCount());
  }

  @Test
  void rejectsOversizedFrame() {
    Fixture fx = new Fixture(AuthMode.SIGNATURES, 1);
    fx.deliver(Bytes.of(new byte[fx.config.maxMessageBytes() + 1]));
    assertEquals(1, fx.rejected(Rejection.MALFORMED));
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void anotherKeyUsingAClientsAddressDoesNotConsumeItsTimestamps(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    NodeKeys squatter = NodeKeys.generate(org.cybervein.api.random.DeterministicRandom.fromSeed(5));
    fx.commitSlot(0, 1, List.of(fx.request(squatter, 100, "squat", false)));
    fx.commitSlot(0, 2, List.of(fx.request(5, "mine", false)));
    assertEquals(
        2,
        fx.machine.count(),
        "the real client's request still executes " + fx.replica.rejections());
  }
}
