package org.cybervein.consensus.pbft;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.wire.v1.PbftProto;

/**
 * The normal case of a {@link Replica}: client REQUESTs, the primary's batching, PRE-PREPARE,
 * PREPARE and COMMIT, execution in sequence order, and the REPLYs. It owns the log slots, the queue
 * of requests waiting to be ordered and the table of clients' last answers.
 */
final class NormalCasePhase {
  /** Batches a primary keeps proposed but not executed; more wait and fill larger batches. */
  static final int PIPELINE_DEPTH = 8;

  /**
   * Below this many batches in flight the primary proposes whatever is waiting; at or above it,
   * only full batches (by count or bytes), up to {@link #PIPELINE_DEPTH}. Proposing eagerly into a
   * deeper pipeline splits the waiting requests into many small batches, and every batch costs the
   * same agreement messages, UPLOAD signatures and checks whatever its size; waiting for the batch
   * in flight to execute fills the next one instead. A request that waits is proposed at the latest
   * when the batches in flight execute, so this changes latency, never liveness.
   */
  static final int EAGER_DEPTH = 1;

  private static final int RETRANSMIT_SLOTS = 32;

  /**
   * Why a log is executed: agreed here, installed from a certificate, or replayed after a crash.
   */
  enum Mode {
    LIVE,
    TRANSFER,
    REPLAY
  }

  private final ReplicaState s;
  private final ClientMessages io;
  private UploadPhase uploads;
  private CheckpointPhase checkpoints;

  // Looked up several times per operation, so hashed; snapshots sort it (clientTable), so its
  // iteration order never reaches anything hashed or replicated.
  private final HashMap<ClientKey, ClientRecord> clients = new HashMap<>();
  private final TreeMap<SequenceNumber, Slot> slots = new TreeMap<>();
  private SequenceNumber seqNext = SequenceNumber.ZERO;
  private final LinkedHashMap<RequestKey, Request> pending = new LinkedHashMap<>();
  private long pendingBytes;
  // The pending requests not in a batch of this view yet, oldest first (pending minus inFlight),
  // so the primary finds what to propose without walking past the requests in flight.
  private final LinkedHashSet<RequestKey> unproposed = new LinkedHashSet<>();
  private long unproposedBytes;
  private final Set<RequestKey> inFlight = new HashSet<>();
  private boolean requestTimerArmed;
  private RequestKey timedRequest;

  NormalCasePhase(ReplicaState state) {
    this.s = state;
    this.io = new ClientMessages(state);
  }

  void connect(UploadPhase uploads, CheckpointPhase checkpoints) {
    this.uploads = uploads;
    this.checkpoints = checkpoints;
  }

  // ---------------------------------------------------------------- recovery

  /** Re-executes the logs the store holds after the stable checkpoint, in order. */
  void replayLogs() {
    List<Action> ignored = new ArrayList<>();
    // Logs are stored as PbftLog; a store written with format 1 held PbftUpload messages whose
    // fields 1 and 2 are the same, so it replays unchanged.
    for (Map.Entry<Long, PbftProto.PbftLog> e :
        s.store.loadAbove('L', s.stable.sequence(), PbftProto.PbftLog.parser()).entrySet()) {
      if (e.getKey() != s.lastExecuted.value() + 1) {
        break;
      }
      try {
        execute(
            s.lastExecuted.next(),
            Codec.log(e.getValue()).operations(),
            null,
            Mode.REPLAY,
            ignored);
      } catch (InvalidPbftMessageException ex) {
        throw new IllegalStateException("corrupt log in the store", ex);
      }
    }
  }

