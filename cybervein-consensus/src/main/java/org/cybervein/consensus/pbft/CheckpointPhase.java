package org.cybervein.consensus.pbft;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.CanonicalParser;
import org.cybervein.api.wire.v1.PbftProto;

/**
 * Checkpoints and state transfer of a {@link Replica}. Every K sequence numbers a replica signs a
 * CHECKPOINT of its state; 2f + 1 matching ones make it stable, which moves the watermarks {@code
 * (h, h + L]} and truncates the log. A replica that learns of a stable checkpoint it has not
 * reached fetches the snapshot and the certified logs after it from another replica, checks them
 * against the checkpoint certificate and f + 1 signed UPLOADs of each log's digest, and installs
 * them. State transfer is also the only way a replica gets a log it did not execute: UPLOADs carry
 * only digests.
 */
final class CheckpointPhase {
  private record Vote(Hash digest, Bytes frame) {}

  private final ReplicaState s;
  private NormalCasePhase normal;
  private UploadPhase uploads;

  private final TreeMap<SequenceNumber, Map<Integer, Vote>> votes = new TreeMap<>();
  private final TreeMap<SequenceNumber, Bytes> ownSnapshots = new TreeMap<>();
  private final TreeMap<SequenceNumber, Bytes> ownCheckpoints = new TreeMap<>();
  private CheckpointCertificate fetchTarget;
  private int fetchRotation;
  private final BitSet servedThisTick = new BitSet();
  private SequenceNumber executedAtLastTick;

  CheckpointPhase(ReplicaState state) {
    this.s = state;
  }

  void connect(NormalCasePhase normal, UploadPhase uploads) {
    this.normal = normal;
    this.uploads = uploads;
  }

  // ---------------------------------------------------------------- recovery

  /**
   * Restores the stable checkpoint from the store, or on first start records the machine's state as
   * the genesis checkpoint.
   */
  void recoverStable() {
    Optional<PbftProto.PbftStateTransfer> saved = s.store.loadStable();
    if (saved.isEmpty()) {
      Bytes snapshot = encodeSnapshot();
      s.stable = new CheckpointCertificate(0, Digests.snapshot(snapshot), List.of());
      s.stableSnapshot = snapshot;
      s.store.saveStable(stateTransfer(s.stable, snapshot, List.of()), 0);
      return;
    }
    PbftProto.PbftStateTransfer st = saved.get();
    try {
      s.stable =
          new CheckpointCertificate(
              st.getCheckpoint().getSequence(),
              Codec.hash(st.getCheckpoint().getStateDigest(), true),
              NormalCasePhase.bytesList(st.getCheckpoint().getCheckpointsList()));
      s.stableSnapshot = Codec.bytes(st.getSnapshot());
      installSnapshot(s.stableSnapshot);
    } catch (InvalidPbftMessageException e) {
      throw new IllegalStateException("corrupt stable checkpoint in the store", e);
    }
    s.lastExecuted = s.stableSequence();
  }

  // ---------------------------------------------------------------- snapshots

  private Bytes encodeSnapshot() {
    PbftProto.PbftSnapshot.Builder b =
        PbftProto.PbftSnapshot.newBuilder().setMachine(Codec.bs(s.machine.snapshot()));
    for (Map.Entry<ClientKey, ClientRecord> e : normal.clientTable().entrySet()) {
      b.addClients(
          PbftProto.PbftClientRecord.newBuilder()
              .setClient(e.getKey().address().value())
              .setTimestamp(e.getValue().timestamp())
              .setResult(Codec.bs(e.getValue().result()))
              .setSigningKey(ApiTypesCodec.toProto(e.getKey().key())));
    }
    return Bytes.encodingOf(b.build());
  }

  /** Parses a snapshot into a client table without touching this replica's state. */
  private static TreeMap<ClientKey, ClientRecord> decodeClients(PbftProto.PbftSnapshot snapshot)
      throws InvalidPbftMessageException {
    TreeMap<ClientKey, ClientRecord> table = new TreeMap<>();
    for (PbftProto.PbftClientRecord c : snapshot.getClientsList()) {
      table.put(
          new ClientKey(
              Codec.nodeId(c.getClient()), Codec.signingKey(c.getSigningKey(), c.hasSigningKey())),
          new ClientRecord(
              Codec.nonNegative(c.getTimestamp(), "timestamp"), Codec.bytes(c.getResult())));
    }
    return table;
  }

  private static final CanonicalParser<PbftProto.PbftSnapshot> SNAPSHOT =
      CanonicalParser.of(PbftProto.PbftSnapshot.getDefaultInstance(), 0, 0);

