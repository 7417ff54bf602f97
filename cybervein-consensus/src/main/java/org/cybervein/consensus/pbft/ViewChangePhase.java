package org.cybervein.consensus.pbft;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.wire.v1.PbftProto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The view change of a {@link Replica}: VIEW-CHANGE and NEW-VIEW, and the timers that drive them. A
 * replica that waited too long for a request to execute gives the view up and sends VIEW-CHANGE
 * with what it prepared; it joins a view change f + 1 others started; the new view's primary
 * decides from 2f + 1 of them (see {@link ViewChange}) and sends NEW-VIEW, after which the normal
 * case resumes with the batches it re-proposes.
 */
final class ViewChangePhase {
  /**
   * A view change waits {@code requestTimeout * 2^k} for the k-th consecutive attempt, k capped
   * here: long enough to outgrow message delays, short enough that replicas that fell into
   * different views meet again soon.
   */
  static final int MAX_BACKOFF_DOUBLINGS = 3;

  private static final Logger LOG = LoggerFactory.getLogger(Replica.class);

  private final ReplicaState s;
  private NormalCasePhase normal;
  private CheckpointPhase checkpoints;

  private final Map<Integer, ViewChange> viewChanges = new HashMap<>();
  private int attempts;
  private Bytes myViewChange;
  private Bytes myNewView;
  private int newViewResends;
  // The last view this replica was active in, for the log lines of a view change.
  private ViewNumber lastActive;

  ViewChangePhase(ReplicaState state) {
    this.s = state;
  }

  void connect(NormalCasePhase normal, CheckpointPhase checkpoints) {
    this.normal = normal;
    this.checkpoints = checkpoints;
  }

  /** Restores the view from the store, after the logs were replayed. */
  void recoverView() {
    s.store
        .loadView()
        .ifPresent(
            v -> {
              s.view = ViewNumber.of(v[0]);
              s.active = v[1] == 1;
            });
    lastActive = s.view;
  }

  /** Restarted during a view change: resend it, and move on if it does not complete. */
  void resume(List<Action> out) {
    LOG.info("replica {} resumes its view change to {} after a restart", s.index, s.view);
    sendViewChange(out);
    s.arm(TimerKind.VIEW_CHANGE, s.config.requestTimeout(), out);
  }

  /**
   * Gives the current view up for {@code newView}; stays where it is if {@code newView} lies beyond
   * {@link ViewChange#MAX_VIEW}, the largest view a VIEW-CHANGE may name (only a group with more
   * than f faulty replicas ever gets near it).
   */
  void start(ViewNumber newView, List<Action> out) {
    if (newView.value() > ViewChange.MAX_VIEW) {
      LOG.warn(
          "replica {} stays in {}: view {} is beyond the largest view a view change may name",
          s.index,
          s.view,
          newView);
      if (myViewChange != null && !s.active) {
        s.broadcast(myViewChange, out);
      }
      s.arm(TimerKind.VIEW_CHANGE, backoff(), out);
      return;
    }
    LOG.info(
        "replica {} starts a view change from {} to {} (last active in {})",
        s.index,
        s.view,
        newView,
        lastActive);
    s.view = newView;
    s.active = false;
    attempts++;
    myNewView = null;
    normal.viewChangeStarted();
    s.store.saveView(s.view.value(), false);
    viewChanges.values().removeIf(vc -> vc.newView() < s.view.value());
    sendViewChange(out);
    s.arm(TimerKind.VIEW_CHANGE, backoff(), out);
    tryNewView(out);
  }

  /**
   * The view change to the current view did not complete in time. If f + 1 others announced later
   * views, move to the smallest of them (as on their arrival, see {@link #onViewChange}); else, if
   * 2f + 1 replicas are in this view change (so its primary failed), or if any other replica is in
   * a later one, move to the next view: one step, whatever view a replica announced, so a faulty
   * replica naming a huge view gains nothing, while replicas that fell into different views still
   * meet (the lower ones step up until f + 1 of the others are above them). Else stay and resend,
   * since a replica that ran ahead alone must let the others catch up rather than run further.
   */
  void timedOut(List<Action> out) {
    int here = 0;
    boolean anyHigher = false;
    for (ViewChange vc : viewChanges.values()) {
      if (vc.sender() != s.index && vc.newView() > s.view.value()) {
        anyHigher = true;
      }
      if (vc.newView() == s.view.value()) {
        here++;
      }
    }
    Optional<Long> joined = joinable();
    if (joined.isPresent()) {
      start(ViewNumber.of(joined.get()), out);
    } else if (here >= s.config.quorum() || anyHigher) {
      start(s.view.next(), out);
    } else {
      attempts++;
      s.broadcast(myViewChange, out);
      s.arm(TimerKind.VIEW_CHANGE, backoff(), out);
    }
  }