  /** Restores the accepted pre-prepares and the claims the store holds for the open slots. */
  void restoreSlots() {
    long h = s.stable.sequence();
    for (Map.Entry<Long, PbftProto.PbftPrePrepare> e :
        s.store.loadAbove('A', h, PbftProto.PbftPrePrepare.parser()).entrySet()) {
      PbftProto.PbftPrePrepare pp = e.getValue();
      SequenceNumber n = SequenceNumber.of(e.getKey());
      Slot slot = slot(n);
      slot.ppView = pp.getView();
      slot.digest = Hash.of(pp.getDigest().getValue().toByteArray());
      slot.frames = bytesList(pp.getRequestsList());
      slot.batch = parseBatchUnchecked(slot.frames);
      if (slot.ppView == s.view.value() && s.isPrimary()) {
        seqNext = SequenceNumber.max(seqNext, n);
      }
    }
    for (Map.Entry<Long, PbftProto.PbftPrePrepare> e :
        s.store.loadAbove('P', h, PbftProto.PbftPrePrepare.parser()).entrySet()) {
      Slot slot = slot(SequenceNumber.of(e.getKey()));
      slot.pView = e.getValue().getView();
      slot.pDigest = Hash.of(e.getValue().getDigest().getValue().toByteArray());
      // A claim stored without its requests shares them with the accepted PRE-PREPARE (see
      // checkPrepared); the digest, which binds them, says whether that is still the same batch.
      slot.pFrames =
          e.getValue().getRequestsCount() == 0 && slot.pDigest.equals(slot.digest)
              ? slot.frames
              : bytesList(e.getValue().getRequestsList());
      if (!Digests.batch(slot.pFrames).equals(slot.pDigest)) {
        throw new IllegalStateException("corrupt prepared claim in the store at " + e.getKey());
      }
    }
    for (Map.Entry<Long, PbftProto.PbftViewChange> e :
        s.store.loadAbove('Q', h, PbftProto.PbftViewChange.parser()).entrySet()) {
      Slot slot = slot(SequenceNumber.of(e.getKey()));
      for (PbftProto.PbftSlotClaim c : e.getValue().getPrePreparedList()) {
        slot.q.put(Hash.of(c.getDigest().getValue().toByteArray()), c.getView());
      }
    }
    // Slots at or below lastExecuted stay until the stable checkpoint: their prepared claims
    // must go into any VIEW-CHANGE, or a view change could replace a committed batch.
    seqNext = SequenceNumber.max(seqNext, s.lastExecuted);
  }

  /** Requests this replica stored or built itself; they were checked when they came in. */
  private List<Request> parseBatchUnchecked(List<Bytes> frames) {
    List<Request> out = new ArrayList<>();
    for (Bytes raw : frames) {
      try {
        out.add(io.decodeRequest(Frame.parse(raw, s.config.maxMessageBytes())));
      } catch (InvalidPbftMessageException e) {
        throw new IllegalStateException("corrupt batch in the store", e);
      }
    }
    return out;
  }

  /** Requests a peer's message brought: decoded, or empty if one does not decode. */
  Optional<List<Request>> parseBatch(List<Bytes> frames) {
    List<Request> out = new ArrayList<>(frames.size());
    for (Bytes raw : frames) {
      try {
        out.add(io.decodeRequest(Frame.parse(raw, s.config.maxRequestBytes())));
      } catch (InvalidPbftMessageException e) {
        return Optional.empty();
      }
    }
    return Optional.of(out);
  }

  static List<Bytes> bytesList(List<ByteString> list) {
    List<Bytes> out = new ArrayList<>(list.size());
    for (ByteString b : list) {
      out.add(Codec.bytes(b));
    }
    return out;
  }

  // ---------------------------------------------------------------- what other phases read

  /** The open slots by sequence number (read-only use: view changes claim from them). */
  NavigableMap<SequenceNumber, Slot> slots() {
    return java.util.Collections.unmodifiableNavigableMap(slots);
  }

  int slotCount() {
    return slots.size();
  }

  long pendingBytes() {
    return pendingBytes;
  }

  boolean hasPending() {
    return !pending.isEmpty();
  }

  /** True if slots above the last executed log are open: this replica may be behind. */
  boolean hasOpenSlotsAhead() {
    return !slots.tailMap(s.lastExecuted, false).isEmpty();
  }

  /** The client table sorted, as a snapshot records it. */
  TreeMap<ClientKey, ClientRecord> clientTable() {
    return new TreeMap<>(clients);
  }