  private static PbftProto.PbftSnapshot parseSnapshot(Bytes snapshot)
      throws InvalidPbftMessageException {
    // A peer's snapshot goes through the SDK's canonical parser like every frame: every field is
    // counted on the raw bytes first, so its memory stays in proportion to its size.
    try {
      return SNAPSHOT
          .withMaxBytes(snapshot.size())
          .withMaxFields(snapshot.size() / 4 + 64)
          .parse(snapshot);
    } catch (InvalidEncodingException e) {
      throw new InvalidPbftMessageException(
          InvalidPbftMessageException.Reason.MALFORMED, "snapshot: " + e.getMessage());
    }
  }

  private void installSnapshot(Bytes snapshot) throws InvalidPbftMessageException {
    PbftProto.PbftSnapshot parsed = parseSnapshot(snapshot);
    TreeMap<ClientKey, ClientRecord> table = decodeClients(parsed);
    s.machine.restore(Codec.bytes(parsed.getMachine()));
    normal.restoreClients(table);
  }

  // ---------------------------------------------------------------- checkpoints

  /** This replica executed log n, a multiple of K: it signs and sends its CHECKPOINT. */
  void take(SequenceNumber n, List<Action> out) {
    Bytes snapshot = encodeSnapshot();
    Hash d = Digests.snapshot(snapshot);
    Frame f =
        s.signed(
            PbftProto.PbftBody.newBuilder()
                .setCheckpoint(
                    PbftProto.PbftCheckpoint.newBuilder()
                        .setSequence(n.value())
                        .setStateDigest(Codec.hash(d))));
    if (!n.isAfter(s.stableSequence())) {
      return;
    }
    ownSnapshots.put(n, snapshot);
    ownCheckpoints.put(n, f.raw);
    votes.computeIfAbsent(n, k -> new HashMap<>()).put(s.index, new Vote(d, f.raw));
    s.broadcast(f.raw, out);
    checkStable(n, out);
  }

  void onCheckpoint(Frame f, List<Action> out) {
    if (!s.signedByReplica(f)) {
      s.reject(s.unauthenticated(f), out);
      return;
    }
    PbftProto.PbftCheckpoint c = f.body.getCheckpoint();
    long raw = c.getSequence();
    if (raw <= 0
        || raw % s.config.checkpointInterval() != 0
        || !c.hasStateDigest()
        || c.getStateDigest().getValue().size() != Hash.SIZE) {
      s.reject(Rejection.MALFORMED, out);
      return;
    }
    SequenceNumber n = SequenceNumber.of(raw);
    SequenceNumber h = s.stableSequence();
    if (!n.isAfter(h)) {
      s.reject(Rejection.STALE, out);
      return;
    }
    Hash d = Hash.of(c.getStateDigest().getValue().toByteArray());
    SequenceNumber high = h.plus(s.config.watermarkWindow());
    if (n.isAfter(high)) {
      // Beyond the window, keep only each replica's latest, so memory stays bounded.
      for (Map<Integer, Vote> beyond : votes.tailMap(high, false).values()) {
        beyond.remove(f.sender());
      }
      votes.values().removeIf(Map::isEmpty);
    }
    Map<Integer, Vote> atN = votes.computeIfAbsent(n, k -> new HashMap<>());
    if (atN.putIfAbsent(f.sender(), new Vote(d, f.raw)) != null) {
      s.reject(Rejection.STALE, out);
      return;
    }
    checkStable(n, out);
  }

  private void checkStable(SequenceNumber n, List<Action> out) {
    Map<Integer, Vote> atN = votes.get(n);
    if (atN == null || !n.isAfter(s.stableSequence())) {
      return;
    }
    Map<Hash, List<Bytes>> byDigest = new HashMap<>();
    for (int i = 0; i < s.config.size(); i++) {
      Vote v = atN.get(i);
      if (v != null) {
        byDigest.computeIfAbsent(v.digest(), k -> new ArrayList<>()).add(v.frame());
      }
    }
    for (Map.Entry<Hash, List<Bytes>> e : byDigest.entrySet()) {
      if (e.getValue().size() < s.config.quorum()) {
        continue;
      }
      CheckpointCertificate cert = new CheckpointCertificate(n.value(), e.getKey(), e.getValue());
      Bytes mine = ownSnapshots.get(n);
      if (mine != null && Digests.snapshot(mine).equals(e.getKey())) {
        makeStable(cert, mine, out);
      } else {
        noteAhead(cert, out);
      }
      return;
    }
  }