  /**
   * Castro and Liskov's rule for joining a view change: when f + 1 other replicas (distinct, each
   * counted once with its latest VIEW-CHANGE) announced views above this replica's, at least one of
   * them is correct, so move to the smallest view among them. Never on fewer: one replica's
   * announcement, however high, moves nobody.
   */
  private Optional<Long> joinable() {
    long view = s.view.value();
    int count = 0;
    long smallest = Long.MAX_VALUE;
    for (ViewChange m : viewChanges.values()) {
      if (m.sender() != s.index && m.newView() > view) {
        count++;
        smallest = Math.min(smallest, m.newView());
      }
    }
    return count >= s.config.f() + 1 ? Optional.of(smallest) : Optional.empty();
  }

  private Duration backoff() {
    return s.config.requestTimeout().multipliedBy(1L << Math.min(attempts, MAX_BACKOFF_DOUBLINGS));
  }

  private void sendViewChange(List<Action> out) {
    List<SlotClaim> prepared = new ArrayList<>();
    List<SlotClaim> prePrepared = new ArrayList<>();
    Map<Hash, List<Bytes>> batches = new HashMap<>();
    long view = s.view.value();
    for (Map.Entry<SequenceNumber, Slot> e : normal.slots().entrySet()) {
      long n = e.getKey().value();
      Slot slot = e.getValue();
      if (slot.pView >= 0 && slot.pView < view) {
        prepared.add(new SlotClaim(n, slot.pDigest, slot.pView));
        batches.put(slot.pDigest, slot.pFrames);
      }
      for (Map.Entry<Hash, Long> q : slot.q.entrySet()) {
        if (q.getValue() < view) {
          prePrepared.add(new SlotClaim(n, q.getKey(), q.getValue()));
        }
      }
    }
    Frame f =
        s.signed(
            PbftProto.PbftBody.newBuilder()
                .setViewChange(
                    ViewChange.body(s.index, view, s.stable, prepared, prePrepared, batches)
                        .getViewChange()
                        .toBuilder()));
    myViewChange = f.raw;
    try {
      viewChanges.put(s.index, ViewChange.verify(f, s.config, s.verifiers));
    } catch (InvalidPbftMessageException e) {
      throw new IllegalStateException("own view change does not verify", e);
    }
    s.broadcast(f.raw, out);
  }

  void onViewChange(Frame f, List<Action> out) {
    if (f.sender() >= s.config.size() || f.sender() == s.index) {
      s.reject(Rejection.UNKNOWN_SENDER, out);
      return;
    }
    long v = f.body.getViewChange().getNewView();
    long view = s.view.value();
    ViewChange existing = viewChanges.get(f.sender());
    if (v < view || (v == view && s.active) || (existing != null && existing.newView() >= v)) {
      s.reject(Rejection.STALE, out);
      return;
    }
    ViewChange vc;
    try {
      vc = ViewChange.verify(f, s.config, s.verifiers);
    } catch (InvalidPbftMessageException e) {
      s.reject(
          e.reason() == InvalidPbftMessageException.Reason.BAD_AUTHENTICATOR
              ? Rejection.BAD_AUTHENTICATOR
              : Rejection.BAD_CERTIFICATE,
          out);
      return;
    }
    viewChanges.put(f.sender(), vc);
    if (vc.stable().sequence() > s.lastExecuted.value()) {
      checkpoints.noteAhead(vc.stable(), out);
    }
    // Join a view change that f + 1 others started: at least one of them is correct.
    Optional<Long> joined = joinable();
    if (joined.isPresent()) {
      start(ViewNumber.of(joined.get()), out);
      return;
    }
    tryNewView(out);
  }

  /** The new primary: NEW-VIEW once 2f + 1 VIEW-CHANGEs for its view decide every slot. */
  private void tryNewView(List<Action> out) {
    if (s.active || !s.isPrimary() || myNewView != null) {
      return;
    }
    List<ViewChange> set = new ArrayList<>();
    for (int i = 0; i < s.config.size(); i++) {
      ViewChange vc = viewChanges.get(i);
      if (vc != null && vc.newView() == s.view.value()) {
        set.add(vc);
      }
    }
    Optional<ViewChange.Plan> plan = ViewChange.decide(s.config, set);
    if (plan.isEmpty()) {
      return;
    }
    Optional<List<List<Request>>> batches = decode(plan.get());
    if (batches.isEmpty()) {
      // Unreachable while ViewChange.verify decodes every batch; never a reason to throw.
      LOG.error("replica {}: a view change chose a batch that does not decode", s.index);
      return;
    }
    PbftProto.PbftNewView.Builder nv = PbftProto.PbftNewView.newBuilder().setView(s.view.value());
    for (ViewChange vc : set) {
      nv.addViewChanges(Codec.bs(vc.frame()));
    }
    for (ViewChange.Proposal p : plan.get().proposals()) {
      nv.addPrePrepares(
          NormalCasePhase.prePrepareProto(
              s.view, SequenceNumber.of(p.sequence()), p.digest(), p.requests()));
    }
    Frame f = s.signed(PbftProto.PbftBody.newBuilder().setNewView(nv));
    myNewView = f.raw;
    newViewResends = 10;
    s.broadcast(f.raw, out);
    enterView(plan.get(), batches.get(), out);
  }

