package org.cybervein.consensus.pbft;

import static org.cybervein.api.wire.v1.PbftProto.PbftBody.KindCase.CHECKPOINT;
import static org.cybervein.api.wire.v1.PbftProto.PbftBody.KindCase.FETCH_STATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.NodeId;
import org.cybervein.api.wire.v1.PbftProto;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CheckpointAndUploadHandlerTest {

  private static PbftProto.PbftBody.Builder checkpoint(long n, Hash d) {
    return PbftProto.PbftBody.newBuilder()
        .setCheckpoint(
            PbftProto.PbftCheckpoint.newBuilder().setSequence(n).setStateDigest(Codec.hash(d)));
  }

  /** Commits slots 1..4 at the fixture's replica; returns the digest of its checkpoint at 4. */
  private static Hash runToCheckpoint(Fixture fx) {
    List<Action> out = new ArrayList<>();
    for (int n = 1; n <= 4; n++) {
      out.addAll(fx.commitSlot(0, n, List.of(fx.request(n, "op" + n, false))));
    }
    assertTrue(Fixture.sentKinds(out).contains(CHECKPOINT), "checkpoint taken at K");
    for (Action a : out) {
      if (a instanceof Action.Send s) {
        try {
          Frame f = Frame.parse(s.message(), Integer.MAX_VALUE);
          if (f.body.getKindCase() == CHECKPOINT) {
            return Hash.of(f.body.getCheckpoint().getStateDigest().getValue().toByteArray());
          }
        } catch (InvalidPbftMessageException e) {
          throw new AssertionError(e);
        }
      }
    }
    throw new AssertionError("no checkpoint");
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void checkpointBecomesStableWithTwoFPlusOneMatchingVotesAndTruncatesTheLog(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    Hash d = runToCheckpoint(fx);
    assertEquals(4, fx.replica.slotCount());
    fx.deliver(fx.signedFrom(2, checkpoint(4, d)));
    assertEquals(0, fx.replica.stableCheckpoint(), "2 of 2f + 1 votes");
    fx.deliver(fx.signedFrom(3, checkpoint(4, Hash.ZERO)));
    assertEquals(0, fx.replica.stableCheckpoint(), "a vote for another digest does not count");
    fx.deliver(fx.signedFrom(0, checkpoint(4, d)));
    assertEquals(4, fx.replica.stableCheckpoint());
    assertEquals(0, fx.replica.slotCount(), "log truncated below the stable checkpoint");
    fx.replica.checkInvariants();
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void rejectsUnsignedMalformedStaleAndDuplicateCheckpoints(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    Hash d = runToCheckpoint(fx);
    Fixture mac = new Fixture(AuthMode.MAC_AUTHENTICATORS, 1);
    fx.deliver(mac.from(2, checkpoint(4, d)).raw);
    assertEquals(1, fx.rejected(Rejection.BAD_AUTHENTICATOR), "checkpoints are always signed");
    fx.deliver(fx.signedFrom(2, checkpoint(5, d)));
    fx.deliver(fx.signedFrom(2, checkpoint(0, d)));
    assertEquals(2, fx.rejected(Rejection.MALFORMED));
    fx.deliver(fx.signedFrom(2, checkpoint(4, d)));
    fx.deliver(fx.signedFrom(2, checkpoint(4, d)));
    assertEquals(1, fx.rejected(Rejection.STALE));
    fx.deliver(fx.signedFrom(1, checkpoint(4, d)));
    assertEquals(1, fx.rejected(Rejection.UNKNOWN_SENDER));
    fx.deliver(fx.signedFrom(3, checkpoint(4, d)));
    fx.deliver(fx.signedFrom(0, checkpoint(4, d)));
    assertEquals(2, fx.rejected(Rejection.STALE), "a vote below the stable checkpoint");
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void certifiedCheckpointBeyondTheWindowStartsStateTransfer(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    List<Action> out = new ArrayList<>();
    for (int i : new int[] {0, 2, 3}) {
      out.addAll(fx.deliver(fx.signedFrom(i, checkpoint(40, Hash.ZERO))));
    }
    assertTrue(Fixture.sentKinds(out).contains(FETCH_STATE));
    for (long n = 44; n < 400; n += 4) {
      fx.deliver(fx.signedFrom(2, checkpoint(n, Hash.ZERO)));
    }
    fx.replica.checkInvariants();
  }

  private static Upload upload(Fixture fx, long n, String op) {
    return new Upload(
        n,
        List.of(
            new LoggedOperation(
                fx.clientNode, fx.clientKeys.signingKey().publicKey(), n, Bytes.utf8(op))));
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void fPlusOneEqualUploadsLandInTheContractOnceAndAreExecuted(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    Upload u = upload(fx, 1, "a");
    fx.deliver(SignedUpload.sign(u, 2, fx.keys.get(2).signingKey()).frame());
    assertFalse(fx.contract.contains(1));
    fx.deliver(SignedUpload.sign(upload(fx, 1, "other"), 0, fx.keys.get(0).signingKey()).frame());
    assertFalse(fx.contract.contains(1), "unequal uploads do not certify");
    fx.deliver(SignedUpload.sign(u, 3, fx.keys.get(3).signingKey()).frame());
    assertEquals(u, fx.contract.entry(1).orElseThrow());
    assertEquals(1, fx.replica.lastExecuted(), "executed from the certificate");
    assertEquals(1, fx.machine.count());
  }

  private static Upload executedUpload(List<Action> out) {
    for (Action a : out) {
      if (a instanceof Action.Executed e) {
        return new Upload(e.sequence(), e.operations());
      }
    }
    throw new AssertionError("nothing executed");
  }

  private static Bytes forged(Bytes signedFrame) {
    byte[] b = signedFrame.toByteArray();
    b[b.length - 1] ^= 1; // the signature's last byte
    return Bytes.of(b);
  }

  private static Frame fetchFrom(Fixture fx, int sender) {
    return fx.from(
        sender,
        PbftProto.PbftBody.newBuilder()
            .setFetchState(PbftProto.PbftFetchState.newBuilder().setLastExecuted(0)));
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void executedReplicaInsertsOnlyCheckedUploadsAndDropsOtherLogsUnchecked(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    Upload own = executedUpload(fx.commitSlot(0, 1, List.of(fx.request(1, "a", false))));
    Bytes genuine = SignedUpload.sign(own, 2, fx.keys.get(2).signingKey()).frame();
    fx.deliver(forged(genuine));
    assertFalse(fx.contract.contains(1), "a forged upload never reaches the contract");
    assertEquals(1, fx.rejected(Rejection.BAD_AUTHENTICATOR), "checked before inserting");
    fx.deliver(SignedUpload.sign(upload(fx, 1, "other"), 3, fx.keys.get(3).signingKey()).frame());
    assertEquals(1, fx.rejected(Rejection.CONFLICTING_UPLOAD));
    assertFalse(fx.contract.contains(1));
    fx.deliver(genuine);
    assertEquals(own, fx.contract.entry(1).orElseThrow());
    assertEquals(0, fx.contract.rejected, "the contract was never offered a bad certificate");
    fx.replica.checkInvariants();
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void settledLogIsCheckedBeforeItIsServed(AuthMode mode) throws Exception {
    Fixture fx = new Fixture(mode, 1);
    Upload own = executedUpload(fx.commitSlot(0, 1, List.of(fx.request(1, "a", false))));
    fx.insertedByAnother(
        1,
        List.of(
            SignedUpload.sign(own, 2, fx.keys.get(2).signingKey()),
            SignedUpload.sign(own, 3, fx.keys.get(3).signingKey())));
    Bytes genuine = SignedUpload.sign(own, 0, fx.keys.get(0).signingKey()).frame();
    fx.deliver(forged(genuine));
    assertEquals(0, fx.rejected(Rejection.BAD_AUTHENTICATOR), "settled without a check");
    List<Action> out = fx.deliver(fetchFrom(fx, 3));
    assertEquals(1, fx.rejected(Rejection.BAD_AUTHENTICATOR), "checked before serving");
    assertFalse(Fixture.sentKinds(out).contains(PbftProto.PbftBody.KindCase.STATE_TRANSFER));
    fx.deliver(genuine);
    out = fx.deliver(fetchFrom(fx, 0));
    assertEquals(List.of(PbftProto.PbftBody.KindCase.STATE_TRANSFER), Fixture.sentKinds(out));
    Frame transfer = Frame.parse(((Action.Send) out.get(0)).message(), Integer.MAX_VALUE);
    PbftProto.PbftUploadCertificate served = transfer.body.getStateTransfer().getLog(0);
    List<SignedUpload> certificate = new java.util.ArrayList<>();
    for (com.google.protobuf.ByteString raw : served.getUploadsList()) {
      certificate.add(
          SignedUpload.decode(Codec.bytes(raw), ReplicaVerifiers.of(fx.config), 1 << 20));
    }
    assertEquals(
        own, UploadCertificate.check(fx.config, ReplicaVerifiers.of(fx.config), 1, certificate));
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void rejectsForgedDuplicateOwnAndOutOfWindowUploads(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    Upload u = upload(fx, 1, "a");
    Bytes good = SignedUpload.sign(u, 2, fx.keys.get(2).signingKey()).frame();
    byte[] bad = good.toByteArray();
    bad[bad.length - 1] ^= 1;
    fx.deliver(Bytes.of(bad));
    assertEquals(1, fx.rejected(Rejection.BAD_AUTHENTICATOR));
    fx.deliver(good);
    fx.deliver(good);
    assertEquals(1, fx.rejected(Rejection.STALE));
    fx.deliver(SignedUpload.sign(u, 1, fx.keys.get(1).signingKey()).frame());
    assertEquals(1, fx.rejected(Rejection.UNKNOWN_SENDER));
    fx.deliver(SignedUpload.sign(upload(fx, 50, "a"), 2, fx.keys.get(2).signingKey()).frame());
    assertEquals(1, fx.rejected(Rejection.OUT_OF_WINDOW));
    fx.deliver(
        SignedUpload.sign(u, 3, fx.keys.get(2).signingKey()).frame()); // signed by the wrong key
    assertEquals(2, fx.rejected(Rejection.BAD_AUTHENTICATOR));
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void laggingReplicaInstallsVerifiedStateTransfer(AuthMode mode) {
    Fixture ahead = new Fixture(mode, 2);
    Hash d = runToCheckpoint(ahead);
    ahead.deliver(ahead.signedFrom(0, checkpoint(4, d)));
    ahead.deliver(ahead.signedFrom(3, checkpoint(4, d)));
    assertEquals(4, ahead.replica.stableCheckpoint());
    Fixture behind = new Fixture(mode, 1);
    Frame fetch =
        behind.from(
            1,
            PbftProto.PbftBody.newBuilder()
                .setFetchState(PbftProto.PbftFetchState.newBuilder().setLastExecuted(0)));
    List<Action> reply = ahead.replica.onMessage(NodeId.of("r1"), fetch.raw);
    Bytes transfer = ((Action.Send) reply.get(0)).message();
    byte[] corrupt = transfer.toByteArray();
    corrupt[corrupt.length / 2] ^= 1;
    behind.deliver(Bytes.of(corrupt));
    assertEquals(0, behind.replica.lastExecuted(), "a corrupted transfer is refused");
    behind.deliver(transfer);
    assertEquals(4, behind.replica.lastExecuted());
    assertEquals(4, behind.replica.stableCheckpoint());
    assertEquals(ahead.machine.digest(), behind.machine.digest());
    behind.deliver(transfer);
    assertEquals(1, behind.rejected(Rejection.STALE));
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void stateTransferWithForgedCheckpointOrSnapshotIsRejected(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    CheckpointCertificate fake = new CheckpointCertificate(4, Hash.ZERO, List.of());
    PbftProto.PbftStateTransfer st =
        PbftProto.PbftStateTransfer.newBuilder()
            .setCheckpoint(fake.toProto())
            .setSnapshot(Codec.bs(Bytes.utf8("x")))
            .build();
    fx.deliver(fx.from(2, PbftProto.PbftBody.newBuilder().setStateTransfer(st)));
    assertEquals(1, fx.rejected(Rejection.BAD_CERTIFICATE));
    List<Bytes> votes = new ArrayList<>();
    for (int i : new int[] {0, 2, 3}) {
      votes.add(fx.signedFrom(i, checkpoint(4, Hash.ZERO)).raw);
    }
    PbftProto.PbftStateTransfer wrongSnapshot =
        st.toBuilder()
            .setCheckpoint(new CheckpointCertificate(4, Hash.ZERO, votes).toProto())
            .build();
    fx.deliver(fx.from(2, PbftProto.PbftBody.newBuilder().setStateTransfer(wrongSnapshot)));
    assertEquals(1, fx.rejected(Rejection.DIGEST_MISMATCH));
    assertEquals(0, fx.replica.lastExecuted());
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void fetchStateIsAnsweredOncePerIntervalAndOnlyToReplicasBehind(AuthMode mode) {
    Fixture fx = new Fixture(mode, 2);
    Hash d = runToCheckpoint(fx);
    fx.deliver(fx.signedFrom(0, checkpoint(4, d)));
    fx.deliver(fx.signedFrom(3, checkpoint(4, d)));
    PbftProto.PbftBody.Builder fetch0 =
        PbftProto.PbftBody.newBuilder()
            .setFetchState(PbftProto.PbftFetchState.newBuilder().setLastExecuted(0));
    assertEquals(1, fx.deliver(fx.from(1, fetch0)).size());
    assertTrue(fx.deliver(fx.from(1, fetch0)).isEmpty());
    assertEquals(1, fx.rejected(Rejection.RATE_LIMITED));
    PbftProto.PbftBody.Builder fetchAhead =
        PbftProto.PbftBody.newBuilder()
            .setFetchState(PbftProto.PbftFetchState.newBuilder().setLastExecuted(4));
    fx.deliver(fx.from(3, fetchAhead));
    assertEquals(1, fx.rejected(Rejection.STALE));
    fx.deliver(fx.from(2, fetch0));
    assertEquals(1, fx.rejected(Rejection.UNKNOWN_SENDER));
  }
}
