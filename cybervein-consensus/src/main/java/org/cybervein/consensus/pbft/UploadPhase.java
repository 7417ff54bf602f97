package org.cybervein.consensus.pbft;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UPLOAD phase of a {@link Replica}: after executing log n a replica encodes the log once,
 * hashes it once, signs UPLOAD {@code <n, d>} (d the log's digest) and sends that small message to
 * the others; f + 1 equal signed UPLOADs with the log certify log n. Only a replica that executed
 * log n holds the log, so only it forms the certificate: it goes to the database's contract,
 * through {@link Action.InsertLog} (the host inserts it and reports back with {@link
 * Replica#onInsertion}), and is what a state transfer serves. A replica that did not execute log n
 * cannot execute it from uploads: it fetches the certificate, log included, by state transfer
 * ({@link #hasLogsAhead} tells it that it is behind).
 *
 * <p>What the contract holds the phase learns only from the host: a log it is told is held needs no
 * insertion, and its uploads are settled without checking their signatures until someone must be
 * convinced (see {@link #onUpload}). A certificate offered without an answer is offered again at
 * each retransmission interval until the host reports an outcome or the log falls below the stable
 * checkpoint.
 */
final class UploadPhase {
  private static final Logger LOG = LoggerFactory.getLogger(Replica.class);
  private static final int RETRANSMIT_SLOTS = 32;

  /**
   * Another replica's UPLOAD as held for log n: {@code unchecked} is its frame while the signature
   * is not verified yet (only ever for content equal to this replica's own log n), null once it is.
   */
  private record HeldUpload(SignedUpload signed, Frame unchecked) {}

  /**
   * A checked certificate of log n: f + 1 signed UPLOADs {@code <n, d>} and the log that hashes to
   * d, decoded and encoded as carried.
   */
  record Certificate(List<SignedUpload> uploads, OperationLog log, Bytes encodedLog) {
    Certificate {
      uploads = List.copyOf(uploads);
      Objects.requireNonNull(log, "log");
      Objects.requireNonNull(encodedLog, "encodedLog");
    }
  }

  /** This replica's own UPLOAD of a log it executed live, with the log. */
  private record OwnLog(SignedUpload signed, OperationLog log, Bytes encodedLog) {}

  private final ReplicaState s;
  private NormalCasePhase normal;

  private final TreeMap<SequenceNumber, Map<Integer, HeldUpload>> uploads = new TreeMap<>();
  // Bytes of the uploads held in `uploads` per sending replica (this replica's own not counted),
  // each at most ReplicaConfig.maxUploadBytesPerReplica: one faulty replica fills its own share.
  private final long[] heldBytes;
  // Certificates whose every signature this replica checked: what it inserts, serves and executes.
  private final TreeMap<SequenceNumber, Certificate> certificates = new TreeMap<>();
  // Logs this replica executed that f others uploaded equally and the contract already holds: no
  // one needs this replica's certificate for them unless it serves a state transfer, so their
  // signatures are checked only then (see onUpload).
  private final TreeSet<SequenceNumber> settled = new TreeSet<>();
  private final TreeMap<SequenceNumber, OwnLog> ownUploads = new TreeMap<>();
  // Logs the host reported the contract holds (within the watermarks).
  private final TreeSet<SequenceNumber> held = new TreeSet<>();
  // Certificates offered to the contract whose outcome the host has not reported yet.
  private final TreeSet<SequenceNumber> offered = new TreeSet<>();

  UploadPhase(ReplicaState state) {
    this.s = state;
    this.heldBytes = new long[state.config.size()];
  }

  /** Holds {@code h} as {@code sender}'s upload for log n, counting its bytes. */
  private void hold(SequenceNumber n, int sender, HeldUpload h) {
    HeldUpload old = uploads.computeIfAbsent(n, k -> new HashMap<>()).put(sender, h);
    if (sender != s.index) {
      heldBytes[sender] += h.signed().frame().size() - (old == null ? 0 : size(old));
    }
  }

  /** Forgets {@code sender}'s upload for log n, if held. */
  private void release(Map<Integer, HeldUpload> votes, int sender) {
    HeldUpload old = votes.remove(sender);
    if (old != null && sender != s.index) {
      heldBytes[sender] -= size(old);
    }
  }

  /** Forgets every upload held for the logs in {@code logs}, then the logs. */
  private void releaseAll(Map<SequenceNumber, Map<Integer, HeldUpload>> logs) {
    for (Map<Integer, HeldUpload> votes : logs.values()) {
      for (Map.Entry<Integer, HeldUpload> e : votes.entrySet()) {
        if (e.getKey() != s.index) {
          heldBytes[e.getKey()] -= size(e.getValue());
        }
      }
    }
    logs.clear();
  }

  private static long size(HeldUpload h) {
    return h.signed().frame().size();
  }

  /** Bytes of uploads held from {@code sender}, for tests and invariants. */
  long heldBytes(int sender) {
    return heldBytes[sender];
  }

  void connect(NormalCasePhase normal) {
    this.normal = normal;
  }

  /** The checked certificate of log n, if this replica holds one. */
  Optional<Certificate> certificate(SequenceNumber n) {
    return Optional.ofNullable(certificates.get(n));
  }

  /**
   * This replica executed log n live: it signs UPLOAD {@code <n, d>} for the log, already encoded
   * as {@code encodedLog} with digest {@code digest}, and sends it to the others.
   */
  void uploadOwn(
      SequenceNumber n, OperationLog log, Bytes encodedLog, Hash digest, List<Action> out) {
    Upload upload = new Upload(n.value(), digest);
    SignedUpload mine =
        SignedUpload.sign(upload, Codec.upload(upload), s.index, s.keys.signingKey());
    ownUploads.put(n, new OwnLog(mine, log, encodedLog));
    uploads
        .computeIfAbsent(n, k -> new HashMap<>())
        .putIfAbsent(s.index, new HeldUpload(mine, null));
    s.broadcast(mine.frame(), out);
    tryInsert(n, out);
  }

  /**
   * An UPLOAD {@code <n, d>} from another replica. Every check that needs no signature comes first.
   * For a log this replica executed itself, an upload with another digest is dropped unchecked (the
   * executed log is the agreed one, so the other digest can never gather f + 1 correct signers),
   * and one with its own (n, d) is held with its signature unchecked: the signatures are checked
   * when they must convince someone, i.e. before this replica offers a certificate to the contract
   * or serves it in a state transfer; if the contract already holds the log, usually not at all. An
   * upload for a log this replica has not executed is checked at once and held: it counts once this
   * replica executes the log, and meanwhile tells it that it is behind. Unchecked uploads never
   * decide anything: only their (equal) content is counted, and that content is this replica's own.
   */
  void onUpload(Frame f, List<Action> out) {
    int sender = f.sender();
    if (sender >= s.config.size() || sender == s.index) {
      s.reject(Rejection.UNKNOWN_SENDER, out);
      return;
    }
    long raw = f.body.getUpload().getSequence();
    if (!s.inWindow(raw) && !pendingBelowStable(raw)) {
      boolean stale = raw <= s.stable.sequence() || certified(SequenceNumber.of(raw));
      s.reject(stale ? Rejection.STALE : Rejection.OUT_OF_WINDOW, out);
      return;
    }
    SequenceNumber n = SequenceNumber.of(raw);
    if (certified(n)) {
      s.reject(Rejection.STALE, out);
      return;
    }
    Map<Integer, HeldUpload> votes = uploads.get(n);
    HeldUpload prior = votes == null ? null : votes.get(sender);
    if (prior != null) {
      if (prior.unchecked() == null || prior.signed().frame().equals(f.raw)) {
        s.reject(Rejection.STALE, out);
        return;
      }
      // Two different uploads claim the same sender and the held one is unchecked: at most one is
      // genuine, so the held one is checked now and dropped if forged.
      if (prior.unchecked().verifySignature(s.verifiers.replica(sender))) {
        votes.put(sender, new HeldUpload(prior.signed(), null));
        s.reject(Rejection.STALE, out);
        return;
      }
      release(votes, sender);
      s.reject(Rejection.BAD_AUTHENTICATOR, out);
    }
    if (heldBytes[sender] + f.raw.size() > s.config.maxUploadBytesPerReplica()) {
      // Bounded in bytes per sender: one faulty replica can fill only its own share, and a correct
      // one that runs far ahead is caught up with by state transfer instead.
      s.reject(Rejection.QUEUE_FULL, out);
      return;
    }
    Upload u;
    try {
      u = Codec.upload(f.body.getUpload());
    } catch (InvalidPbftMessageException e) {
      s.reject(Rejection.MALFORMED, out);
      return;
    }
    OwnLog own = ownUploads.get(n);
    HeldUpload accepted;
    if (own != null) {
      if (!u.equals(own.signed().upload())) {
        s.reject(Rejection.CONFLICTING_UPLOAD, out);
        return;
      }
      accepted = new HeldUpload(new SignedUpload(own.signed().upload(), sender, f.raw), f);
    } else {
      if (!f.verifySignature(s.verifiers.replica(sender))) {
        s.reject(Rejection.BAD_AUTHENTICATOR, out);
        return;
      }
      accepted = new HeldUpload(new SignedUpload(u, sender, f.raw), null);
    }
    hold(n, sender, accepted);
    tryInsert(n, out);
  }

  /**
   * True if {@code raw} names a log at or below the stable checkpoint that this replica executed
   * and still has no certificate for (see {@link #stableAt}): its uploads are still wanted.
   */
  private boolean pendingBelowStable(long raw) {
    if (raw < 1 || raw > s.stable.sequence()) {
      return false;
    }
    SequenceNumber n = SequenceNumber.of(raw);
    return ownUploads.containsKey(n) && !certified(n);
  }

  /** True if log n has a checked certificate here, or is settled (see {@link #settled}). */
  private boolean certified(SequenceNumber n) {
    return certificates.containsKey(n) || settled.contains(n);
  }

  /**
   * Acts on f + 1 uploads for log n equal to this replica's own: offers a checked certificate to
   * the contract, or marks the log settled if the contract holds it already. Without its own log
   * (it did not execute n) a replica forms no certificate: uploads carry no operations.
   */
  private void tryInsert(SequenceNumber n, List<Action> out) {
    Map<Integer, HeldUpload> votes = uploads.get(n);
    OwnLog own = ownUploads.get(n);
    if (votes == null || own == null || certified(n)) {
      return;
    }
    int same = 0;
    for (HeldUpload h : votes.values()) {
      if (h.signed().upload().equals(own.signed().upload())) {
        same++;
      }
    }
    if (same < s.config.f() + 1) {
      return;
    }
    if (held.contains(n)) {
      settled.add(n);
      return;
    }
    checkedCertificate(n, own, out).ifPresent(c -> installCertificate(n, c, out));
  }

  /**
   * f + 1 uploads for log n equal to {@code own}'s, all signatures checked, with its log: the
   * unchecked ones held are checked in replica order until enough pass; forged ones are dropped.
   */
  private Optional<Certificate> checkedCertificate(SequenceNumber n, OwnLog own, List<Action> out) {
    Map<Integer, HeldUpload> votes = uploads.get(n);
    if (votes == null) {
      return Optional.empty();
    }
    Upload content = own.signed().upload();
    List<SignedUpload> certificate = new ArrayList<>(s.config.f() + 1);
    for (int i = 0; i < s.config.size() && certificate.size() < s.config.f() + 1; i++) {
      HeldUpload h = votes.get(i);
      if (h == null || !h.signed().upload().equals(content)) {
        continue;
      }
      if (h.unchecked() != null) {
        if (!h.unchecked().verifySignature(s.verifiers.replica(i))) {
          release(votes, i);
          s.reject(Rejection.BAD_AUTHENTICATOR, out);
          continue;
        }
        votes.put(i, new HeldUpload(h.signed(), null));
      }
      certificate.add(h.signed());
    }
    return certificate.size() == s.config.f() + 1
        ? Optional.of(new Certificate(certificate, own.log(), own.encodedLog()))
        : Optional.empty();
  }

  private void installCertificate(SequenceNumber n, Certificate certificate, List<Action> out) {
    certificates.put(n, certificate);
    settled.remove(n);
    releaseAll(uploads.subMap(n, true, n, true));
    if (!held.contains(n)) {
      offered.add(n);
      out.add(insertLog(n, certificate));
    }
  }

  private static Action.InsertLog insertLog(SequenceNumber n, Certificate c) {
    return new Action.InsertLog(n, c.uploads(), c.encodedLog());
  }

  /** The checked certificate of log n, checking a settled log's held uploads on first use. */
  Optional<Certificate> certificateToServe(SequenceNumber n, List<Action> out) {
    Certificate c = certificates.get(n);
    if (c != null || !settled.contains(n)) {
      return Optional.ofNullable(c);
    }
    Optional<Certificate> checked = checkedCertificate(n, ownUploads.get(n), out);
    if (checked.isEmpty()) {
      // A held upload was forged: the log is no longer settled here, and waits for more uploads.
      settled.remove(n);
      return Optional.empty();
    }
    installCertificate(n, checked.get(), out);
    return checked;
  }

  /**
   * Keeps a certificate a state transfer brought (checked by the caller), to execute its log, and
   * offers it to the contract unless the contract holds it: a replica that catches up may be the
   * only one left that can still insert a log (its server may have crashed before its insertion
   * landed), as it was when it caught up from live uploads. The uploads held for that log are no
   * longer needed.
   */
  void transferred(SequenceNumber n, Certificate certificate, List<Action> out) {
    if (certificates.putIfAbsent(n, certificate) == null) {
      settled.remove(n);
      releaseAll(uploads.subMap(n, true, n, true));
      if (!held.contains(n) && s.inWindow(n)) {
        offered.add(n);
        out.add(insertLog(n, certificate));
      }
    }
  }

  /**
   * The host's report on log n: the contract holds it (it was inserted, or was present already), or
   * the contract refused the certificate this replica offered.
   */
  void onInsertion(SequenceNumber n, LogContract.Outcome outcome) {
    offered.remove(n);
    if (outcome == LogContract.Outcome.REJECTED) {
      // The certificate was checked here, so the contract judges by other rules (another member
      // list, an unpaid fee): not this replica's to repair, and offering it again changes nothing.
      LOG.warn("replica {}: the contract refused the certificate of log {}", s.index, n);
      return;
    }
    if (s.inWindow(n)) {
      held.add(n);
    }
  }

  /**
   * A checkpoint at {@code n} became stable: what is at or below it is no longer needed, except
   * this replica's own logs of the last checkpoint interval that no certificate covers yet and the
   * contract is not known to hold, with the uploads held for them. The checkpoint travels as fast
   * as the UPLOADs, so it can become stable before any f + 1 of them met; dropping those logs would
   * leave them out of the contract for good, since no replica has their certificate. They stay
   * until certified (then offered as usual) or until the next stable checkpoint leaves them more
   * than an interval behind.
   */
  void stableAt(SequenceNumber n) {
    long keepAbove = n.value() - s.config.checkpointInterval();
    TreeSet<SequenceNumber> pending = new TreeSet<>();
    for (SequenceNumber m : ownUploads.headMap(n, true).keySet()) {
      if (m.value() > keepAbove && !certified(m) && !held.contains(m)) {
        pending.add(m);
      }
    }
    TreeMap<SequenceNumber, Map<Integer, HeldUpload>> kept = new TreeMap<>();
    for (SequenceNumber m : pending) {
      Map<Integer, HeldUpload> votes = uploads.remove(m);
      if (votes != null) {
        kept.put(m, votes);
      }
    }
    releaseAll(uploads.headMap(n, true));
    uploads.putAll(kept);
    certificates.headMap(n, true).clear();
    settled.headSet(n, true).clear();
    ownUploads.headMap(n, true).keySet().removeIf(m -> !pending.contains(m));
    held.headSet(n, true).clear();
    offered.headSet(n, true).clear();
  }

  /** Checks the byte accounting of the uploads held per sender, and its bound. */
  void checkInvariants() {
    long[] counted = new long[heldBytes.length];
    for (Map<Integer, HeldUpload> votes : uploads.values()) {
      for (Map.Entry<Integer, HeldUpload> e : votes.entrySet()) {
        if (e.getKey() != s.index) {
          counted[e.getKey()] += size(e.getValue());
        }
      }
    }
    for (int i = 0; i < counted.length; i++) {
      if (counted[i] != heldBytes[i] || heldBytes[i] > s.config.maxUploadBytesPerReplica()) {
        throw new IllegalStateException(
            "uploads held from replica " + i + ": " + counted[i] + " vs " + heldBytes[i]);
      }
    }
  }

  /** True if uploads or certificates above the last executed log are held: it may be behind. */
  boolean hasLogsAhead() {
    return !uploads.tailMap(s.lastExecuted, false).isEmpty()
        || !certificates.tailMap(s.lastExecuted, false).isEmpty();
  }

  /**
   * Resends this replica's uploads of logs not certified here yet, and offers again the
   * certificates whose insertion the host has not reported.
   */
  void retransmit(List<Action> out) {
    int uploadsSent = 0;
    for (Map.Entry<SequenceNumber, OwnLog> e : ownUploads.entrySet()) {
      if (!certified(e.getKey()) && uploadsSent++ < RETRANSMIT_SLOTS) {
        s.broadcast(e.getValue().signed().frame(), out);
      }
    }
    int offers = 0;
    for (SequenceNumber n : offered) {
      if (offers++ >= RETRANSMIT_SLOTS) {
        break;
      }
      out.add(insertLog(n, certificates.get(n)));
    }
  }
}