  void onNewView(Frame f, List<Action> out) {
    PbftProto.PbftNewView nv = f.body.getNewView();
    long v = nv.getView();
    if (f.sender() >= s.config.size()
        || f.sender() != s.config.primary(v)
        || f.sender() == s.index) {
      s.reject(Rejection.UNKNOWN_SENDER, out);
      return;
    }
    long view = s.view.value();
    if (v < view || (v == view && s.active) || v < 1) {
      s.reject(Rejection.STALE, out);
      return;
    }
    if (!f.verifySignature(s.verifiers.replica(f.sender()))) {
      s.reject(Rejection.BAD_AUTHENTICATOR, out);
      return;
    }
    List<ViewChange> set = new ArrayList<>();
    BitSet senders = new BitSet();
    try {
      for (ByteString raw : nv.getViewChangesList()) {
        ViewChange vc =
            ViewChange.verify(
                Frame.parse(Codec.bytes(raw), s.config.maxMessageBytes()), s.config, s.verifiers);
        if (vc.newView() != v || senders.get(vc.sender())) {
          throw new InvalidPbftMessageException(
              InvalidPbftMessageException.Reason.BAD_CERTIFICATE, "view change set");
        }
        senders.set(vc.sender());
        set.add(vc);
      }
    } catch (InvalidPbftMessageException e) {
      s.reject(Rejection.BAD_CERTIFICATE, out);
      return;
    }
    Optional<ViewChange.Plan> plan = ViewChange.decide(s.config, set);
    if (plan.isEmpty() || plan.get().proposals().size() != nv.getPrePreparesCount()) {
      s.reject(Rejection.BAD_CERTIFICATE, out);
      return;
    }
    for (int i = 0; i < nv.getPrePreparesCount(); i++) {
      PbftProto.PbftPrePrepare pp = nv.getPrePrepares(i);
      ViewChange.Proposal p = plan.get().proposals().get(i);
      if (pp.getView() != v
          || pp.getSequence() != p.sequence()
          || !pp.getDigest().getValue().equals(ByteString.copyFrom(p.digest().toByteArray()))
          || !NormalCasePhase.bytesList(pp.getRequestsList()).equals(p.requests())) {
        s.reject(Rejection.BAD_CERTIFICATE, out);
        return;
      }
    }
    Optional<List<List<Request>>> batches = decode(plan.get());
    if (batches.isEmpty()) {
      s.reject(Rejection.BAD_CERTIFICATE, out);
      return;
    }
    s.view = ViewNumber.of(v);
    viewChanges.values().removeIf(vc -> vc.newView() < v);
    enterView(plan.get(), batches.get(), out);
  }

  /** The re-proposed batches decoded, or empty if one does not decode (and nothing changed). */
  private Optional<List<List<Request>>> decode(ViewChange.Plan plan) {
    List<List<Request>> batches = new ArrayList<>();
    for (ViewChange.Proposal p : plan.proposals()) {
      Optional<List<Request>> batch = normal.parseBatch(p.requests());
      if (batch.isEmpty()) {
        return Optional.empty();
      }
      batches.add(batch.get());
    }
    return Optional.of(batches);
  }

  private void enterView(ViewChange.Plan plan, List<List<Request>> batches, List<Action> out) {
    s.active = true;
    attempts = 0;
    s.store.saveView(s.view.value(), true);
    s.disarm(TimerKind.VIEW_CHANGE);
    LOG.info(
        "replica {} completed the view change from {} to {} ({} batches re-proposed)",
        s.index,
        lastActive,
        s.view,
        plan.proposals().size());
    lastActive = s.view;
    checkpoints.adopt(plan.stable(), out);
    normal.enterView(plan.proposals(), batches, out);
  }

  // ---------------------------------------------------------------- retransmission

  /**
   * Resends this replica's NEW-VIEW while the new view's slots are unfinished ({@code openSlots})
   * and for a few intervals after, when this replica is the primary that sent one.
   */
  void resendNewView(int openSlots, List<Action> out) {
    if (myNewView != null && (openSlots > 0 || newViewResends > 0)) {
      newViewResends--;
      s.broadcast(myNewView, out);
    }
  }

  /** Resends this replica's VIEW-CHANGE while the view change lasts. */
  void resendViewChange(List<Action> out) {
    if (myViewChange != null) {
      s.broadcast(myViewChange, out);
    }
  }
}
