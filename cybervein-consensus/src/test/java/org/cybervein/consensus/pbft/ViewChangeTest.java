package org.cybervein.consensus.pbft;

import static org.cybervein.api.wire.v1.PbftProto.PbftBody.KindCase.NEW_VIEW;
import static org.cybervein.api.wire.v1.PbftProto.PbftBody.KindCase.PREPARE;
import static org.cybervein.api.wire.v1.PbftProto.PbftBody.KindCase.VIEW_CHANGE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.wire.v1.PbftProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ViewChangeTest {
  private static final CheckpointCertificate GENESIS =
      new CheckpointCertificate(0, Hash.ZERO, List.of());

  private static final ReplicaConfig CONFIG = new Fixture(AuthMode.SIGNATURES, 1).config;

  private static Hash h(int i) {
    byte[] b = new byte[32];
    b[0] = (byte) i;
    return Hash.of(b);
  }

  private static ViewChange vc(int sender, List<SlotClaim> prepared, List<SlotClaim> prePrepared) {
    TreeMap<Long, SlotClaim> p = new TreeMap<>();
    Map<Hash, List<Bytes>> batches = new HashMap<>();
    for (SlotClaim c : prepared) {
      p.put(c.sequence(), c);
      batches.put(c.digest(), List.of(Bytes.utf8("batch " + c.digest())));
    }
    return new ViewChange(sender, 1, GENESIS, p, prePrepared, batches, Bytes.EMPTY);
  }

  private static Optional<ViewChange.Plan> decide(Collection<ViewChange> s) {
    return ViewChange.decide(CONFIG, s);
  }

  @Test
  void choosesTheBatchAQuorumPreparedEvenWhenTheOldPrimaryEquivocated() {
    // The old primary sent d1 to replicas 1 and 2 (who prepared it) and d2 to replica 3.
    SlotClaim d1 = new SlotClaim(1, h(1), 0);
    List<ViewChange> s =
        List.of(
            vc(1, List.of(d1), List.of(d1)),
            vc(2, List.of(d1), List.of(d1)),
            vc(3, List.of(), List.of(new SlotClaim(1, h(2), 0))));
    ViewChange.Plan plan = decide(s).orElseThrow();
    assertEquals(1, plan.proposals().size());
    assertEquals(h(1), plan.proposals().get(0).digest());
  }

  @Test
  void aFaultyReplicaClaimingALaterViewCannotOverrideAPreparedBatch() {
    SlotClaim d1 = new SlotClaim(1, h(1), 0);
    SlotClaim forged = new SlotClaim(1, h(9), 0);
    List<ViewChange> s =
        List.of(
            vc(0, List.of(forged), List.of(forged)),
            vc(1, List.of(d1), List.of(d1)),
            vc(2, List.of(d1), List.of(d1)),
            vc(3, List.of(), List.of()));
    assertEquals(h(1), decide(s).orElseThrow().proposals().get(0).digest());
  }

  @Test
  void fillsSlotsWithoutPreparedClaimsWithNullBatches() {
    SlotClaim d3 = new SlotClaim(3, h(3), 0);
    List<ViewChange> s =
        List.of(
            vc(1, List.of(d3), List.of(d3)),
            vc(2, List.of(d3), List.of(d3)),
            vc(3, List.of(), List.of()));
    ViewChange.Plan plan = decide(s).orElseThrow();
    assertEquals(3, plan.proposals().size());
    assertTrue(plan.proposals().get(0).requests().isEmpty());
    assertTrue(plan.proposals().get(1).requests().isEmpty());
    assertEquals(h(3), plan.proposals().get(2).digest());
  }

  @Test
  void waitsWhenTheMessagesDoNotYetDecideASlot() {
    // Only one replica claims prepared with a single pre-prepare claim: neither A2 nor B holds.
    SlotClaim d1 = new SlotClaim(1, h(1), 0);
    SlotClaim d2 = new SlotClaim(1, h(2), 0);
    List<ViewChange> s =
        List.of(
            vc(1, List.of(d1), List.of(d1)),
            vc(2, List.of(d2), List.of(d2)),
            vc(3, List.of(), List.of()));
    assertTrue(decide(s).isEmpty());
    assertTrue(decide(s.subList(0, 2)).isEmpty(), "fewer than 2f + 1 messages");
  }

  // ------------------------------------------------------------ handler level

  private static PbftProto.PbftBody.Builder viewChange(Fixture fx, int sender, long newView) {
    return ViewChange.body(sender, newView, GENESIS, List.of(), List.of(), Map.of()).toBuilder();
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void requestTimeoutStartsViewChange(AuthMode mode) {
    Fixture fx = new Fixture(mode, 2);
    List<Action> out = fx.deliver(fx.request(1, "a", false));
    Action.SetTimer timer =
        (Action.SetTimer)
            out.stream()
                .filter(a -> a instanceof Action.SetTimer t && t.kind() == TimerKind.REQUEST)
                .findFirst()
                .orElseThrow();
    assertTrue(fx.replica.onTimer(TimerKind.REQUEST, timer.token() + 5).isEmpty(), "stale token");
    List<Action> vc = fx.replica.onTimer(TimerKind.REQUEST, timer.token());
    assertEquals(List.of(VIEW_CHANGE, VIEW_CHANGE, VIEW_CHANGE), Fixture.sentKinds(vc));
    assertEquals(1, fx.replica.view());
    assertFalse(fx.replica.isActive());
    fx.deliver(fx.from(0, fx.prePrepare(0, 1, List.of(fx.request(1, "a", false)))));
    assertEquals(1, fx.rejected(Rejection.WRONG_VIEW), "no normal case during a view change");
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void newPrimaryCollectsViewChangesAndSendsNewView(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    Bytes req = fx.request(1, "a", false);
    Hash d = Digests.batch(List.of(req));
    fx.deliver(fx.from(0, fx.prePrepare(0, 1, List.of(req))));
    fx.deliver(fx.from(2, fx.prepare(0, 1, d)));
    // Replica 2 pre-prepared d too (it sent a PREPARE), so its VIEW-CHANGE claims Q: (1, d, 0).
    PbftProto.PbftBody.Builder vc2 =
        ViewChange.body(2, 1, GENESIS, List.of(), List.of(new SlotClaim(1, d, 0)), Map.of())
            .toBuilder();
    assertTrue(fx.deliver(fx.signedFrom(2, vc2)).isEmpty());
    List<Action> out = fx.deliver(fx.signedFrom(3, viewChange(fx, 3, 1)));
    List<PbftProto.PbftBody.KindCase> kinds = Fixture.sentKinds(out);
    assertTrue(kinds.contains(VIEW_CHANGE), "joined after f + 1 view changes");
    assertTrue(kinds.contains(NEW_VIEW), "then sent NEW-VIEW as primary of view 1");
    assertTrue(fx.replica.isActive());
    assertEquals(1, fx.replica.view());
    assertTrue(fx.replica.isPrimary());
    // Its prepared batch is re-proposed in view 1, so it commits there.
    fx.deliver(fx.from(2, fx.prepare(1, 1, d)));
    fx.deliver(fx.from(3, fx.prepare(1, 1, d)));
    fx.deliver(fx.from(2, fx.commit(1, 1, d)));
    fx.deliver(fx.from(3, fx.commit(1, 1, d)));
    assertEquals(1, fx.replica.lastExecuted());
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void rejectsForgedStaleAndUncertifiedViewChanges(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    Bytes good = fx.signedFrom(2, viewChange(fx, 2, 1)).raw;
    byte[] bad = good.toByteArray();
    bad[bad.length - 1] ^= 1;
    fx.deliver(Bytes.of(bad));
    assertEquals(1, fx.rejected(Rejection.BAD_AUTHENTICATOR));
    CheckpointCertificate uncertified = new CheckpointCertificate(4, Hash.ZERO, List.of());
    fx.deliver(
        fx.signedFrom(
            3, ViewChange.body(3, 1, uncertified, List.of(), List.of(), Map.of()).toBuilder()));
    assertEquals(1, fx.rejected(Rejection.BAD_CERTIFICATE));
    fx.deliver(good);
    fx.deliver(good);
    assertEquals(1, fx.rejected(Rejection.STALE));
    fx.deliver(fx.signedFrom(2, viewChange(fx, 2, 0)));
    assertEquals(2, fx.rejected(Rejection.STALE));
    fx.deliver(fx.signedFrom(1, viewChange(fx, 1, 1)));
    assertEquals(1, fx.rejected(Rejection.UNKNOWN_SENDER));
    SlotClaim outOfRange = new SlotClaim(100, h(1), 0);
    fx.deliver(
        fx.signedFrom(
            0,
            ViewChange.body(0, 1, GENESIS, List.of(), List.of(outOfRange), Map.of()).toBuilder()));
    assertEquals(2, fx.rejected(Rejection.BAD_CERTIFICATE));
    assertTrue(fx.replica.isActive(), "one valid view change does not make it change view");
  }

  private static Bytes newView(Fixture fx, int primary, long v, List<Bytes> vcs, boolean tamper) {
    PbftProto.PbftNewView.Builder nv = PbftProto.PbftNewView.newBuilder().setView(v);
    for (Bytes b : vcs) {
      nv.addViewChanges(Codec.bs(b));
    }
    if (tamper) {
      nv.addPrePrepares(
          fx.prePrepare(v, 1, List.of(fx.request(1, "smuggled", false))).getPrePrepare());
    }
    return fx.signedFrom(primary, PbftProto.PbftBody.newBuilder().setNewView(nv)).raw;
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void backupEntersNewViewOnlyWithAValidNewView(AuthMode mode) {
    Fixture fx = new Fixture(mode, 2);
    List<Bytes> vcs = new ArrayList<>();
    for (int i : new int[] {0, 1, 3}) {
      vcs.add(fx.signedFrom(i, viewChange(fx, i, 1)).raw);
    }
    fx.deliver(newView(fx, 3, 1, vcs, false));
    assertEquals(1, fx.rejected(Rejection.UNKNOWN_SENDER), "from the wrong primary");
    fx.deliver(newView(fx, 1, 1, vcs.subList(0, 2), false));
    assertEquals(1, fx.rejected(Rejection.BAD_CERTIFICATE), "too few view changes");
    fx.deliver(newView(fx, 1, 1, vcs, true));
    assertEquals(2, fx.rejected(Rejection.BAD_CERTIFICATE), "a re-proposal S does not justify");
    List<Bytes> dup = List.of(vcs.get(0), vcs.get(0), vcs.get(1));
    fx.deliver(newView(fx, 1, 1, dup, false));
    assertEquals(3, fx.rejected(Rejection.BAD_CERTIFICATE), "a repeated sender");
    assertEquals(0, fx.replica.view());
    fx.deliver(newView(fx, 1, 1, vcs, false));
    assertEquals(1, fx.replica.view());
    assertTrue(fx.replica.isActive());
    List<Action> out =
        fx.deliver(fx.from(1, fx.prePrepare(1, 1, List.of(fx.request(1, "a", false)))));
    assertEquals(List.of(PREPARE, PREPARE, PREPARE), Fixture.sentKinds(out));
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void restartedReplicaKeepsItsViewAndAcceptedPrePrepare(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    fx.deliver(fx.from(0, fx.prePrepare(0, 1, List.of(fx.request(1, "a", false)))));
    Replica again = new Replica(fx.config, 1, fx.keys.get(1), new CounterMachine(), fx.store);
    assertEquals(1, again.slotCount());
    again.onMessage(
        fx.config.node(0), fx.from(0, fx.prePrepare(0, 1, List.of(fx.request(2, "b", false)))).raw);
    assertEquals(
        1L,
        again.rejections().get(Rejection.CONFLICTING_PRE_PREPARE),
        "no second pre-prepare for the same slot after a crash");
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void restartedReplicaStillClaimsWhatItExecutedAboveTheCheckpoint(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    Bytes req = fx.request(1, "a", false);
    fx.commitSlot(0, 1, List.of(req));
    assertEquals(1, fx.replica.lastExecuted());
    Replica again = new Replica(fx.config, 1, fx.keys.get(1), new CounterMachine(), fx.store);
    assertEquals(1, again.lastExecuted(), "replayed from the store");
    List<Action> out = new ArrayList<>();
    for (int i : new int[] {2, 3}) {
      out.addAll(again.onMessage(fx.config.node(i), fx.signedFrom(i, viewChange(fx, i, 1)).raw));
    }
    Frame vc =
        out.stream()
            .filter(a -> a instanceof Action.Send)
            .map(a -> parse(((Action.Send) a).message()))
            .filter(f -> f.body.getKindCase() == VIEW_CHANGE && f.sender() == 1)
            .findFirst()
            .orElseThrow();
    PbftProto.PbftSlotClaim claim = vc.body.getViewChange().getPrepared(0);
    assertEquals(1, claim.getSequence());
    assertEquals(Digests.batch(List.of(req)), Hash.of(claim.getDigest().getValue().toByteArray()));
  }

  /** The VIEW-CHANGE {@code replica} sends once f others asked for {@code newView}. */
  private static PbftProto.PbftViewChange ownViewChange(Fixture fx, Replica replica, long newView) {
    List<Action> out = new ArrayList<>();
    for (int i : new int[] {2, 3}) {
      out.addAll(
          replica.onMessage(fx.config.node(i), fx.signedFrom(i, viewChange(fx, i, newView)).raw));
    }
    return out.stream()
        .filter(a -> a instanceof Action.Send)
        .map(a -> parse(((Action.Send) a).message()))
        .filter(f -> f.body.getKindCase() == VIEW_CHANGE && f.sender() == 1)
        .findFirst()
        .orElseThrow()
        .body
        .getViewChange();
  }

  /** Prepares a two-request batch at n = 1 in view 0 on the fixture's replica (index 1). */
  private static List<Bytes> prepareSlotOne(Fixture fx) {
    List<Bytes> requests = List.of(fx.request(1, "a", false), fx.request(2, "b", false));
    Hash d = Digests.batch(requests);
    fx.deliver(fx.from(0, fx.prePrepare(0, 1, requests)));
    fx.deliver(fx.from(2, fx.prepare(0, 1, d)));
    fx.deliver(fx.from(3, fx.prepare(0, 1, d)));
    return requests;
  }

  /** {@code vc} claims exactly {@code batch} prepared at n = 1 in view 0, requests included. */
  private static void assertClaimsPreparedInViewZero(
      PbftProto.PbftViewChange vc, List<Bytes> batch) {
    assertEquals(1, vc.getPreparedCount());
    PbftProto.PbftSlotClaim claim = vc.getPrepared(0);
    assertEquals(1, claim.getSequence());
    assertEquals(0, claim.getView());
    assertEquals(Digests.batch(batch), Hash.of(claim.getDigest().getValue().toByteArray()));
    assertEquals(batch, NormalCasePhase.bytesList(vc.getBatches(0).getRequestsList()));
  }

  /**
   * The prepared claim is stored without its batch, which the accepted PRE-PREPARE holds: after a
   * restart the claim still carries the whole batch into a VIEW-CHANGE.
   */
  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void aRestartedReplicaClaimsItsPreparedBatchWithItsRequests(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    List<Bytes> x = prepareSlotOne(fx);
    Replica again = new Replica(fx.config, 1, fx.keys.get(1), new CounterMachine(), fx.store);
    PbftProto.PbftViewChange vc = ownViewChange(fx, again, 1);
    assertClaimsPreparedInViewZero(vc, x);
  }

  /**
   * A replica prepared batch X at n = 1 in view 0, then accepted another batch Y at n = 1 in view 2
   * (the NEW-VIEW's quorum claimed nothing there) without preparing it: its stored prepared claim,
   * which shared X's requests with the replaced PRE-PREPARE record, must still bring X back after a
   * restart, since X may have committed elsewhere.
   */
  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void aPreparedBatchSurvivesItsPrePrepareRecordBeingReplacedInALaterView(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    List<Bytes> x = prepareSlotOne(fx);
    List<Bytes> vcs = new ArrayList<>();
    for (int i : new int[] {0, 2, 3}) {
      vcs.add(fx.signedFrom(i, viewChange(fx, i, 2)).raw);
    }
    fx.deliver(newView(fx, 2, 2, vcs, false));
    assertEquals(2, fx.replica.view());
    assertTrue(fx.replica.isActive());
    List<Bytes> y = List.of(fx.request(3, "c", false));
    List<Action> out = fx.deliver(fx.from(2, fx.prePrepare(2, 1, y)));
    assertEquals(List.of(PREPARE, PREPARE, PREPARE), Fixture.sentKinds(out), "Y accepted");

    Replica again = new Replica(fx.config, 1, fx.keys.get(1), new CounterMachine(), fx.store);
    PbftProto.PbftViewChange vc = ownViewChange(fx, again, 3);
    assertClaimsPreparedInViewZero(vc, x); // Y was never prepared
    assertTrue(
        vc.getPrePreparedList().stream()
            .anyMatch(
                c ->
                    c.getView() == 2
                        && Digests.batch(y)
                            .equals(Hash.of(c.getDigest().getValue().toByteArray()))),
        "Y's pre-prepared claim is kept too");
  }

  /**
   * A NEW-VIEW re-proposed a request before the request itself reached the new primary; when it
   * arrived it was queued to be proposed again (a slot spent on a duplicate, and the queue's
   * invariant broken). Found by the simulation once it checked replica invariants after every event
   * (seeds 1001, 2025, 3008, 5012).
   */
  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void aRequestReProposedByANewViewIsNotProposedAgainWhenItArrives(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    Bytes req = fx.request(1, "a", false);
    SlotClaim claim = new SlotClaim(1, Digests.batch(List.of(req)), 0);
    for (int i : new int[] {2, 3}) {
      fx.deliver(
          fx.signedFrom(
              i,
              ViewChange.body(
                  i,
                  1,
                  GENESIS,
                  List.of(claim),
                  List.of(claim),
                  Map.of(claim.digest(), List.of(req)))
                  .toBuilder()));
    }
    assertTrue(fx.replica.isActive());
    assertTrue(fx.replica.isPrimary());
    List<Action> out = fx.deliver(req);
    assertFalse(
        Fixture.sentKinds(out).contains(PbftProto.PbftBody.KindCase.PRE_PREPARE),
        "already in the batch at n = 1");
    fx.replica.checkInvariants();
  }

  private static Frame parse(Bytes b) {
    try {
      return Frame.parse(b, Integer.MAX_VALUE);
    } catch (InvalidPbftMessageException e) {
      throw new AssertionError(e);
    }
  }
}