  /** A certified checkpoint this replica has not reached (or reached with another state). */
  void noteAhead(CheckpointCertificate cert, List<Action> out) {
    if (fetchTarget == null || cert.sequence() > fetchTarget.sequence()) {
      fetchTarget = cert;
    }
    if (cert.sequence() > s.stable.sequence() + s.config.watermarkWindow()
        || ownSnapshots.containsKey(SequenceNumber.of(cert.sequence()))) {
      fetch(out);
    }
  }

  /**
   * The checkpoint a NEW-VIEW starts from: stable here at once if this replica has the same state
   * at it, else fetched if this replica has not executed that far.
   */
  void adopt(CheckpointCertificate cert, List<Action> out) {
    if (cert.sequence() <= s.stable.sequence()) {
      return;
    }
    SequenceNumber n = SequenceNumber.of(cert.sequence());
    Bytes mine = ownSnapshots.get(n);
    if (mine != null && Digests.snapshot(mine).equals(cert.stateDigest())) {
      makeStable(cert, mine, out);
    } else if (n.isAfter(s.lastExecuted)) {
      fetchTarget = cert;
      fetch(out);
    }
  }

  private void makeStable(CheckpointCertificate cert, Bytes snapshot, List<Action> out) {
    SequenceNumber n = SequenceNumber.of(cert.sequence());
    s.stable = cert;
    s.stableSnapshot = snapshot;
    normal.stableAt(n);
    votes.headMap(n, true).clear();
    ownSnapshots.headMap(n, true).clear();
    ownCheckpoints.headMap(n, false).clear();
    uploads.stableAt(n);
    if (fetchTarget != null && fetchTarget.sequence() <= n.value()) {
      fetchTarget = null;
    }
    s.store.saveStable(stateTransfer(cert, snapshot, List.of()), n.value());
    normal.windowMoved(n, out);
  }

  static PbftProto.PbftStateTransfer stateTransfer(
      CheckpointCertificate cert, Bytes snapshot, List<UploadPhase.Certificate> log) {
    PbftProto.PbftStateTransfer.Builder b =
        PbftProto.PbftStateTransfer.newBuilder()
            .setCheckpoint(cert.toProto())
            .setSnapshot(Codec.bs(snapshot));
    for (UploadPhase.Certificate certificate : log) {
      PbftProto.PbftUploadCertificate.Builder c =
          PbftProto.PbftUploadCertificate.newBuilder().setLog(Codec.bs(certificate.encodedLog()));
      for (SignedUpload su : certificate.uploads()) {
        c.addUploads(Codec.bs(su.frame()));
      }
      b.addLog(c);
    }
    return b.build();
  }

  // ---------------------------------------------------------------- state transfer

  /**
   * Asks one replica for what this one misses: the stable checkpoint (when {@code fetchTarget} is
   * above what it executed) and the certified logs after it. Replicas are asked in turn, so a
   * faulty one delays the transfer by one retransmission interval at most.
   */
  private void fetch(List<Action> out) {
    Frame f =
        s.authored(
            PbftProto.PbftBody.newBuilder()
                .setFetchState(
                    PbftProto.PbftFetchState.newBuilder().setLastExecuted(s.lastExecuted.value())));
    int target = Math.floorMod(fetchRotation++, s.config.size() - 1);
    if (target >= s.index) {
      target++;
    }
    out.add(new Action.Send(s.config.node(target), f.raw));
  }

  void onFetchState(Frame f, List<Action> out) {
    if (!s.authenticReplica(f)) {
      s.reject(s.unauthenticated(f), out);
      return;
    }
    long theirs = f.body.getFetchState().getLastExecuted();
    if (theirs < 0 || theirs >= s.lastExecuted.value()) {
      s.reject(Rejection.STALE, out);
      return;
    }
    if (servedThisTick.get(f.sender())) {
      // One answer per requester per retransmission interval: snapshots are large.
      s.reject(Rejection.RATE_LIMITED, out);
      return;
    }
    servedThisTick.set(f.sender());
    // The snapshot only when they are below the stable checkpoint; the logs after it either way.
    boolean withSnapshot = theirs < s.stable.sequence();
    SequenceNumber from =
        withSnapshot ? s.stableSequence().next() : SequenceNumber.of(theirs).next();
    List<UploadPhase.Certificate> log = new ArrayList<>();
    long bytes = withSnapshot ? s.stableSnapshot.size() : 0;
    for (SequenceNumber n = from; !n.isAfter(s.lastExecuted); n = n.next()) {
      Optional<UploadPhase.Certificate> c = uploads.certificateToServe(n, out);
      if (c.isEmpty()) {
        break;
      }
      bytes += c.get().encodedLog().size();
      for (SignedUpload su : c.get().uploads()) {
        bytes += su.frame().size();
      }
      if (bytes > s.config.maxMessageBytes() / 2) {
        break;
      }
      log.add(c.get());
    }
    if (!withSnapshot && log.isEmpty()) {
      s.reject(Rejection.STALE, out);
      return;
    }
    PbftProto.PbftStateTransfer.Builder st =
        withSnapshot
            ? stateTransfer(s.stable, s.stableSnapshot, log).toBuilder()
            : stateTransfer(s.stable, Bytes.EMPTY, log).toBuilder()
                .clearCheckpoint()
                .clearSnapshot();
    Frame reply = s.authored(PbftProto.PbftBody.newBuilder().setStateTransfer(st));
    out.add(new Action.Send(s.config.node(f.sender()), reply.raw));
  }

