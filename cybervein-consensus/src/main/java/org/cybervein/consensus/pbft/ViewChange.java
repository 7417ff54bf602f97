package org.cybervein.consensus.pbft;

import com.google.protobuf.ByteString;
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
import org.cybervein.consensus.pbft.InvalidPbftMessageException.Reason;

/**
 * A verified VIEW-CHANGE {@code <v + 1, C, P, Q>} and the new primary's decision rule.
 *
 * <p>The rule is the one of Castro's PBFT with MACs (thesis, section 3.2.4), with each claim
 * authenticated by the sender's signature on its VIEW-CHANGE instead of by acknowledgements. Given
 * a set S of at least 2f + 1 VIEW-CHANGEs for view v', let h be the highest stable checkpoint in S.
 * For each n above h, batch d is chosen if some message in S claims P: (n, d, v) and
 *
 * <ul>
 *   <li>A1: 2f + 1 messages in S have no P claim for n, or one with a lower view, or the same (d,
 *       v);
 *   <li>A2: f + 1 messages in S claim Q: (n, d, v'') with v'' &ge; v;
 *   <li>A3: the batch of d is in S;
 * </ul>
 *
 * else the null batch is chosen if 2f + 1 messages have no P claim for n; otherwise the decision
 * waits for more messages. Safety: if batch d committed at n in view v, 2f + 1 replicas prepared it
 * there, so f + 1 correct ones claim (n, d, v) or later in every S, A1 fails for any other batch of
 * a view &le; v, and a later-view claim on another batch cannot pass A2, since correct replicas
 * only pre-prepare in later views what a NEW-VIEW chose by this same rule. Whether the old primary
 * equivocated does not matter: claims are per digest, and A1/A2 count distinct signers.
 */