  /** Replaces the client table with one from a snapshot. */
  void restoreClients(Map<ClientKey, ClientRecord> table) {
    clients.clear();
    clients.putAll(table);
  }

  // ---------------------------------------------------------------- requests

  void onRequest(Frame f, List<Action> out) {
    Request r;
    try {
      r = io.decodeRequest(f);
    } catch (InvalidPbftMessageException e) {
      s.reject(Rejection.MALFORMED, out);
      return;
    }
    RequestKey key = RequestKey.of(r);
    Request known = pending.get(key);
    boolean alreadyChecked = known != null && known.frame().equals(r.frame());
    if (!alreadyChecked && !io.authenticClient(f, r)) {
      s.reject(Rejection.BAD_AUTHENTICATOR, out);
      return;
    }
    if (r.readOnly()) {
      // Answered from the local database at once, not ordered: see the README on consistency.
      out.add(io.reply(r.client(), r.timestamp(), s.machine.query(r.operation()), true));
      return;
    }
    ClientRecord rec = clients.get(key.client());
    if (rec != null && r.timestamp() <= rec.timestamp()) {
      if (r.timestamp() == rec.timestamp()) {
        out.add(io.reply(r.client(), r.timestamp(), rec.result(), false));
      } else {
        s.reject(Rejection.STALE, out);
      }
      return;
    }
    boolean primary = s.active && s.isPrimary();
    if (known != null) {
      if (!primary && s.active) {
        out.add(new Action.Send(s.config.node(s.primary()), r.frame()));
      }
      armRequestTimer(out);
      return;
    }
    if (pendingBytes + r.frame().size() > s.config.maxQueueBytes()) {
      s.reject(Rejection.QUEUE_FULL, out);
      return;
    }
    pending.put(key, r);
    pendingBytes += r.frame().size();
    // A request a NEW-VIEW re-proposed before it reached this replica is in a batch already:
    // proposing it again would only spend a slot on a duplicate.
    if (!inFlight.contains(key)) {
      unproposed.add(key);
      unproposedBytes += r.frame().size();
    }
    if (primary) {
      propose(out);
    } else if (s.active) {
      out.add(new Action.Send(s.config.node(s.primary()), r.frame()));
    }
    armRequestTimer(out);
  }

  /** Arms the request timer on the oldest waiting request, unless it is running. */
  private void armRequestTimer(List<Action> out) {
    if (!requestTimerArmed && !pending.isEmpty()) {
      requestTimerArmed = true;
      timedRequest = pending.keySet().iterator().next();
      s.arm(TimerKind.REQUEST, s.config.requestTimeout(), out);
    }
  }

  /** The request timer fired: it is no longer running. */
  void requestTimerFired() {
    requestTimerArmed = false;
  }

  // ---------------------------------------------------------------- batching

  /** The primary puts waiting requests into PRE-PREPAREs, as far as the pipeline allows. */
  void propose(List<Action> out) {
    while (s.active
        && s.isPrimary()
        && !unproposed.isEmpty()
        && seqNext.value() < s.lastExecuted.value() + PIPELINE_DEPTH
        && seqNext.value() < s.stable.sequence() + s.config.watermarkWindow()) {
      boolean full =
          unproposed.size() >= s.config.maxBatchRequests()
              || unproposedBytes >= s.config.maxBatchBytes();
      if (!full && seqNext.value() - s.lastExecuted.value() >= EAGER_DEPTH) {
        return;
      }
      List<Request> batch = new ArrayList<>();
      List<Bytes> frames = new ArrayList<>();
      int bytes = 0;
      Iterator<RequestKey> it = unproposed.iterator();
      while (it.hasNext() && batch.size() < s.config.maxBatchRequests()) {
        RequestKey key = it.next();
        Request r = pending.get(key);
        int size = r.frame().size();
        ClientRecord rec = clients.get(key.client());
        if (rec != null && key.timestamp() <= rec.timestamp()) {
          it.remove();
          unproposedBytes -= size;
          pending.remove(key);
          pendingBytes -= size;
          continue;
        }
        if (!batch.isEmpty() && bytes + size > s.config.maxBatchBytes()) {
          break;
        }
        it.remove();
        unproposedBytes -= size;
        batch.add(r);
        frames.add(r.frame());
        bytes += size;
      }
      if (batch.isEmpty()) {
        return;
      }
      seqNext = seqNext.next();
      SequenceNumber n = seqNext;
      Hash d = Digests.batch(frames);
      PbftProto.PbftPrePrepare pp = prePrepareProto(s.view, n, d, frames);
      Frame f = s.authored(PbftProto.PbftBody.newBuilder().setPrePrepare(pp));
      Slot slot = slot(n);
      accept(slot, n, s.view, d, batch, frames, f.raw, pp);
      for (Request r : batch) {
        inFlight.add(RequestKey.of(r));
      }
      s.broadcast(f.raw, out);
      checkPrepared(n, slot, out);
    }
  }