  void onStateTransfer(Frame f, List<Action> out) {
    if (!s.authenticReplica(f)) {
      s.reject(s.unauthenticated(f), out);
      return;
    }
    PbftProto.PbftStateTransfer st = f.body.getStateTransfer();
    CheckpointCertificate cert = null;
    Bytes snapshotBytes = Codec.bytes(st.getSnapshot());
    List<UploadPhase.Certificate> certs = new ArrayList<>();
    try {
      long n;
      if (st.hasCheckpoint()) {
        cert = CheckpointCertificate.verify(st.getCheckpoint(), s.config, s.verifiers);
        if (!Digests.snapshot(snapshotBytes).equals(cert.stateDigest())) {
          s.reject(Rejection.DIGEST_MISMATCH, out);
          return;
        }
        decodeClients(parseSnapshot(snapshotBytes));
        n = cert.sequence();
      } else {
        n = s.lastExecuted.value();
      }
      if (st.getLogCount() > s.config.watermarkWindow()) {
        throw new InvalidPbftMessageException(
            InvalidPbftMessageException.Reason.INVALID_VALUE, "too many logs");
      }
      for (PbftProto.PbftUploadCertificate c : st.getLogList()) {
        n++;
        if (c.getUploadsCount() > s.config.size()) {
          throw new InvalidPbftMessageException(
              InvalidPbftMessageException.Reason.INVALID_VALUE, "too many uploads");
        }
        List<SignedUpload> list = new ArrayList<>();
        for (ByteString raw : c.getUploadsList()) {
          list.add(SignedUpload.decode(Codec.bytes(raw), s.verifiers, s.config.maxMessageBytes()));
        }
        // The log is used only once it hashes to the digest f + 1 replicas signed.
        Bytes encodedLog = Codec.bytes(c.getLog());
        OperationLog log = UploadCertificate.check(s.config, s.verifiers, n, list, encodedLog);
        certs.add(new UploadPhase.Certificate(list, log, encodedLog));
      }
    } catch (InvalidPbftMessageException e) {
      s.reject(Rejection.BAD_CERTIFICATE, out);
      return;
    }
    SequenceNumber first = cert != null ? SequenceNumber.of(cert.sequence()) : s.lastExecuted;
    if (!first.plus(certs.size()).isAfter(s.lastExecuted)) {
      s.reject(Rejection.STALE, out);
      return;
    }
    if (cert != null && first.isAfter(s.lastExecuted)) {
      try {
        installSnapshot(snapshotBytes);
      } catch (InvalidPbftMessageException | IllegalArgumentException e) {
        s.reject(Rejection.BAD_CERTIFICATE, out);
        return;
      }
      s.lastExecuted = first;
      makeStable(cert, snapshotBytes, out);
    }
    SequenceNumber n = first;
    for (UploadPhase.Certificate c : certs) {
      n = n.next();
      uploads.transferred(n, c, out);
    }
    normal.catchUp(out);
  }

  // ---------------------------------------------------------------- retransmission

  /** A new retransmission interval: each replica may be served a state transfer again. */
  void newInterval() {
    servedThisTick.clear();
  }

  /** Resends this replica's latest CHECKPOINT. */
  void resendCheckpoint(List<Action> out) {
    if (!ownCheckpoints.isEmpty()) {
      s.broadcast(ownCheckpoints.lastEntry().getValue(), out);
    }
  }

  /**
   * Fetches state if this replica seems behind ({@code workAhead}: slots, uploads or certificates
   * above its last executed log; or a certified checkpoint above it) and executed nothing during
   * the last interval.
   */
  void fetchIfStuck(boolean workAhead, List<Action> out) {
    boolean behind =
        (fetchTarget != null && fetchTarget.sequence() > s.lastExecuted.value()) || workAhead;
    if (fetchTarget != null && fetchTarget.sequence() <= s.lastExecuted.value()) {
      fetchTarget = null;
    }
    if (behind && s.lastExecuted.equals(executedAtLastTick)) {
      fetch(out);
    }
    executedAtLastTick = s.lastExecuted;
  }
}