record ViewChange(
    int sender,
    long newView,
    CheckpointCertificate stable,
    TreeMap<Long, SlotClaim> prepared,
    List<SlotClaim> prePrepared,
    Map<Hash, List<Bytes>> batches,
    Bytes frame) {

  /**
   * The largest view a VIEW-CHANGE may name. Far beyond any view a group reaches (a view per
   * timeout), and low enough that {@code v + 1} and the backoff arithmetic never overflow.
   */
  static final long MAX_VIEW = Long.MAX_VALUE / 2;

  /** One re-proposal of a NEW-VIEW: the batch for n, empty for the null request. */
  record Proposal(long sequence, Hash digest, List<Bytes> requests) {}

  /** What a NEW-VIEW re-proposes: the checkpoint to start from and a batch per sequence. */
  record Plan(CheckpointCertificate stable, List<Proposal> proposals) {}

  static PbftProto.PbftBody body(
      int sender,
      long newView,
      CheckpointCertificate stable,
      Collection<SlotClaim> prepared,
      Collection<SlotClaim> prePrepared,
      Map<Hash, List<Bytes>> batches) {
    PbftProto.PbftViewChange.Builder b =
        PbftProto.PbftViewChange.newBuilder().setNewView(newView).setStable(stable.toProto());
    for (SlotClaim c : prepared) {
      b.addPrepared(c.toProto());
      PbftProto.PbftBatch.Builder batch = PbftProto.PbftBatch.newBuilder();
      for (Bytes r : batches.get(c.digest())) {
        batch.addRequests(Codec.bs(r));
      }
      b.addBatches(batch);
    }
    for (SlotClaim c : prePrepared) {
      b.addPrePrepared(c.toProto());
    }
    return PbftProto.PbftBody.newBuilder().setSender(sender).setViewChange(b).build();
  }

  /** Verifies a VIEW-CHANGE frame: signature, checkpoint certificate, claims within its window. */
  static ViewChange verify(Frame f, ReplicaConfig config, ReplicaVerifiers verifiers)
      throws InvalidPbftMessageException {
    if (f.body.getKindCase() != PbftProto.PbftBody.KindCase.VIEW_CHANGE) {
      throw new InvalidPbftMessageException(Reason.MALFORMED, "not a view change");
    }
    if (f.sender() >= config.size()) {
      throw new InvalidPbftMessageException(Reason.UNKNOWN_SENDER, "no replica " + f.sender());
    }
    if (!f.verifySignature(verifiers.replica(f.sender()))) {
      throw new InvalidPbftMessageException(Reason.BAD_AUTHENTICATOR, "view change signature");
    }
    PbftProto.PbftViewChange vc = f.body.getViewChange();
    long newView = vc.getNewView();
    if (newView < 1 || newView > MAX_VIEW) {
      throw new InvalidPbftMessageException(Reason.INVALID_VALUE, "new view out of range");
    }
    if (!vc.hasStable()) {
      throw new InvalidPbftMessageException(Reason.MISSING_FIELD, "no checkpoint");
    }
    CheckpointCertificate stable = CheckpointCertificate.verify(vc.getStable(), config, verifiers);
    long low = stable.sequence();
    long high = low + config.watermarkWindow();
    if (vc.getPreparedCount() != vc.getBatchesCount()
        || vc.getPreparedCount() > config.watermarkWindow()
        || vc.getPrePreparedCount() > 4 * config.watermarkWindow()) {
      throw new InvalidPbftMessageException(Reason.INVALID_VALUE, "claim counts");
    }
    TreeMap<Long, SlotClaim> prepared = new TreeMap<>();
    Map<Hash, List<Bytes>> batches = new HashMap<>();
    for (int i = 0; i < vc.getPreparedCount(); i++) {
      SlotClaim c = SlotClaim.fromProto(vc.getPrepared(i));
      checkClaim(c, low, high, newView);
      if (prepared.put(c.sequence(), c) != null) {
        throw new InvalidPbftMessageException(Reason.INVALID_VALUE, "two P claims for a slot");
      }
      List<Bytes> requests = new ArrayList<>();
      for (ByteString r : vc.getBatches(i).getRequestsList()) {
        requests.add(Codec.bytes(r));
      }
      if (!Digests.batch(requests).equals(c.digest())) {
        throw new InvalidPbftMessageException(Reason.DIGEST_MISMATCH, "batch of a P claim");
      }
      // A digest that matches says nothing about the bytes: decoded now, so a NEW-VIEW never
      // re-proposes a batch that a replica entering the view could not read.
      if (requests.size() > config.maxBatchRequests()) {
        throw new InvalidPbftMessageException(Reason.INVALID_VALUE, "batch of a P claim too long");
      }
      for (Bytes r : requests) {
        ClientMessages.checkBatchRequest(r, config);
      }
      batches.put(c.digest(), List.copyOf(requests));
    }
    List<SlotClaim> prePrepared = new ArrayList<>();
    for (PbftProto.PbftSlotClaim p : vc.getPrePreparedList()) {
      SlotClaim c = SlotClaim.fromProto(p);
      checkClaim(c, low, high, newView);
      prePrepared.add(c);
    }
    return new ViewChange(
        f.sender(), newView, stable, prepared, List.copyOf(prePrepared), batches, f.raw);
  }

  private static void checkClaim(SlotClaim c, long low, long high, long newView)
      throws InvalidPbftMessageException {
    if (c.sequence() <= low || c.sequence() > high || c.view() >= newView) {
      throw new InvalidPbftMessageException(Reason.INVALID_VALUE, "claim out of range: " + c);
    }
  }

  /** The decision rule (see the type's Javadoc), or empty while S does not decide every slot. */
  static Optional<Plan> decide(ReplicaConfig config, Collection<ViewChange> s) {
    if (s.size() < config.quorum()) {
      return Optional.empty();
    }
    CheckpointCertificate stable = null;
    long maxClaim = 0;
    for (ViewChange m : s) {
      if (stable == null || m.stable.sequence() > stable.sequence()) {
        stable = m.stable;
      }
      if (!m.prepared.isEmpty()) {
        maxClaim = Math.max(maxClaim, m.prepared.lastKey());
      }
    }
    long h = stable.sequence();
    long last = Math.min(maxClaim, h + config.watermarkWindow());
    List<Proposal> proposals = new ArrayList<>();
    for (long n = h + 1; n <= last; n++) {
      SlotClaim chosen = null;
      List<Bytes> chosenBatch = null;
      for (ViewChange m : s) {
        SlotClaim c = m.prepared.get(n);
        if (c == null || (chosen != null && !better(c, chosen))) {
          continue;
        }
        if (countA1(s, c) >= config.quorum() && countA2(s, c) >= config.f() + 1) {
          chosen = c;
          chosenBatch = m.batches.get(c.digest());
        }
      }
      if (chosen != null) {
        proposals.add(new Proposal(n, chosen.digest(), chosenBatch));
        continue;
      }
      int noClaim = 0;
      for (ViewChange m : s) {
        if (!m.prepared.containsKey(n)) {
          noClaim++;
        }
      }
      if (noClaim < config.quorum()) {
        return Optional.empty();
      }
      proposals.add(new Proposal(n, Digests.batch(List.of()), List.of()));
    }
    return Optional.of(new Plan(stable, proposals));
  }

  private static boolean better(SlotClaim a, SlotClaim b) {
    return a.view() != b.view() ? a.view() > b.view() : a.digest().compareTo(b.digest()) > 0;
  }

  private static int countA1(Collection<ViewChange> s, SlotClaim c) {
    int count = 0;
    for (ViewChange m : s) {
      SlotClaim p = m.prepared.get(c.sequence());
      if (p == null
          || p.view() < c.view()
          || (p.view() == c.view() && p.digest().equals(c.digest()))) {
        count++;
      }
    }
    return count;
  }

  private static int countA2(Collection<ViewChange> s, SlotClaim c) {
    int count = 0;
    for (ViewChange m : s) {
      for (SlotClaim q : m.prePrepared) {
        if (q.sequence() == c.sequence() && q.digest().equals(c.digest()) && q.view() >= c.view()) {
          count++;
          break;
        }
      }
    }
    return count;
  }
}