  static PbftProto.PbftPrePrepare prePrepareProto(
      ViewNumber v, SequenceNumber n, Hash d, List<Bytes> frames) {
    PbftProto.PbftPrePrepare.Builder b =
        PbftProto.PbftPrePrepare.newBuilder()
            .setView(v.value())
            .setSequence(n.value())
            .setDigest(Codec.hash(d));
    for (Bytes r : frames) {
      b.addRequests(Codec.bs(r));
    }
    return b.build();
  }

  private Slot slot(SequenceNumber n) {
    return slots.computeIfAbsent(n, k -> new Slot());
  }

  /**
   * Records an accepted pre-prepare, durably, before anything depending on it is sent. {@code
   * proto} is the pre-prepare as built or received, if at hand (else it is built from the parts).
   */
  private void accept(
      Slot slot,
      SequenceNumber n,
      ViewNumber v,
      Hash d,
      List<Request> batch,
      List<Bytes> frames,
      Bytes ppFrame,
      PbftProto.PbftPrePrepare proto) {
    if (slot.ppView != v.value() && slot.digest != null && !slot.digest.equals(d)) {
      slot.committed = false;
    }
    slot.ppView = v.value();
    slot.digest = d;
    slot.batch = batch;
    slot.frames = frames;
    slot.ppFrame = ppFrame;
    votes(slot, v.value());
    slot.q.merge(d, v.value(), Math::max);
    if (slot.pDigest != null && !slot.pDigest.equals(d)) {
      // The stored prepared claim may share its requests with the 'A' record about to be
      // replaced (see checkPrepared): it must carry them itself from now on.
      s.store.put(
          'P',
          n.value(),
          prePrepareProto(ViewNumber.of(slot.pView), n, slot.pDigest, slot.pFrames));
    }
    s.store.put('A', n.value(), proto != null ? proto : prePrepareProto(v, n, d, frames));
    PbftProto.PbftViewChange.Builder q = PbftProto.PbftViewChange.newBuilder();
    for (Map.Entry<Hash, Long> e : slot.q.entrySet()) {
      q.addPrePrepared(new SlotClaim(n.value(), e.getKey(), e.getValue()).toProto());
    }
    s.store.put('Q', n.value(), q.build());
  }

  /** The vote tallies of {@code slot}, reset when they belong to an older view. */
  private static void votes(Slot slot, long v) {
    if (slot.voteView < v) {
      slot.voteView = v;
      slot.prepares.clear();
      slot.commits.clear();
      slot.prepared = false;
      slot.myPrepare = null;
      slot.myCommit = null;
    }
  }

  // ---------------------------------------------------------------- agreement

