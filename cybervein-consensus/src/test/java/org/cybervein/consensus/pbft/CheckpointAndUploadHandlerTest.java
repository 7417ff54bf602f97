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

  private static OperationLog log(Fixture fx, long n, String op) {
    return new OperationLog(
        n,
        List.of(
            new LoggedOperation(
                fx.clientNode, fx.clientKeys.signingKey().publicKey(), n, Bytes.utf8(op))));
  }

  private static Upload upload(Fixture fx, long n, String op) {
    return Upload.of(log(fx, n, op));
  }

  /**
   * Format 1 executed a log from f + 1 live uploads; an UPLOAD {@code <n, d>} carries no
   * operations, so a replica that did not execute log n holds checked uploads, executes nothing
   * from them, and fetches the log by state transfer at its next retransmission interval.
   */
  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void uploadsOfALogNotExecutedAreCheckedHeldAndTriggerAFetch(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    long token = Fixture.retransmitToken(fx.replica.start());
    Upload u = upload(fx, 1, "a");
    Bytes genuine = SignedUpload.sign(u, 2, fx.keys.get(2).signingKey()).frame();
    fx.deliver(forged(genuine));
    assertEquals(1, fx.rejected(Rejection.BAD_AUTHENTICATOR), "checked at once");
    fx.deliver(genuine);
    fx.deliver(SignedUpload.sign(u, 3, fx.keys.get(3).signingKey()).frame());
    assertFalse(fx.contract.contains(1), "no log, no certificate");
    assertEquals(0, fx.replica.lastExecuted(), "nothing executed from uploads");
    assertEquals(0, fx.machine.count());
    assertTrue(fx.replica.heldUploadBytes(2) > 0, "held");
    // The first interval notes what was executed; an interval with no progress fetches.
    List<Action> out = fx.replica.onTimer(TimerKind.RETRANSMIT, token);
    out = fx.replica.onTimer(TimerKind.RETRANSMIT, Fixture.retransmitToken(out));
    assertTrue(Fixture.sentKinds(out).contains(FETCH_STATE), "behind: it fetches the log");
    fx.replica.checkInvariants();
  }

  /** Commits log 1 at {@code ahead} and certifies it with the uploads of replicas 0 and 3. */
  private static OperationLog certifyLogOne(Fixture ahead) {
    OperationLog own = executedLog(ahead.commitSlot(0, 1, List.of(ahead.request(1, "a", false))));
    for (int i : new int[] {0, 3}) {
      ahead.deliver(SignedUpload.sign(Upload.of(own), i, ahead.keys.get(i).signingKey()).frame());
    }
    assertTrue(ahead.contract.contains(1));
    return own;
  }

  /** {@code ahead}'s STATE-TRANSFER answer to {@code behind}'s FETCH-STATE from log 0. */
  private static PbftProto.PbftStateTransfer transferFor(Fixture ahead, Fixture behind) {
    Frame fetch =
        behind.from(
            behind.me,
            PbftProto.PbftBody.newBuilder()
                .setFetchState(PbftProto.PbftFetchState.newBuilder().setLastExecuted(0)));
    List<Action> reply = ahead.replica.onMessage(behind.config.node(behind.me), fetch.raw);
    assertEquals(List.of(PbftProto.PbftBody.KindCase.STATE_TRANSFER), Fixture.sentKinds(reply));
    try {
      return Frame.parse(((Action.Send) reply.get(0)).message(), Integer.MAX_VALUE)
          .body
          .getStateTransfer();
    } catch (InvalidPbftMessageException e) {
      throw new AssertionError(e);
    }
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void laggingReplicaCatchesUpOnALogThroughStateTransfer(AuthMode mode) {
    Fixture ahead = new Fixture(mode, 2);
    OperationLog own = certifyLogOne(ahead);
    Fixture behind = new Fixture(mode, 1);
    for (int i : new int[] {0, 2, 3}) {
      behind.deliver(SignedUpload.sign(Upload.of(own), i, behind.keys.get(i).signingKey()).frame());
    }
    assertEquals(0, behind.replica.lastExecuted());
    PbftProto.PbftStateTransfer st = transferFor(ahead, behind);
    assertEquals(1, st.getLogCount());
    assertEquals(own.encode(), Codec.bytes(st.getLog(0).getLog()), "the log travels once");
    List<Action> out =
        behind.deliver(behind.from(2, PbftProto.PbftBody.newBuilder().setStateTransfer(st)));
    assertEquals(1, behind.replica.lastExecuted(), "executed from the transferred certificate");
    assertEquals(ahead.machine.digest(), behind.machine.digest());
    assertEquals(
        1, Fixture.insertions(out).size(), "a transferred log is offered to the contract too");
    assertEquals(own, behind.contract.entry(1).orElseThrow());
    assertEquals(0, behind.replica.heldUploadBytes(2), "the uploads of a transferred log go");
    behind.replica.checkInvariants();
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void stateTransferOfAForgedLogWithValidUploadsIsRefused(AuthMode mode) {
    Fixture ahead = new Fixture(mode, 2);
    certifyLogOne(ahead);
    Fixture behind = new Fixture(mode, 1);
    PbftProto.PbftStateTransfer st = transferFor(ahead, behind);
    OperationLog forged = log(behind, 1, "not what was agreed");
    PbftProto.PbftStateTransfer lying =
        st.toBuilder()
            .setLog(0, st.getLog(0).toBuilder().setLog(Codec.bs(forged.encode())))
            .build();
    behind.deliver(behind.from(2, PbftProto.PbftBody.newBuilder().setStateTransfer(lying)));
    assertEquals(1, behind.rejected(Rejection.BAD_CERTIFICATE));
    assertEquals(0, behind.replica.lastExecuted(), "nothing executed, nothing changed");
    assertEquals(0, behind.machine.count());
    behind.deliver(behind.from(2, PbftProto.PbftBody.newBuilder().setStateTransfer(st)));
    assertEquals(1, behind.replica.lastExecuted(), "the genuine transfer still lands");
  }

  private static OperationLog executedLog(List<Action> out) {
    for (Action a : out) {
      if (a instanceof Action.Executed e) {
        return new OperationLog(e.sequence(), e.operations());
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
    OperationLog log = executedLog(fx.commitSlot(0, 1, List.of(fx.request(1, "a", false))));
    Upload own = Upload.of(log);
    Bytes genuine = SignedUpload.sign(own, 2, fx.keys.get(2).signingKey()).frame();
    fx.deliver(forged(genuine));
    assertFalse(fx.contract.contains(1), "a forged upload never reaches the contract");
    assertEquals(1, fx.rejected(Rejection.BAD_AUTHENTICATOR), "checked before inserting");
    fx.deliver(SignedUpload.sign(upload(fx, 1, "other"), 3, fx.keys.get(3).signingKey()).frame());
    assertEquals(1, fx.rejected(Rejection.CONFLICTING_UPLOAD));
    assertFalse(fx.contract.contains(1));
    fx.deliver(genuine);
    assertEquals(log, fx.contract.entry(1).orElseThrow());
    assertEquals(0, fx.contract.rejected, "the contract was never offered a bad certificate");
    fx.replica.checkInvariants();
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void settledLogIsCheckedBeforeItIsServed(AuthMode mode) throws Exception {
    Fixture fx = new Fixture(mode, 1);
    OperationLog log = executedLog(fx.commitSlot(0, 1, List.of(fx.request(1, "a", false))));
    Upload own = Upload.of(log);
    fx.insertedByAnother(
        1,
        List.of(
            SignedUpload.sign(own, 2, fx.keys.get(2).signingKey()),
            SignedUpload.sign(own, 3, fx.keys.get(3).signingKey())),
        log.encode());
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
        log,
        UploadCertificate.check(
            fx.config,
            ReplicaVerifiers.of(fx.config),
            1,
            certificate,
            Codec.bytes(served.getLog())));
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