  void onPrePrepare(Frame f, List<Action> out) {
    PbftProto.PbftPrePrepare pp = f.body.getPrePrepare();
    long v = pp.getView();
    long n = pp.getSequence();
    if (f.sender() >= s.config.size() || f.sender() != s.config.primary(v) || v < 0) {
      s.reject(Rejection.UNKNOWN_SENDER, out);
      return;
    }
    if (!s.authenticReplica(f)) {
      s.reject(Rejection.BAD_AUTHENTICATOR, out);
      return;
    }
    if (v != s.view.value() || !s.active) {
      s.reject(Rejection.WRONG_VIEW, out);
      return;
    }
    if (!s.inWindow(n)) {
      s.reject(Rejection.OUT_OF_WINDOW, out);
      return;
    }
    if (!pp.hasDigest() || pp.getDigest().getValue().size() != Hash.SIZE) {
      s.reject(Rejection.MALFORMED, out);
      return;
    }
    SequenceNumber seq = SequenceNumber.of(n);
    Hash d = Hash.of(pp.getDigest().getValue().toByteArray());
    Slot existing = slots.get(seq);
    if (existing != null && existing.ppView == v) {
      s.reject(
          d.equals(existing.digest) ? Rejection.STALE : Rejection.CONFLICTING_PRE_PREPARE, out);
      return;
    }
    if (pp.getRequestsCount() > s.config.maxBatchRequests() || pp.getRequestsCount() == 0) {
      s.reject(Rejection.MALFORMED, out);
      return;
    }
    List<Bytes> frames = bytesList(pp.getRequestsList());
    if (!Digests.batch(frames).equals(d)) {
      s.reject(Rejection.DIGEST_MISMATCH, out);
      return;
    }
    List<Request> batch = new ArrayList<>(frames.size());
    long bytes = 0;
    for (Bytes raw : frames) {
      bytes += raw.size();
      try {
        Frame rf = Frame.parse(raw, s.config.maxRequestBytes());
        Request r = io.decodeRequest(rf);
        Request known = pending.get(RequestKey.of(r));
        boolean checked = known != null && known.frame().equals(raw);
        if (r.readOnly() || (!checked && !io.authenticClient(rf, r))) {
          s.reject(Rejection.BAD_REQUEST_IN_BATCH, out);
          return;
        }
        batch.add(r);
      } catch (InvalidPbftMessageException e) {
        s.reject(Rejection.BAD_REQUEST_IN_BATCH, out);
        return;
      }
    }
    if (bytes > s.config.maxBatchBytes()) {
      s.reject(Rejection.MALFORMED, out);
      return;
    }
    Slot slot = slot(seq);
    accept(slot, seq, s.view, d, batch, frames, null, pp);
    sendPrepare(seq, slot, out);
    checkPrepared(seq, slot, out);
  }

  private void sendPrepare(SequenceNumber n, Slot slot, List<Action> out) {
    Frame p =
        s.authored(
            PbftProto.PbftBody.newBuilder()
                .setPrepare(
                    PbftProto.PbftPrepare.newBuilder()
                        .setView(slot.ppView)
                        .setSequence(n.value())
                        .setDigest(Codec.hash(slot.digest))));
    slot.myPrepare = p.raw;
    slot.prepares.put(s.index, slot.digest);
    s.broadcast(p.raw, out);
  }

  void onPrepare(Frame f, List<Action> out) {
    PbftProto.PbftPrepare p = f.body.getPrepare();
    Optional<SequenceNumber> n =
        vote(f, p.getView(), p.getSequence(), p.hasDigest(), p.getDigest(), out);
    if (n.isEmpty()) {
      return;
    }
    if (f.sender() == s.config.primary(p.getView())) {
      s.reject(Rejection.UNKNOWN_SENDER, out);
      return;
    }
    Slot slot = slots.get(n.get());
    Hash d = Hash.of(p.getDigest().getValue().toByteArray());
    if (slot.prepares.putIfAbsent(f.sender(), d) != null) {
      s.reject(Rejection.STALE, out);
      return;
    }
    checkPrepared(n.get(), slot, out);
  }

  void onCommit(Frame f, List<Action> out) {
    PbftProto.PbftCommit c = f.body.getCommit();
    Optional<SequenceNumber> n =
        vote(f, c.getView(), c.getSequence(), c.hasDigest(), c.getDigest(), out);
    if (n.isEmpty()) {
      return;
    }
    Slot slot = slots.get(n.get());
    Hash d = Hash.of(c.getDigest().getValue().toByteArray());
    if (slot.commits.putIfAbsent(f.sender(), d) != null) {
      s.reject(Rejection.STALE, out);
      return;
    }
    checkCommitted(slot, out);
  }

  /**
   * The common checks of PREPARE and COMMIT; the sequence number of the slot to count the vote in
   * (its tallies of older views reset), if they pass.
   */
  private Optional<SequenceNumber> vote(
      Frame f,
      long v,
      long n,
      boolean hasDigest,
      org.cybervein.api.wire.v1.TypesProto.Hash digest,
      List<Action> out) {
    if (f.sender() >= s.config.size() || f.sender() == s.index) {
      s.reject(Rejection.UNKNOWN_SENDER, out);
      return Optional.empty();
    }
    if (!s.authenticReplica(f)) {
      s.reject(Rejection.BAD_AUTHENTICATOR, out);
      return Optional.empty();
    }
    if (v != s.view.value() || !s.active) {
      s.reject(Rejection.WRONG_VIEW, out);
      return Optional.empty();
    }
    if (!s.inWindow(n)) {
      s.reject(Rejection.OUT_OF_WINDOW, out);
      return Optional.empty();
    }
    if (!hasDigest || digest.getValue().size() != Hash.SIZE) {
      s.reject(Rejection.MALFORMED, out);
      return Optional.empty();
    }
    SequenceNumber seq = SequenceNumber.of(n);
    votes(slot(seq), v);
    return Optional.of(seq);
  }

  private static int matching(Map<Integer, Hash> votes, Hash d) {
    int count = 0;
    for (Hash h : votes.values()) {
      if (h.equals(d)) {
        count++;
      }
    }
    return count;
  }

  private void checkPrepared(SequenceNumber n, Slot slot, List<Action> out) {
    long view = s.view.value();
    if (slot.prepared || slot.ppView != view || slot.voteView != view || !s.active) {
      return;
    }
    if (matching(slot.prepares, slot.digest) < 2 * s.config.f()) {
      return;
    }
    slot.prepared = true;
    slot.pView = view;
    slot.pDigest = slot.digest;
    slot.pFrames = slot.frames;
    // The claim's requests are the accepted PRE-PREPARE's, stored under 'A' already: the claim
    // is stored without them (a batch of 1 KiB requests is written once per slot, not twice), and
    // accept() stores it in full before 'A' ever holds another batch.
    s.store.put('P', n.value(), prePrepareProto(ViewNumber.of(view), n, slot.digest, List.of()));
    Frame c =
        s.authored(
            PbftProto.PbftBody.newBuilder()
                .setCommit(
                    PbftProto.PbftCommit.newBuilder()
                        .setView(view)
                        .setSequence(n.value())
                        .setDigest(Codec.hash(slot.digest))));
    slot.myCommit = c.raw;
    slot.commits.put(s.index, slot.digest);
    s.broadcast(c.raw, out);
    checkCommitted(slot, out);
  }

  private void checkCommitted(Slot slot, List<Action> out) {
    if (!slot.prepared
        || slot.committed
        || matching(slot.commits, slot.digest) < s.config.quorum()) {
      return;
    }
    slot.committed = true;
    executeReady(out);
  }

  // ---------------------------------------------------------------- execution

  /** Executes the committed batches that are next in sequence order, then proposes more. */
  void executeReady(List<Action> out) {
    boolean progress = false;
    while (true) {
      Slot slot = slots.get(s.lastExecuted.next());
      if (slot == null || !slot.committed) {
        break;
      }
      List<LoggedOperation> ops = new ArrayList<>(slot.batch.size());
      for (Request r : slot.batch) {
        ops.add(r.logged());
      }
      execute(s.lastExecuted.next(), ops, slot.batch, Mode.LIVE, out);
      // Until the checkpoint is stable a view change needs only pFrames: the parsed requests and
      // the pre-prepare frame (retransmitted only while the slot is not executed) can go.
      slot.batch = List.of();
      slot.ppFrame = null;
      progress = true;
    }
    if (uploads.certificate(s.lastExecuted.next()).isPresent()) {
      catchUp(out);
      return;
    }
    if (progress) {
      if (s.isPrimary()) {
        propose(out);
      }
      if (pending.isEmpty()) {
        requestTimerArmed = false;
        s.disarm(TimerKind.REQUEST);
      } else if (!requestTimerArmed || !pending.containsKey(timedRequest)) {
        // The timer follows the oldest waiting request, so a primary that orders other
        // requests but never this one is still replaced.
        requestTimerArmed = true;
        timedRequest = pending.keySet().iterator().next();
        s.arm(TimerKind.REQUEST, s.config.requestTimeout(), out);
      }
    }
  }

  /**
   * Executes the logs this replica holds certificates for (with their logs, from a state transfer)
   * but did not commit itself.
   */
  void catchUp(List<Action> out) {
    boolean progress = false;
    Optional<UploadPhase.Certificate> c;
    while ((c = uploads.certificate(s.lastExecuted.next())).isPresent()) {
      execute(s.lastExecuted.next(), c.get().log().operations(), null, Mode.TRANSFER, out);
      progress = true;
    }
    if (progress) {
      seqNext = SequenceNumber.max(seqNext, s.lastExecuted);
      executeReady(out);
    }
  }

  /**
   * Executes log n: each operation whose client timestamp is new for its client (address and key);
   * replies for live requests; the UPLOAD; a checkpoint every K.
   */
  void execute(
      SequenceNumber n,
      List<LoggedOperation> ops,
      List<Request> requests,
      Mode mode,
      List<Action> out) {
    List<LoggedOperation> done = new ArrayList<>(ops.size());
    List<Bytes> results = new ArrayList<>(ops.size());
    boolean batchReplies = mode == Mode.LIVE && s.config.authMode() == AuthMode.SIGNATURES;
    List<PeerIdentity> replyTo = new ArrayList<>();
    List<Bytes> replyBodies = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      LoggedOperation op = ops.get(i);
      ClientKey client = ClientKey.of(op);
      ClientRecord rec = clients.get(client);
      if (rec != null && op.timestamp() <= rec.timestamp()) {
        continue;
      }
      Bytes result = s.machine.execute(op.operation());
      clients.put(client, new ClientRecord(op.timestamp(), result));
      done.add(op);
      results.add(result);
      RequestKey key = new RequestKey(client, op.timestamp());
      Request p = pending.remove(key);
      if (p != null) {
        pendingBytes -= p.frame().size();
        if (unproposed.remove(key)) {
          unproposedBytes -= p.frame().size();
        }
      }
      inFlight.remove(key);
      if (mode == Mode.LIVE && requests != null) {
        PeerIdentity asker = requests.get(i).client();
        if (batchReplies) {
          replyTo.add(asker);
          replyBodies.add(Bytes.encodingOf(io.replyBody(asker, op.timestamp(), result, false)));
        } else {
          out.add(io.reply(asker, op.timestamp(), result, false));
        }
      }
    }
    io.replyToBatch(n, replyTo, replyBodies, out);
    s.lastExecuted = n;
    if (mode != Mode.REPLAY) {
      // Encoded once: these bytes are stored, hashed for the UPLOAD and carried in certificates.
      OperationLog log = new OperationLog(n.value(), done);
      Bytes encodedLog = log.encode();
      s.store.put('L', n.value(), encodedLog);
      if (mode == Mode.LIVE) {
        uploads.uploadOwn(n, log, encodedLog, Digests.log(encodedLog), out);
      }
    }
    out.add(new Action.Executed(n.value(), s.view.value(), done, results));
    if (n.value() % s.config.checkpointInterval() == 0) {
      checkpoints.take(n, out);
    }
  }

  // ---------------------------------------------------------------- around view changes

  /** A view change started: nothing is in a batch of the new view yet, and no request is timed. */
  void viewChangeStarted() {
    inFlight.clear();
    unproposed.clear();
    unproposed.addAll(pending.keySet());
    unproposedBytes = pendingBytes;
    requestTimerArmed = false;
    s.disarm(TimerKind.REQUEST);
  }

  /**
   * The new view's batches: each is accepted as the new primary's pre-prepare (a backup sends its
   * PREPARE); then the primary proposes what waits, and a backup forwards it to the primary.
   */
  void enterView(
      List<ViewChange.Proposal> proposals, List<List<Request>> batches, List<Action> out) {
    SequenceNumber last = SequenceNumber.max(s.stableSequence(), s.lastExecuted);
    boolean primary = s.isPrimary();
    for (int i = 0; i < proposals.size(); i++) {
      ViewChange.Proposal p = proposals.get(i);
      // Proposals lie above the plan's checkpoint (ViewChange checks every claim's range).
      last = SequenceNumber.max(last, SequenceNumber.of(p.sequence()));
      if (!s.inWindow(p.sequence())) {
        continue;
      }
      SequenceNumber n = SequenceNumber.of(p.sequence());
      Slot slot = slot(n);
      accept(slot, n, s.view, p.digest(), batches.get(i), p.requests(), null, null);
      for (Request r : batches.get(i)) {
        proposed(RequestKey.of(r));
      }
      if (!primary) {
        sendPrepare(n, slot, out);
      }
      checkPrepared(n, slot, out);
    }
    seqNext = last;
    if (primary) {
      propose(out);
    } else {
      for (Request r : pending.values()) {
        out.add(new Action.Send(s.config.node(s.primary()), r.frame()));
      }
    }
    requestTimerArmed = false;
    armRequestTimer(out);
  }

  /** Marks a pending request as proposed in this view (it is in a batch now). */
  private void proposed(RequestKey key) {
    inFlight.add(key);
    if (unproposed.remove(key)) {
      unproposedBytes -= pending.get(key).frame().size();
    }
  }

  // ---------------------------------------------------------------- checkpoints

  /** A checkpoint at {@code n} became stable: the slots up to it go, and the window moves on. */
  void stableAt(SequenceNumber n) {
    slots.headMap(n, true).clear();
  }

  /** After the window moved: the primary may propose into the new room. */
  void windowMoved(SequenceNumber n, List<Action> out) {
    seqNext = SequenceNumber.max(seqNext, n);
    propose(out);
  }

  // ---------------------------------------------------------------- retransmission

  /** Resends this view's messages of the slots not executed yet; returns how many slots. */
  int retransmit(List<Action> out) {
    int sent = 0;
    for (Slot slot : slots.tailMap(s.lastExecuted, false).values()) {
      if (slot.ppView != s.view.value() || sent++ >= RETRANSMIT_SLOTS) {
        continue;
      }
      if (slot.ppFrame != null) {
        s.broadcast(slot.ppFrame, out);
      }
      if (slot.myPrepare != null) {
        s.broadcast(slot.myPrepare, out);
      }
      if (slot.myCommit != null) {
        s.broadcast(slot.myCommit, out);
      }
    }
    return sent;
  }

  // ---------------------------------------------------------------- invariants

  void checkInvariants() {
    SequenceNumber h = s.stableSequence();
    if (!slots.isEmpty()
        && (!slots.firstKey().isAfter(h)
            || slots.lastKey().isAfter(h.plus(s.config.watermarkWindow())))) {
      throw new IllegalStateException("slot outside the watermarks " + slots.keySet() + " h=" + h);
    }
    long bytes = 0;
    for (Request r : pending.values()) {
      bytes += r.frame().size();
    }
    if (bytes != pendingBytes || pendingBytes > s.config.maxQueueBytes()) {
      throw new IllegalStateException("queue accounting " + bytes + " vs " + pendingBytes);
    }
    long waiting = 0;
    for (RequestKey k : unproposed) {
      Request r = pending.get(k);
      if (r == null || inFlight.contains(k)) {
        throw new IllegalStateException("unproposed request not pending or in flight: " + k);
      }
      waiting += r.frame().size();
    }
    if (waiting != unproposedBytes) {
      throw new IllegalStateException(
          "unproposed accounting " + waiting + " vs " + unproposedBytes);
    }
  }
}
