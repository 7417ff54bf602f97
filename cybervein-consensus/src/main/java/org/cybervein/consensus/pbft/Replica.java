package org.cybervein.consensus.pbft;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.NodeId;
import org.cybervein.api.PublicKey;
import org.cybervein.api.store.KeyValueStore;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.v1.PbftProto;
import org.cybervein.consensus.pbft.auth.MacChannel;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.agreement.X25519PublicKey;
import org.cybervein.crypto.sign.Ed25519Verifier;

/**
 * A PBFT replica as a pure core: one member node of a database's group, ordering the database's
 * operation log with the others. Events go in ({@link #onMessage}, {@link #onTimer}); {@link
 * Action}s come out. No threads, clock or randomness inside; the host performs the actions.
 *
 * <h2>Normal case (whitepaper)</h2>
 *
 * The primary of view v is {@code p = v mod |R|}. It puts client REQUESTs in batches and sends
 * PRE-PREPARE {@code <v, n, d>} with the batch; a backup that accepts it sends PREPARE; a replica
 * is <em>prepared</em> with the pre-prepare and 2f matching PREPAREs, then sends COMMIT, and is
 * <em>committed</em> with 2f + 1 matching COMMITs. Batches execute strictly in sequence order; each
 * request's REPLY {@code <v, t, addr, r>} goes to its client, and the executed log n goes to the
 * other replicas as a signed UPLOAD {@code <n, t, o>}; f + 1 equal UPLOADs for n are inserted into
 * the {@link LogContract} unless it holds log n already. Requests are deduplicated per client by
 * timestamp: a repeated one gets the cached REPLY.
 *
 * <h2>Beyond the whitepaper</h2>
 *
 * Checkpoints every K sequence numbers, stable with 2f + 1 matching signed CHECKPOINTs, bound the
 * log to the watermarks {@code (h, h + L]} and truncate it. A backup that waits too long for a
 * request to execute starts a view change (see {@link ViewChange} for the decision rule). A replica
 * that learns of a stable checkpoint it has not reached fetches the snapshot and the log after it
 * (checked against the checkpoint certificate and f + 1 signed UPLOADs) and installs them.
 * Read-only requests are answered at once from the local state.
 *
 * <h2>Durability</h2>
 *
 * Everything a correct replica must not forget goes to the {@link KeyValueStore} before the message
 * that depends on it is sent: the accepted PRE-PREPARE before PREPARE (and before a primary sends
 * its PRE-PREPARE), the prepared claim before COMMIT, the view before VIEW-CHANGE; executed logs
 * and the stable checkpoint too. A restarted replica restores the checkpoint, replays the logs and
 * resumes in its saved view, so it never contradicts what it sent before the crash.
 *
 * <h2>Memory</h2>
 *
 * Everything a peer can make a replica hold is bounded: requests waiting to be ordered by {@link
 * ReplicaConfig#maxQueueBytes()} bytes; log slots, votes and uploads by the watermark window (one
 * entry per replica per slot); checkpoints beyond the window by one per replica; view changes by
 * one per replica; client key caches by a fixed count; every message by {@link
 * ReplicaConfig#maxMessageBytes()}.
 *
 * <p>Not thread-safe; a host serializes calls.
 */
public final class Replica {
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

  /**
   * A view change waits {@code requestTimeout * 2^k} for the k-th consecutive attempt, k capped
   * here: long enough to outgrow message delays, short enough that replicas that fell into
   * different views meet again soon.
   */
  static final int MAX_BACKOFF_DOUBLINGS = 3;

  private static final int CLIENT_CACHE = 4096;
  private static final int RETRANSMIT_SLOTS = 32;

  private final ReplicaConfig config;
  private final int index;
  private final NodeKeys keys;
  private final StateMachine machine;
  private final LogContract contract;
  private final ReplicaStore store;
  private final ReplicaVerifiers verifiers;
  private final List<MacChannel> channels;
  private final LinkedHashMap<Bytes, MacChannel> clientChannels = lru();
  private final LinkedHashMap<PublicKey, Ed25519Verifier> clientVerifiers = lru();
  private final EnumMap<Rejection, Long> rejections = new EnumMap<>(Rejection.class);
  private final EnumMap<TimerKind, Long> tokens = new EnumMap<>(TimerKind.class);

  private long view;
  private boolean active = true;
  private int viewChangeAttempts;
  private long lastExecuted;
  private long seqNext;
  private CheckpointCertificate stable;
  private Bytes stableSnapshot;
  private final TreeMap<Long, Slot> slots = new TreeMap<>();
  // Looked up several times per operation, so hashed; snapshots sort it (encodeSnapshot), so its
  // iteration order never reaches anything hashed or replicated.
  private final HashMap<ClientKey, ClientRecord> clients = new HashMap<>();
  // Decoded client identities by their wire form: decoding checks the address pattern and both
  // keys, which cost more than the rest of a request's handling.
  private final LinkedHashMap<PbftProto.PbftClient, PeerIdentity> identities = lru();
  private final LinkedHashMap<RequestKey, Request> pending = new LinkedHashMap<>();
  private long pendingBytes;
  // The pending requests not in a batch of this view yet, oldest first (pending minus inFlight),
  // so the primary finds what to propose without walking past the requests in flight.
  private final LinkedHashSet<RequestKey> unproposed = new LinkedHashSet<>();
  private long unproposedBytes;
  private final Set<RequestKey> inFlight = new HashSet<>();
  private boolean requestTimerArmed;
  private RequestKey timedRequest;
  private final BitSet servedThisTick = new BitSet();
  private int newViewResends;
  private final TreeMap<Long, Map<Integer, Vote>> checkpointVotes = new TreeMap<>();
  private final TreeMap<Long, Bytes> ownSnapshots = new TreeMap<>();
  private final TreeMap<Long, Bytes> ownCheckpoints = new TreeMap<>();
  private final TreeMap<Long, Map<Integer, HeldUpload>> uploads = new TreeMap<>();
  // Certificates whose every signature this replica checked: what it inserts, serves and executes.
  private final TreeMap<Long, List<SignedUpload>> uploadCertificates = new TreeMap<>();
  // Logs this replica executed that f others uploaded equally and the contract already holds: no
  // one needs this replica's certificate for them unless it serves a state transfer, so their
  // signatures are checked only then (see onUpload).
  private final TreeSet<Long> settled = new TreeSet<>();
  private final TreeMap<Long, SignedUpload> ownUploads = new TreeMap<>();
  private final TreeMap<Long, PbftProto.PbftUpload> ownUploadProtos = new TreeMap<>();
  private final Map<Integer, ViewChange> viewChanges = new HashMap<>();
  private Bytes myViewChange;
  private Bytes myNewView;
  private CheckpointCertificate fetchTarget;
  private int fetchRotation;
  private long executedAtLastTick = -1;

  /**
   * A client is its address and its signing key together, so nobody holding another key can use
   * (squat) a client's address to consume its timestamps or answers.
   */
  private record ClientKey(NodeId address, PublicKey key) implements Comparable<ClientKey> {
    static ClientKey of(PeerIdentity client) {
      return new ClientKey(client.node(), client.signingKey());
    }

    static ClientKey of(LoggedOperation op) {
      return new ClientKey(op.client(), op.clientKey());
    }

    @Override
    public int compareTo(ClientKey o) {
      int c = address.compareTo(o.address);
      return c != 0 ? c : key.encoded().compareTo(o.key.encoded());
    }
  }

  private record ClientRecord(long timestamp, Bytes result) {}

  private record RequestKey(ClientKey client, long timestamp) {}

  private record Vote(Hash digest, Bytes frame) {}

  /**
   * Another replica's UPLOAD as held for log n: {@code unchecked} is its frame while the signature
   * is not verified yet (only ever for content equal to this replica's own log n), null once it is.
   */
  private record HeldUpload(SignedUpload signed, Frame unchecked) {}

  /** One sequence number's agreement state. */
  private static final class Slot {
    long ppView = -1;
    Hash digest;
    List<Request> batch = List.of();
    List<Bytes> frames = List.of();
    Bytes ppFrame;
    Bytes ppRecord;
    long voteView = -1;
    final Map<Integer, Hash> prepares = new HashMap<>();
    final Map<Integer, Hash> commits = new HashMap<>();
    boolean prepared;
    boolean committed;
    Bytes myPrepare;
    Bytes myCommit;
    long pView = -1;
    Hash pDigest;
    List<Bytes> pFrames = List.of();
    final TreeMap<Hash, Long> q = new TreeMap<>();
  }

  /**
   * A replica, recovered from {@code store}: on first start it records the machine's state as the
   * genesis checkpoint; after a restart it restores the stable checkpoint, replays the executed
   * logs after it and resumes its saved view and slots.
   *
   * @param config the group, equal at every member
   * @param index this replica's index in {@code config}
   * @param keys this replica's keys, matching {@code config.replicas().get(index)}
   * @param machine the database; in its genesis state on first start
   * @param contract where agreed logs land
   * @param store durable state; survives restarts
   */
  public Replica(
      ReplicaConfig config,
      int index,
      NodeKeys keys,
      StateMachine machine,
      LogContract contract,
      KeyValueStore store) {
    this.config = Objects.requireNonNull(config, "config");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.machine = Objects.requireNonNull(machine, "machine");
    this.contract = Objects.requireNonNull(contract, "contract");
    this.store = new ReplicaStore(Objects.requireNonNull(store, "store"));
    if (index < 0 || index >= config.size()) {
      throw new IllegalArgumentException("index " + index + " outside the group");
    }
    if (!config.replicas().get(index).signingKey().equals(keys.signingKey().publicKey())
        || !config.replicas().get(index).agreementKey().equals(keys.agreementKey().publicKey())) {
      throw new IllegalArgumentException("keys do not match replica " + index);
    }
    this.index = index;
    this.verifiers = ReplicaVerifiers.of(config);
    List<MacChannel> list = new ArrayList<>();
    for (int i = 0; i < config.size(); i++) {
      try {
        list.add(
            i == index
                ? null
                : MacChannel.agree(keys.agreementKey(), config.replicas().get(i).agreementKey()));
      } catch (InvalidCryptoInputException e) {
        throw new IllegalArgumentException("bad agreement key of replica " + i, e);
      }
    }
    this.channels = java.util.Collections.unmodifiableList(list);
    recover();
  }

  private static <K, V> LinkedHashMap<K, V> lru() {
    return new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > CLIENT_CACHE;
      }
    };
  }

  // ---------------------------------------------------------------- recovery

  private void recover() {
    Optional<PbftProto.PbftStateTransfer> saved = store.loadStable();
    if (saved.isEmpty()) {
      Bytes snapshot = encodeSnapshot();
      stable = new CheckpointCertificate(0, Digests.snapshot(snapshot), List.of());
      stableSnapshot = snapshot;
      store.saveStable(stateTransfer(stable, snapshot, List.of()), 0);
    } else {
      PbftProto.PbftStateTransfer st = saved.get();
      try {
        stable =
            new CheckpointCertificate(
                st.getCheckpoint().getSequence(),
                Codec.hash(st.getCheckpoint().getStateDigest(), true),
                bytesList(st.getCheckpoint().getCheckpointsList()));
        stableSnapshot = Codec.bytes(st.getSnapshot());
        installSnapshot(stableSnapshot);
      } catch (InvalidPbftMessageException e) {
        throw new IllegalStateException("corrupt stable checkpoint in the store", e);
      }
      lastExecuted = stable.sequence();
    }
    long h = stable.sequence();
    TreeMap<Long, PbftProto.PbftUpload> logs =
        store.loadAbove('L', h, PbftProto.PbftUpload.parser());
    List<Action> ignored = new ArrayList<>();
    for (Map.Entry<Long, PbftProto.PbftUpload> e : logs.entrySet()) {
      if (e.getKey() != lastExecuted + 1) {
        break;
      }
      try {
        execute(e.getKey(), Codec.upload(e.getValue()).operations(), null, Mode.REPLAY, ignored);
      } catch (InvalidPbftMessageException ex) {
        throw new IllegalStateException("corrupt log in the store", ex);
      }
    }
    store
        .loadView()
        .ifPresent(
            v -> {
              view = v[0];
              active = v[1] == 1;
            });
    for (Map.Entry<Long, PbftProto.PbftPrePrepare> e :
        store.loadAbove('A', h, PbftProto.PbftPrePrepare.parser()).entrySet()) {
      PbftProto.PbftPrePrepare pp = e.getValue();
      Slot s = slot(e.getKey());
      s.ppView = pp.getView();
      s.ppRecord = Bytes.of(pp.toByteArray());
      s.digest = Hash.of(pp.getDigest().getValue().toByteArray());
      s.frames = bytesList(pp.getRequestsList());
      s.batch = parseBatchUnchecked(s.frames);
      if (s.ppView == view && config.primary(view) == index) {
        seqNext = Math.max(seqNext, e.getKey());
      }
    }
    for (Map.Entry<Long, PbftProto.PbftPrePrepare> e :
        store.loadAbove('P', h, PbftProto.PbftPrePrepare.parser()).entrySet()) {
      Slot s = slot(e.getKey());
      s.pView = e.getValue().getView();
      s.pDigest = Hash.of(e.getValue().getDigest().getValue().toByteArray());
      s.pFrames = bytesList(e.getValue().getRequestsList());
    }
    for (Map.Entry<Long, PbftProto.PbftViewChange> e :
        store.loadAbove('Q', h, PbftProto.PbftViewChange.parser()).entrySet()) {
      Slot s = slot(e.getKey());
      for (PbftProto.PbftSlotClaim c : e.getValue().getPrePreparedList()) {
        s.q.put(Hash.of(c.getDigest().getValue().toByteArray()), c.getView());
      }
    }
    // Slots at or below lastExecuted stay until the stable checkpoint: their prepared claims
    // must go into any VIEW-CHANGE, or a view change could replace a committed batch.
    seqNext = Math.max(seqNext, lastExecuted);
  }

  private List<Request> parseBatchUnchecked(List<Bytes> frames) {
    List<Request> out = new ArrayList<>();
    for (Bytes raw : frames) {
      try {
        out.add(decodeRequest(Frame.parse(raw, config.maxMessageBytes())));
      } catch (InvalidPbftMessageException e) {
        throw new IllegalStateException("corrupt batch in the store", e);
      }
    }
    return out;
  }

  private static List<Bytes> bytesList(List<ByteString> list) {
    List<Bytes> out = new ArrayList<>(list.size());
    for (ByteString b : list) {
      out.add(Codec.bytes(b));
    }
    return out;
  }

  // ---------------------------------------------------------------- public API

  /** The first actions after construction: the retransmission timer, a pending VIEW-CHANGE. */
  public List<Action> start() {
    List<Action> out = new ArrayList<>();
    arm(TimerKind.RETRANSMIT, config.retransmitInterval(), out);
    if (!active) {
      // Restarted during a view change: resend it, and move on if it does not complete.
      sendViewChange(out);
      arm(TimerKind.VIEW_CHANGE, config.requestTimeout(), out);
    }
    return out;
  }

  /** A message arrived; {@code from} is the transport's claim and authenticates nothing. */
  public List<Action> onMessage(NodeId from, Bytes message) {
    Objects.requireNonNull(message, "message");
    List<Action> out = new ArrayList<>();
    Frame f;
    try {
      f = Frame.parse(message, config.maxMessageBytes());
    } catch (InvalidPbftMessageException e) {
      return reject(Rejection.MALFORMED, out);
    }
    switch (f.body.getKindCase()) {
      case REQUEST -> onRequest(f, out);
      case PRE_PREPARE -> onPrePrepare(f, out);
      case PREPARE -> onPrepare(f, out);
      case COMMIT -> onCommit(f, out);
      case CHECKPOINT -> onCheckpoint(f, out);
      case UPLOAD -> onUpload(f, out);
      case VIEW_CHANGE -> onViewChange(f, out);
      case NEW_VIEW -> onNewView(f, out);
      case FETCH_STATE -> onFetchState(f, out);
      case STATE_TRANSFER -> onStateTransfer(f, out);
      default -> reject(Rejection.UNEXPECTED_KIND, out);
    }
    return out;
  }

  /** A timer fired; stale tokens are ignored. */
  public List<Action> onTimer(TimerKind kind, long token) {
    List<Action> out = new ArrayList<>();
    if (tokens.getOrDefault(kind, 0L) != token) {
      return out;
    }
    switch (kind) {
      case REQUEST -> {
        requestTimerArmed = false;
        // The primary times out too: if its own proposals cannot complete (backups moved on, or
        // it lost its votes in a crash), giving the view up is the only way forward.
        if (active && !pending.isEmpty()) {
          startViewChange(view + 1, out);
        }
      }
      case VIEW_CHANGE -> {
        if (!active) {
          viewChangeTimedOut(out);
        }
      }
      case RETRANSMIT -> retransmit(out);
      default -> {}
    }
    return out;
  }

  /** This replica's index. */
  public int index() {
    return index;
  }

  /** The current view v (the one being changed to, during a view change). */
  public long view() {
    return view;
  }

  /** False while a view change is in progress. */
  public boolean isActive() {
    return active;
  }

  /** True if this replica is the primary of its current view. */
  public boolean isPrimary() {
    return config.primary(view) == index;
  }

  /** The last executed sequence number. */
  public long lastExecuted() {
    return lastExecuted;
  }

  /** The stable checkpoint h, the low watermark. */
  public long stableCheckpoint() {
    return stable.sequence();
  }

  /** The state machine's digest. */
  public Hash stateDigest() {
    return machine.digest();
  }

  /** Bytes of requests waiting to be ordered. */
  public long pendingBytes() {
    return pendingBytes;
  }

  /** Log slots held (all within the watermarks). */
  public int slotCount() {
    return slots.size();
  }

  /** Rejected messages by reason. */
  public Map<Rejection, Long> rejections() {
    return new EnumMap<>(rejections);
  }

  /**
   * Checks the replica's internal invariants: slots within the watermarks, executed at or above the
   * stable checkpoint, byte accounting of the queue.
   *
   * @throws IllegalStateException if one is broken
   */
  public void checkInvariants() {
    long h = stable.sequence();
    if (!slots.isEmpty()
        && (slots.firstKey() <= h || slots.lastKey() > h + config.watermarkWindow())) {
      throw new IllegalStateException("slot outside the watermarks " + slots.keySet() + " h=" + h);
    }
    if (lastExecuted < h) {
      throw new IllegalStateException("executed " + lastExecuted + " below stable " + h);
    }
    long bytes = 0;
    for (Request r : pending.values()) {
      bytes += r.frame().size();
    }
    if (bytes != pendingBytes || pendingBytes > config.maxQueueBytes()) {
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

  // ---------------------------------------------------------------- helpers

  private List<Action> reject(Rejection r, List<Action> out) {
    rejections.merge(r, 1L, Long::sum);
    return out;
  }

  private void arm(TimerKind kind, Duration delay, List<Action> out) {
    long token = tokens.merge(kind, 1L, Long::sum);
    out.add(new Action.SetTimer(kind, token, delay));
  }

  private void disarm(TimerKind kind) {
    tokens.merge(kind, 1L, Long::sum);
  }

  private Slot slot(long n) {
    return slots.computeIfAbsent(n, k -> new Slot());
  }

  private boolean inWindow(long n) {
    return n > stable.sequence() && n <= stable.sequence() + config.watermarkWindow();
  }

  /** A normal-case frame from this replica: signed or with one tag per replica. */
  private Frame authored(PbftProto.PbftBody.Builder body) {
    PbftProto.PbftBody b = body.setSender(index).build();
    return config.authMode() == AuthMode.SIGNATURES
        ? Frame.signed(b, keys.signingKey())
        : Frame.macked(b, channels);
  }

  private Frame signed(PbftProto.PbftBody.Builder body) {
    return Frame.signed(body.setSender(index).build(), keys.signingKey());
  }

  private void broadcast(Bytes frame, List<Action> out) {
    for (int i = 0; i < config.size(); i++) {
      if (i != index) {
        out.add(new Action.Send(config.node(i), frame));
      }
    }
  }

  /** Checks a normal-case frame from another replica: signature, or this replica's tag. */
  private boolean authenticReplica(Frame f) {
    int s = f.sender();
    if (s >= config.size() || s == index) {
      return false;
    }
    if (config.authMode() == AuthMode.SIGNATURES) {
      return f.verifySignature(verifiers.replica(s));
    }
    return f.tags.size() == config.size() && f.verifyTag(index, channels.get(s));
  }

  private boolean signedByReplica(Frame f) {
    int s = f.sender();
    return s < config.size() && s != index && f.verifySignature(verifiers.replica(s));
  }

  // ---------------------------------------------------------------- requests

  private Request decodeRequest(Frame f) throws InvalidPbftMessageException {
    if (f.body.getKindCase() != PbftProto.PbftBody.KindCase.REQUEST) {
      throw new InvalidPbftMessageException(
          InvalidPbftMessageException.Reason.MALFORMED, "not a request");
    }
    if (f.raw.size() > config.maxRequestBytes()) {
      throw new InvalidPbftMessageException(
          InvalidPbftMessageException.Reason.OVERSIZED, "request too large");
    }
    PbftProto.PbftRequest r = f.body.getRequest();
    if (!r.hasClient()) {
      throw new InvalidPbftMessageException(
          InvalidPbftMessageException.Reason.MISSING_FIELD, "no client");
    }
    PbftProto.PbftClient c = r.getClient();
    PeerIdentity client = identities.get(c);
    if (client == null) {
      client = decodeClient(c);
      identities.put(c, client);
    }
    return new Request(
        client,
        Codec.nonNegative(r.getTimestamp(), "timestamp"),
        Codec.bytes(r.getOperation()),
        r.getReadOnly(),
        f.raw);
  }

  private static PeerIdentity decodeClient(PbftProto.PbftClient c)
      throws InvalidPbftMessageException {
    PublicKey signingKey = Codec.signingKey(c.getSigningKey(), c.hasSigningKey());
    X25519PublicKey agreementKey;
    try {
      agreementKey = X25519PublicKey.decode(Codec.bytes(c.getAgreementKey()));
    } catch (InvalidCryptoInputException e) {
      throw new InvalidPbftMessageException(
          InvalidPbftMessageException.Reason.MALFORMED, "agreement key");
    }
    return new PeerIdentity(Codec.nodeId(c.getAddress()), signingKey, agreementKey);
  }

  private boolean authenticClient(Frame f, Request r) {
    if (config.authMode() == AuthMode.SIGNATURES) {
      Ed25519Verifier v = clientVerifiers.get(r.client().signingKey());
      if (v == null) {
        try {
          v = Ed25519Verifier.of(r.client().signingKey());
        } catch (InvalidCryptoInputException e) {
          return false;
        }
        clientVerifiers.put(r.client().signingKey(), v);
      }
      return f.verifySignature(v);
    }
    MacChannel ch = clientChannel(r.client());
    return ch != null && f.tags.size() == config.size() && f.verifyTag(index, ch);
  }

  private MacChannel clientChannel(PeerIdentity client) {
    Bytes key = client.agreementKey().bytes();
    MacChannel ch = clientChannels.get(key);
    if (ch == null) {
      try {
        ch = MacChannel.agree(keys.agreementKey(), client.agreementKey());
      } catch (InvalidCryptoInputException e) {
        return null;
      }
      clientChannels.put(key, ch);
    }
    return ch;
  }

  private void onRequest(Frame f, List<Action> out) {
    Request r;
    try {
      r = decodeRequest(f);
    } catch (InvalidPbftMessageException e) {
      reject(Rejection.MALFORMED, out);
      return;
    }
    RequestKey key = new RequestKey(ClientKey.of(r.client()), r.timestamp());
    Request known = pending.get(key);
    boolean alreadyChecked = known != null && known.frame().equals(r.frame());
    if (!alreadyChecked && !authenticClient(f, r)) {
      reject(Rejection.BAD_AUTHENTICATOR, out);
      return;
    }
    if (r.readOnly()) {
      // Answered from the local database at once, not ordered: see the README on consistency.
      out.add(reply(r.client(), r.timestamp(), machine.query(r.operation()), true));
      return;
    }
    ClientRecord rec = clients.get(key.client());
    if (rec != null && r.timestamp() <= rec.timestamp()) {
      if (r.timestamp() == rec.timestamp()) {
        out.add(reply(r.client(), r.timestamp(), rec.result(), false));
      } else {
        reject(Rejection.STALE, out);
      }
      return;
    }
    boolean primary = active && config.primary(view) == index;
    if (known != null) {
      if (!primary && active) {
        out.add(new Action.Send(config.node(config.primary(view)), r.frame()));
      }
      armRequestTimer(out);
      return;
    }
    if (pendingBytes + r.frame().size() > config.maxQueueBytes()) {
      reject(Rejection.QUEUE_FULL, out);
      return;
    }
    pending.put(key, r);
    pendingBytes += r.frame().size();
    unproposed.add(key);
    unproposedBytes += r.frame().size();
    if (primary) {
      propose(out);
    } else if (active) {
      out.add(new Action.Send(config.node(config.primary(view)), r.frame()));
    }
    armRequestTimer(out);
  }

  /** Arms the request timer on the oldest waiting request, unless it is running. */
  private void armRequestTimer(List<Action> out) {
    if (!requestTimerArmed && !pending.isEmpty()) {
      requestTimerArmed = true;
      timedRequest = pending.keySet().iterator().next();
      arm(TimerKind.REQUEST, config.requestTimeout(), out);
    }
  }

  private Action reply(PeerIdentity client, long t, Bytes result, boolean readOnly) {
    PbftProto.PbftBody body = replyBody(client, t, result, readOnly);
    Frame f;
    MacChannel ch;
    if (config.authMode() == AuthMode.SIGNATURES || (ch = clientChannel(client)) == null) {
      f = Frame.signed(body, keys.signingKey());
    } else {
      f = Frame.macked(body, List.of(ch));
    }
    return new Action.Send(client.node(), f.raw);
  }

  /**
   * The REPLYs of one executed batch with signatures: one signed statement over all of them (a
   * Merkle root, see {@link ReplyTree}) instead of one signature per REPLY; each client gets its
   * REPLY with the statement and its audit path.
   */
  private void replyToBatch(long n, List<PeerIdentity> to, List<Bytes> bodies, List<Action> out) {
    if (bodies.isEmpty()) {
      return;
    }
    List<Hash> leaves = new ArrayList<>(bodies.size());
    for (Bytes b : bodies) {
      leaves.add(ReplyTree.leaf(b));
    }
    ReplyTree tree = ReplyTree.of(leaves);
    Frame statement =
        signed(
            PbftProto.PbftBody.newBuilder()
                .setReplyStatement(
                    PbftProto.PbftReplyStatement.newBuilder()
                        .setView(view)
                        .setSequence(n)
                        .setRoot(Codec.hash(tree.root))
                        .setCount(bodies.size())));
    ByteString statementBytes = Codec.bs(statement.raw);
    for (int i = 0; i < bodies.size(); i++) {
      PbftProto.PbftReplyProof.Builder proof =
          PbftProto.PbftReplyProof.newBuilder().setStatement(statementBytes).setIndex(i);
      for (Hash h : tree.paths.get(i)) {
        proof.addPath(Codec.hash(h));
      }
      out.add(new Action.Send(to.get(i).node(), Frame.proven(bodies.get(i), proof.build())));
    }
  }

  private PbftProto.PbftBody replyBody(
      PeerIdentity client, long t, Bytes result, boolean readOnly) {
    return PbftProto.PbftBody.newBuilder()
        .setSender(index)
        .setReply(
            PbftProto.PbftReply.newBuilder()
                .setView(view)
                .setTimestamp(t)
                .setClient(client.node().value())
                .setClientKey(ApiTypesCodec.toProto(client.signingKey()))
                .setResult(Codec.bs(result))
                .setReadOnly(readOnly))
        .build();
  }

  private void propose(List<Action> out) {
    while (active
        && config.primary(view) == index
        && !unproposed.isEmpty()
        && seqNext < lastExecuted + PIPELINE_DEPTH
        && seqNext < stable.sequence() + config.watermarkWindow()) {
      boolean full =
          unproposed.size() >= config.maxBatchRequests()
              || unproposedBytes >= config.maxBatchBytes();
      if (!full && seqNext - lastExecuted >= EAGER_DEPTH) {
        return;
      }
      List<Request> batch = new ArrayList<>();
      List<Bytes> frames = new ArrayList<>();
      int bytes = 0;
      Iterator<RequestKey> it = unproposed.iterator();
      while (it.hasNext() && batch.size() < config.maxBatchRequests()) {
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
        if (!batch.isEmpty() && bytes + size > config.maxBatchBytes()) {
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
      long n = ++seqNext;
      Hash d = Digests.batch(frames);
      PbftProto.PbftPrePrepare pp = prePrepareProto(view, n, d, frames);
      Frame f = authored(PbftProto.PbftBody.newBuilder().setPrePrepare(pp));
      Slot s = slot(n);
      accept(s, n, view, d, batch, frames, f.raw, pp);
      for (Request r : batch) {
        inFlight.add(new RequestKey(ClientKey.of(r.client()), r.timestamp()));
      }
      broadcast(f.raw, out);
      checkPrepared(n, s, out);
    }
  }

  /** Marks a pending request as proposed in this view (it is in a batch now). */
  private void proposed(RequestKey key) {
    inFlight.add(key);
    if (unproposed.remove(key)) {
      unproposedBytes -= pending.get(key).frame().size();
    }
  }

  private static PbftProto.PbftPrePrepare prePrepareProto(
      long v, long n, Hash d, List<Bytes> frames) {
    PbftProto.PbftPrePrepare.Builder b =
        PbftProto.PbftPrePrepare.newBuilder().setView(v).setSequence(n).setDigest(Codec.hash(d));
    for (Bytes r : frames) {
      b.addRequests(Codec.bs(r));
    }
    return b.build();
  }

  /**
   * Records an accepted pre-prepare, durably, before anything depending on it is sent. {@code
   * proto} is the pre-prepare as built or received, if at hand (else it is built from the parts).
   */
  private void accept(
      Slot s,
      long n,
      long v,
      Hash d,
      List<Request> batch,
      List<Bytes> frames,
      Bytes ppFrame,
      PbftProto.PbftPrePrepare proto) {
    if (s.ppView != v && s.digest != null && !s.digest.equals(d)) {
      s.committed = false;
    }
    s.ppView = v;
    s.digest = d;
    s.batch = batch;
    s.frames = frames;
    s.ppFrame = ppFrame;
    votes(s, v);
    s.q.merge(d, v, Math::max);
    // Kept encoded: the prepared claim ('P') of this slot in this view is the same record.
    s.ppRecord = Bytes.of((proto != null ? proto : prePrepareProto(v, n, d, frames)).toByteArray());
    store.put('A', n, s.ppRecord);
    PbftProto.PbftViewChange.Builder q = PbftProto.PbftViewChange.newBuilder();
    for (Map.Entry<Hash, Long> e : s.q.entrySet()) {
      q.addPrePrepared(new SlotClaim(n, e.getKey(), e.getValue()).toProto());
    }
    store.put('Q', n, q.build());
  }

  /** The vote tallies of {@code s}, reset when they belong to an older view. */
  private void votes(Slot s, long v) {
    if (s.voteView < v) {
      s.voteView = v;
      s.prepares.clear();
      s.commits.clear();
      s.prepared = false;
      s.myPrepare = null;
      s.myCommit = null;
    }
  }

  // ---------------------------------------------------------------- normal case

  private void onPrePrepare(Frame f, List<Action> out) {
    PbftProto.PbftPrePrepare pp = f.body.getPrePrepare();
    long v = pp.getView();
    long n = pp.getSequence();
    if (f.sender() >= config.size() || f.sender() != config.primary(v) || v < 0) {
      reject(Rejection.UNKNOWN_SENDER, out);
      return;
    }
    if (!authenticReplica(f)) {
      reject(Rejection.BAD_AUTHENTICATOR, out);
      return;
    }
    if (v != view || !active) {
      reject(Rejection.WRONG_VIEW, out);
      return;
    }
    if (!inWindow(n)) {
      reject(Rejection.OUT_OF_WINDOW, out);
      return;
    }
    if (!pp.hasDigest() || pp.getDigest().getValue().size() != Hash.SIZE) {
      reject(Rejection.MALFORMED, out);
      return;
    }
    Hash d = Hash.of(pp.getDigest().getValue().toByteArray());
    Slot existing = slots.get(n);
    if (existing != null && existing.ppView == v) {
      reject(d.equals(existing.digest) ? Rejection.STALE : Rejection.CONFLICTING_PRE_PREPARE, out);
      return;
    }
    if (pp.getRequestsCount() > config.maxBatchRequests() || pp.getRequestsCount() == 0) {
      reject(Rejection.MALFORMED, out);
      return;
    }
    List<Bytes> frames = bytesList(pp.getRequestsList());
    if (!Digests.batch(frames).equals(d)) {
      reject(Rejection.DIGEST_MISMATCH, out);
      return;
    }
    List<Request> batch = new ArrayList<>(frames.size());
    long bytes = 0;
    for (Bytes raw : frames) {
      bytes += raw.size();
      try {
        Frame rf = Frame.parse(raw, config.maxRequestBytes());
        Request r = decodeRequest(rf);
        Request known = pending.get(new RequestKey(ClientKey.of(r.client()), r.timestamp()));
        boolean checked = known != null && known.frame().equals(raw);
        if (r.readOnly() || (!checked && !authenticClient(rf, r))) {
          reject(Rejection.BAD_REQUEST_IN_BATCH, out);
          return;
        }
        batch.add(r);
      } catch (InvalidPbftMessageException e) {
        reject(Rejection.BAD_REQUEST_IN_BATCH, out);
        return;
      }
    }
    if (bytes > config.maxBatchBytes()) {
      reject(Rejection.MALFORMED, out);
      return;
    }
    Slot s = slot(n);
    accept(s, n, v, d, batch, frames, null, pp);
    sendPrepare(n, s, out);
    checkPrepared(n, s, out);
  }

  private void sendPrepare(long n, Slot s, List<Action> out) {
    Frame p =
        authored(
            PbftProto.PbftBody.newBuilder()
                .setPrepare(
                    PbftProto.PbftPrepare.newBuilder()
                        .setView(s.ppView)
                        .setSequence(n)
                        .setDigest(Codec.hash(s.digest))));
    s.myPrepare = p.raw;
    s.prepares.put(index, s.digest);
    broadcast(p.raw, out);
  }

  private void onPrepare(Frame f, List<Action> out) {
    PbftProto.PbftPrepare p = f.body.getPrepare();
    Optional<Slot> s = vote(f, p.getView(), p.getSequence(), p.hasDigest(), p.getDigest(), out);
    if (s.isEmpty()) {
      return;
    }
    if (f.sender() == config.primary(p.getView())) {
      reject(Rejection.UNKNOWN_SENDER, out);
      return;
    }
    Hash d = Hash.of(p.getDigest().getValue().toByteArray());
    if (s.get().prepares.putIfAbsent(f.sender(), d) != null) {
      reject(Rejection.STALE, out);
      return;
    }
    checkPrepared(p.getSequence(), s.get(), out);
  }

  private void onCommit(Frame f, List<Action> out) {
    PbftProto.PbftCommit c = f.body.getCommit();
    Optional<Slot> s = vote(f, c.getView(), c.getSequence(), c.hasDigest(), c.getDigest(), out);
    if (s.isEmpty()) {
      return;
    }
    Hash d = Hash.of(c.getDigest().getValue().toByteArray());
    if (s.get().commits.putIfAbsent(f.sender(), d) != null) {
      reject(Rejection.STALE, out);
      return;
    }
    checkCommitted(s.get(), out);
  }

  /** The common checks of PREPARE and COMMIT; the slot to count the vote in, if they pass. */
  private Optional<Slot> vote(
      Frame f,
      long v,
      long n,
      boolean hasDigest,
      org.cybervein.api.wire.v1.TypesProto.Hash digest,
      List<Action> out) {
    if (f.sender() >= config.size() || f.sender() == index) {
      reject(Rejection.UNKNOWN_SENDER, out);
      return Optional.empty();
    }
    if (!authenticReplica(f)) {
      reject(Rejection.BAD_AUTHENTICATOR, out);
      return Optional.empty();
    }
    if (v != view || !active) {
      reject(Rejection.WRONG_VIEW, out);
      return Optional.empty();
    }
    if (!inWindow(n)) {
      reject(Rejection.OUT_OF_WINDOW, out);
      return Optional.empty();
    }
    if (!hasDigest || digest.getValue().size() != Hash.SIZE) {
      reject(Rejection.MALFORMED, out);
      return Optional.empty();
    }
    Slot s = slot(n);
    votes(s, v);
    return Optional.of(s);
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

  private void checkPrepared(long n, Slot s, List<Action> out) {
    if (s.prepared || s.ppView != view || s.voteView != view || !active) {
      return;
    }
    if (matching(s.prepares, s.digest) < 2 * config.f()) {
      return;
    }
    s.prepared = true;
    s.pView = view;
    s.pDigest = s.digest;
    s.pFrames = s.frames;
    store.put('P', n, s.ppRecord);
    Frame c =
        authored(
            PbftProto.PbftBody.newBuilder()
                .setCommit(
                    PbftProto.PbftCommit.newBuilder()
                        .setView(view)
                        .setSequence(n)
                        .setDigest(Codec.hash(s.digest))));
    s.myCommit = c.raw;
    s.commits.put(index, s.digest);
    broadcast(c.raw, out);
    checkCommitted(s, out);
  }

  private void checkCommitted(Slot s, List<Action> out) {
    if (!s.prepared || s.committed || matching(s.commits, s.digest) < config.quorum()) {
      return;
    }
    s.committed = true;
    executeReady(out);
  }

  private void executeReady(List<Action> out) {
    boolean progress = false;
    while (true) {
      Slot s = slots.get(lastExecuted + 1);
      if (s == null || !s.committed) {
        break;
      }
      List<LoggedOperation> ops = new ArrayList<>(s.batch.size());
      for (Request r : s.batch) {
        ops.add(r.logged());
      }
      execute(lastExecuted + 1, ops, s.batch, Mode.LIVE, out);
      progress = true;
    }
    if (uploadCertificates.containsKey(lastExecuted + 1)) {
      catchUp(out);
      return;
    }
    if (progress) {
      if (config.primary(view) == index) {
        propose(out);
      }
      if (pending.isEmpty()) {
        requestTimerArmed = false;
        disarm(TimerKind.REQUEST);
      } else if (!requestTimerArmed || !pending.containsKey(timedRequest)) {
        // The timer follows the oldest waiting request, so a primary that orders other
        // requests but never this one is still replaced.
        requestTimerArmed = true;
        timedRequest = pending.keySet().iterator().next();
        arm(TimerKind.REQUEST, config.requestTimeout(), out);
      }
    }
  }

  private enum Mode {
    LIVE,
    TRANSFER,
    REPLAY
  }

  /**
   * Executes log n: each operation whose client timestamp is new for its client (address and key);
   * replies for live requests; the UPLOAD; a checkpoint every K.
   */
  private void execute(
      long n, List<LoggedOperation> ops, List<Request> requests, Mode mode, List<Action> out) {
    List<LoggedOperation> done = new ArrayList<>(ops.size());
    List<Bytes> results = new ArrayList<>(ops.size());
    boolean batchReplies = mode == Mode.LIVE && config.authMode() == AuthMode.SIGNATURES;
    List<PeerIdentity> replyTo = new ArrayList<>();
    List<Bytes> replyBodies = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      LoggedOperation op = ops.get(i);
      ClientKey client = ClientKey.of(op);
      ClientRecord rec = clients.get(client);
      if (rec != null && op.timestamp() <= rec.timestamp()) {
        continue;
      }
      Bytes result = machine.execute(op.operation());
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
          replyBodies.add(Bytes.of(replyBody(asker, op.timestamp(), result, false).toByteArray()));
        } else {
          out.add(reply(asker, op.timestamp(), result, false));
        }
      }
    }
    replyToBatch(n, replyTo, replyBodies, out);
    lastExecuted = n;
    Upload upload = new Upload(n, done);
    PbftProto.PbftUpload uploadProto = mode == Mode.REPLAY ? null : Codec.upload(upload);
    if (mode != Mode.REPLAY) {
      store.put('L', n, uploadProto);
    }
    out.add(new Action.Executed(n, view, done, results));
    if (mode == Mode.LIVE) {
      SignedUpload mine = SignedUpload.sign(upload, uploadProto, index, keys.signingKey());
      ownUploads.put(n, mine);
      ownUploadProtos.put(n, uploadProto);
      uploads
          .computeIfAbsent(n, k -> new HashMap<>())
          .putIfAbsent(index, new HeldUpload(mine, null));
      broadcast(mine.frame(), out);
      tryInsert(n, out);
    }
    if (n % config.checkpointInterval() == 0) {
      takeCheckpoint(n, out);
    }
  }

  // ---------------------------------------------------------------- uploads

  /**
   * An UPLOAD from another replica. Every check that needs no signature comes first. For a log this
   * replica executed itself, an upload with other content is dropped unchecked (the executed log is
   * the agreed one, so the other content can never gather f + 1 correct signers), and one with
   * equal content is held with its signature unchecked: the signatures are checked when they must
   * convince someone, i.e. before this replica inserts a certificate into the contract or serves it
   * in a state transfer; if the contract already holds the log, usually not at all. An upload for a
   * log this replica has not executed is checked at once, since a certificate of such uploads is
   * what {@link #catchUp} executes. Unchecked uploads never decide anything: only their (equal)
   * content is counted, and that content is this replica's own.
   */
  private void onUpload(Frame f, List<Action> out) {
    int sender = f.sender();
    if (sender >= config.size() || sender == index) {
      reject(Rejection.UNKNOWN_SENDER, out);
      return;
    }
    PbftProto.PbftUpload proto = f.body.getUpload();
    long n = proto.getSequence();
    if (!inWindow(n) || certified(n)) {
      reject(
          n <= stable.sequence() || certified(n) ? Rejection.STALE : Rejection.OUT_OF_WINDOW, out);
      return;
    }
    Map<Integer, HeldUpload> held = uploads.get(n);
    HeldUpload prior = held == null ? null : held.get(sender);
    if (prior != null) {
      if (prior.unchecked() == null || prior.signed().frame().equals(f.raw)) {
        reject(Rejection.STALE, out);
        return;
      }
      // Two different uploads claim the same sender and the held one is unchecked: at most one is
      // genuine, so the held one is checked now and dropped if forged.
      if (prior.unchecked().verifySignature(verifiers.replica(sender))) {
        held.put(sender, new HeldUpload(prior.signed(), null));
        reject(Rejection.STALE, out);
        return;
      }
      held.remove(sender);
      reject(Rejection.BAD_AUTHENTICATOR, out);
    }
    SignedUpload own = ownUploads.get(n);
    HeldUpload accepted;
    if (own != null) {
      if (!proto.equals(ownUploadProtos.get(n))) {
        reject(Rejection.CONFLICTING_UPLOAD, out);
        return;
      }
      accepted = new HeldUpload(new SignedUpload(own.upload(), sender, f.raw), f);
    } else {
      Upload u;
      try {
        u = Codec.upload(proto);
      } catch (InvalidPbftMessageException e) {
        reject(Rejection.MALFORMED, out);
        return;
      }
      if (!f.verifySignature(verifiers.replica(sender))) {
        reject(Rejection.BAD_AUTHENTICATOR, out);
        return;
      }
      accepted = new HeldUpload(new SignedUpload(u, sender, f.raw), null);
    }
    uploads.computeIfAbsent(n, k -> new HashMap<>()).put(sender, accepted);
    tryInsert(n, out);
  }

  /** True if log n has a checked certificate here, or is settled (see {@link #settled}). */
  private boolean certified(long n) {
    return uploadCertificates.containsKey(n) || settled.contains(n);
  }

  /**
   * Acts on f + 1 equal uploads for log n: for a log this replica executed, inserts a checked
   * certificate into the contract, or marks the log settled if the contract holds it already; for
   * one it did not execute, keeps the certificate (of checked uploads only) to catch up with.
   */
  private void tryInsert(long n, List<Action> out) {
    Map<Integer, HeldUpload> votes = uploads.get(n);
    if (votes == null || certified(n)) {
      return;
    }
    SignedUpload own = ownUploads.get(n);
    if (own != null) {
      int same = 0;
      for (HeldUpload h : votes.values()) {
        if (h.signed().upload().equals(own.upload())) {
          same++;
        }
      }
      if (same < config.f() + 1) {
        return;
      }
      if (contract.contains(n)) {
        settled.add(n);
        return;
      }
      checkedCertificate(n, own.upload(), out).ifPresent(c -> installCertificate(n, c, out));
      return;
    }
    Map<Upload, List<SignedUpload>> byContent = new HashMap<>();
    for (int i = 0; i < config.size(); i++) {
      HeldUpload h = votes.get(i);
      if (h == null || h.unchecked() != null) {
        continue;
      }
      List<SignedUpload> same =
          byContent.computeIfAbsent(h.signed().upload(), k -> new ArrayList<>());
      same.add(h.signed());
      if (same.size() == config.f() + 1) {
        installCertificate(n, List.copyOf(same), out);
        return;
      }
    }
  }

  /**
   * f + 1 uploads for log n with {@code content}, all signatures checked: the unchecked ones held
   * are checked in replica order until enough pass; forged ones are dropped.
   */
  private Optional<List<SignedUpload>> checkedCertificate(
      long n, Upload content, List<Action> out) {
    Map<Integer, HeldUpload> votes = uploads.get(n);
    if (votes == null) {
      return Optional.empty();
    }
    List<SignedUpload> certificate = new ArrayList<>(config.f() + 1);
    for (int i = 0; i < config.size() && certificate.size() < config.f() + 1; i++) {
      HeldUpload h = votes.get(i);
      if (h == null || !h.signed().upload().equals(content)) {
        continue;
      }
      if (h.unchecked() != null) {
        if (!h.unchecked().verifySignature(verifiers.replica(i))) {
          votes.remove(i);
          reject(Rejection.BAD_AUTHENTICATOR, out);
          continue;
        }
        votes.put(i, new HeldUpload(h.signed(), null));
      }
      certificate.add(h.signed());
    }
    return certificate.size() == config.f() + 1
        ? Optional.of(List.copyOf(certificate))
        : Optional.empty();
  }

  private void installCertificate(long n, List<SignedUpload> certificate, List<Action> out) {
    uploadCertificates.put(n, certificate);
    settled.remove(n);
    uploads.remove(n);
    if (!contract.contains(n)) {
      contract.insert(n, certificate);
    }
    if (n == lastExecuted + 1) {
      catchUp(out);
    }
  }

  /** The checked certificate of log n, checking a settled log's held uploads on first use. */
  private List<SignedUpload> certificateToServe(long n, List<Action> out) {
    List<SignedUpload> c = uploadCertificates.get(n);
    if (c != null || !settled.contains(n)) {
      return c;
    }
    Optional<List<SignedUpload>> checked = checkedCertificate(n, ownUploads.get(n).upload(), out);
    if (checked.isEmpty()) {
      // A held upload was forged: the log is no longer settled here, and waits for more uploads.
      settled.remove(n);
      return null;
    }
    installCertificate(n, checked.get(), out);
    return checked.get();
  }

  // ---------------------------------------------------------------- checkpoints

  private Bytes encodeSnapshot() {
    PbftProto.PbftSnapshot.Builder b =
        PbftProto.PbftSnapshot.newBuilder().setMachine(Codec.bs(machine.snapshot()));
    for (Map.Entry<ClientKey, ClientRecord> e : new TreeMap<>(clients).entrySet()) {
      b.addClients(
          PbftProto.PbftClientRecord.newBuilder()
              .setClient(e.getKey().address().value())
              .setTimestamp(e.getValue().timestamp())
              .setResult(Codec.bs(e.getValue().result()))
              .setSigningKey(ApiTypesCodec.toProto(e.getKey().key())));
    }
    return Bytes.of(b.build().toByteArray());
  }

  /** Parses a snapshot into a client table without touching this replica's state. */
  private static TreeMap<ClientKey, ClientRecord> decodeClients(PbftProto.PbftSnapshot s)
      throws InvalidPbftMessageException {
    TreeMap<ClientKey, ClientRecord> table = new TreeMap<>();
    for (PbftProto.PbftClientRecord c : s.getClientsList()) {
      table.put(
          new ClientKey(
              Codec.nodeId(c.getClient()), Codec.signingKey(c.getSigningKey(), c.hasSigningKey())),
          new ClientRecord(
              Codec.nonNegative(c.getTimestamp(), "timestamp"), Codec.bytes(c.getResult())));
    }
    return table;
  }

  private static PbftProto.PbftSnapshot parseSnapshot(Bytes snapshot)
      throws InvalidPbftMessageException {
    try {
      return PbftProto.PbftSnapshot.parseFrom(snapshot.toByteArray());
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidPbftMessageException(
          InvalidPbftMessageException.Reason.MALFORMED, "snapshot");
    }
  }

  private void installSnapshot(Bytes snapshot) throws InvalidPbftMessageException {
    PbftProto.PbftSnapshot s = parseSnapshot(snapshot);
    TreeMap<ClientKey, ClientRecord> table = decodeClients(s);
    machine.restore(Codec.bytes(s.getMachine()));
    clients.clear();
    clients.putAll(table);
  }

  private void takeCheckpoint(long n, List<Action> out) {
    Bytes snapshot = encodeSnapshot();
    Hash d = Digests.snapshot(snapshot);
    Frame f =
        signed(
            PbftProto.PbftBody.newBuilder()
                .setCheckpoint(
                    PbftProto.PbftCheckpoint.newBuilder()
                        .setSequence(n)
                        .setStateDigest(Codec.hash(d))));
    if (n <= stable.sequence()) {
      return;
    }
    ownSnapshots.put(n, snapshot);
    ownCheckpoints.put(n, f.raw);
    checkpointVotes.computeIfAbsent(n, k -> new HashMap<>()).put(index, new Vote(d, f.raw));
    broadcast(f.raw, out);
    checkStable(n, out);
  }

  private void onCheckpoint(Frame f, List<Action> out) {
    if (!signedByReplica(f)) {
      reject(
          f.sender() >= config.size() || f.sender() == index
              ? Rejection.UNKNOWN_SENDER
              : Rejection.BAD_AUTHENTICATOR,
          out);
      return;
    }
    PbftProto.PbftCheckpoint c = f.body.getCheckpoint();
    long n = c.getSequence();
    if (n <= 0
        || n % config.checkpointInterval() != 0
        || !c.hasStateDigest()
        || c.getStateDigest().getValue().size() != Hash.SIZE) {
      reject(Rejection.MALFORMED, out);
      return;
    }
    if (n <= stable.sequence()) {
      reject(Rejection.STALE, out);
      return;
    }
    Hash d = Hash.of(c.getStateDigest().getValue().toByteArray());
    if (n > stable.sequence() + config.watermarkWindow()) {
      // Beyond the window, keep only each replica's latest, so memory stays bounded.
      for (Map<Integer, Vote> votes :
          checkpointVotes.tailMap(stable.sequence() + config.watermarkWindow(), false).values()) {
        votes.remove(f.sender());
      }
      checkpointVotes.values().removeIf(Map::isEmpty);
    }
    Map<Integer, Vote> votes = checkpointVotes.computeIfAbsent(n, k -> new HashMap<>());
    if (votes.putIfAbsent(f.sender(), new Vote(d, f.raw)) != null) {
      reject(Rejection.STALE, out);
      return;
    }
    checkStable(n, out);
  }

  private void checkStable(long n, List<Action> out) {
    Map<Integer, Vote> votes = checkpointVotes.get(n);
    if (votes == null || n <= stable.sequence()) {
      return;
    }
    Map<Hash, List<Bytes>> byDigest = new HashMap<>();
    for (int i = 0; i < config.size(); i++) {
      Vote v = votes.get(i);
      if (v != null) {
        byDigest.computeIfAbsent(v.digest(), k -> new ArrayList<>()).add(v.frame());
      }
    }
    for (Map.Entry<Hash, List<Bytes>> e : byDigest.entrySet()) {
      if (e.getValue().size() < config.quorum()) {
        continue;
      }
      CheckpointCertificate cert = new CheckpointCertificate(n, e.getKey(), e.getValue());
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
  private void noteAhead(CheckpointCertificate cert, List<Action> out) {
    if (fetchTarget == null || cert.sequence() > fetchTarget.sequence()) {
      fetchTarget = cert;
    }
    if (cert.sequence() > stable.sequence() + config.watermarkWindow()
        || ownSnapshots.containsKey(cert.sequence())) {
      fetch(out);
    }
  }

  private void makeStable(CheckpointCertificate cert, Bytes snapshot, List<Action> out) {
    long n = cert.sequence();
    stable = cert;
    stableSnapshot = snapshot;
    slots.headMap(n, true).clear();
    checkpointVotes.headMap(n, true).clear();
    ownSnapshots.headMap(n, true).clear();
    ownCheckpoints.headMap(n, false).clear();
    uploads.headMap(n, true).clear();
    uploadCertificates.headMap(n, true).clear();
    settled.headSet(n, true).clear();
    ownUploads.headMap(n, true).clear();
    ownUploadProtos.headMap(n, true).clear();
    if (fetchTarget != null && fetchTarget.sequence() <= n) {
      fetchTarget = null;
    }
    store.saveStable(stateTransfer(cert, snapshot, List.of()), n);
    seqNext = Math.max(seqNext, n);
    propose(out);
  }

  private static PbftProto.PbftStateTransfer stateTransfer(
      CheckpointCertificate cert, Bytes snapshot, List<List<SignedUpload>> log) {
    PbftProto.PbftStateTransfer.Builder b =
        PbftProto.PbftStateTransfer.newBuilder()
            .setCheckpoint(cert.toProto())
            .setSnapshot(Codec.bs(snapshot));
    for (List<SignedUpload> certificate : log) {
      PbftProto.PbftUploadCertificate.Builder c = PbftProto.PbftUploadCertificate.newBuilder();
      for (SignedUpload su : certificate) {
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
        authored(
            PbftProto.PbftBody.newBuilder()
                .setFetchState(
                    PbftProto.PbftFetchState.newBuilder().setLastExecuted(lastExecuted)));
    int target = Math.floorMod(fetchRotation++, config.size() - 1);
    if (target >= index) {
      target++;
    }
    out.add(new Action.Send(config.node(target), f.raw));
  }

  private void onFetchState(Frame f, List<Action> out) {
    if (!authenticReplica(f)) {
      reject(
          f.sender() >= config.size() || f.sender() == index
              ? Rejection.UNKNOWN_SENDER
              : Rejection.BAD_AUTHENTICATOR,
          out);
      return;
    }
    long theirs = f.body.getFetchState().getLastExecuted();
    if (theirs < 0 || theirs >= lastExecuted) {
      reject(Rejection.STALE, out);
      return;
    }
    if (servedThisTick.get(f.sender())) {
      // One answer per requester per retransmission interval: snapshots are large.
      reject(Rejection.RATE_LIMITED, out);
      return;
    }
    servedThisTick.set(f.sender());
    // The snapshot only when they are below the stable checkpoint; the logs after it either way.
    boolean withSnapshot = theirs < stable.sequence();
    long from = withSnapshot ? stable.sequence() + 1 : theirs + 1;
    List<List<SignedUpload>> log = new ArrayList<>();
    long bytes = withSnapshot ? stableSnapshot.size() : 0;
    for (long n = from; n <= lastExecuted; n++) {
      List<SignedUpload> c = certificateToServe(n, out);
      if (c == null) {
        break;
      }
      for (SignedUpload su : c) {
        bytes += su.frame().size();
      }
      if (bytes > config.maxMessageBytes() / 2) {
        break;
      }
      log.add(c);
    }
    if (!withSnapshot && log.isEmpty()) {
      reject(Rejection.STALE, out);
      return;
    }
    PbftProto.PbftStateTransfer.Builder st =
        withSnapshot
            ? stateTransfer(stable, stableSnapshot, log).toBuilder()
            : stateTransfer(stable, Bytes.EMPTY, log).toBuilder().clearCheckpoint().clearSnapshot();
    Frame reply = authored(PbftProto.PbftBody.newBuilder().setStateTransfer(st));
    out.add(new Action.Send(config.node(f.sender()), reply.raw));
  }

  private void onStateTransfer(Frame f, List<Action> out) {
    if (!authenticReplica(f)) {
      reject(
          f.sender() >= config.size() || f.sender() == index
              ? Rejection.UNKNOWN_SENDER
              : Rejection.BAD_AUTHENTICATOR,
          out);
      return;
    }
    PbftProto.PbftStateTransfer st = f.body.getStateTransfer();
    CheckpointCertificate cert = null;
    Bytes snapshotBytes = Codec.bytes(st.getSnapshot());
    List<Upload> logs = new ArrayList<>();
    List<List<SignedUpload>> certs = new ArrayList<>();
    try {
      long n;
      if (st.hasCheckpoint()) {
        cert = CheckpointCertificate.verify(st.getCheckpoint(), config, verifiers);
        if (!Digests.snapshot(snapshotBytes).equals(cert.stateDigest())) {
          reject(Rejection.DIGEST_MISMATCH, out);
          return;
        }
        decodeClients(parseSnapshot(snapshotBytes));
        n = cert.sequence();
      } else {
        n = lastExecuted;
      }
      if (st.getLogCount() > config.watermarkWindow()) {
        throw new InvalidPbftMessageException(
            InvalidPbftMessageException.Reason.INVALID_VALUE, "too many logs");
      }
      for (PbftProto.PbftUploadCertificate c : st.getLogList()) {
        n++;
        if (c.getUploadsCount() > config.size()) {
          throw new InvalidPbftMessageException(
              InvalidPbftMessageException.Reason.INVALID_VALUE, "too many uploads");
        }
        List<SignedUpload> list = new ArrayList<>();
        for (ByteString raw : c.getUploadsList()) {
          list.add(SignedUpload.decode(Codec.bytes(raw), verifiers, config.maxMessageBytes()));
        }
        logs.add(UploadCertificate.check(config, verifiers, n, list));
        certs.add(List.copyOf(list));
      }
    } catch (InvalidPbftMessageException e) {
      reject(Rejection.BAD_CERTIFICATE, out);
      return;
    }
    long first = cert != null ? cert.sequence() : lastExecuted;
    if (first + logs.size() <= lastExecuted) {
      reject(Rejection.STALE, out);
      return;
    }
    if (cert != null && cert.sequence() > lastExecuted) {
      try {
        installSnapshot(snapshotBytes);
      } catch (InvalidPbftMessageException | IllegalArgumentException e) {
        reject(Rejection.BAD_CERTIFICATE, out);
        return;
      }
      lastExecuted = cert.sequence();
      makeStable(cert, snapshotBytes, out);
    }
    for (int i = 0; i < logs.size(); i++) {
      long n = first + 1 + i;
      uploadCertificates.putIfAbsent(n, certs.get(i));
    }
    catchUp(out);
  }

  /** Executes the logs this replica holds certificates for but did not commit itself. */
  private void catchUp(List<Action> out) {
    boolean progress = false;
    List<SignedUpload> c;
    while ((c = uploadCertificates.get(lastExecuted + 1)) != null) {
      execute(lastExecuted + 1, c.get(0).upload().operations(), null, Mode.TRANSFER, out);
      progress = true;
    }
    if (progress) {
      seqNext = Math.max(seqNext, lastExecuted);
      executeReady(out);
    }
  }

  // ---------------------------------------------------------------- view change

  private void startViewChange(long newView, List<Action> out) {
    view = newView;
    active = false;
    viewChangeAttempts++;
    myNewView = null;
    inFlight.clear();
    unproposed.clear();
    unproposed.addAll(pending.keySet());
    unproposedBytes = pendingBytes;
    requestTimerArmed = false;
    disarm(TimerKind.REQUEST);
    store.saveView(view, false);
    viewChanges.values().removeIf(vc -> vc.newView() < view);
    sendViewChange(out);
    arm(TimerKind.VIEW_CHANGE, backoff(), out);
    tryNewView(out);
  }

  /**
   * The view change to {@code view} did not complete in time. If others are already in a later view
   * change, move up to the nearest of them (one hop per timeout, so a faulty replica announcing a
   * huge view gains nothing) so that the replicas meet; else, if 2f + 1 replicas are in this one
   * (so its primary failed), move to the next view; else stay and resend, since a replica that ran
   * ahead alone must let the others catch up rather than run further.
   */
  private void viewChangeTimedOut(List<Action> out) {
    long higher = Long.MAX_VALUE;
    int here = 0;
    for (ViewChange vc : viewChanges.values()) {
      if (vc.sender() != index && vc.newView() > view && vc.newView() < higher) {
        higher = vc.newView();
      }
      if (vc.newView() == view) {
        here++;
      }
    }
    if (higher != Long.MAX_VALUE) {
      startViewChange(higher, out);
    } else if (here >= config.quorum()) {
      startViewChange(view + 1, out);
    } else {
      viewChangeAttempts++;
      broadcast(myViewChange, out);
      arm(TimerKind.VIEW_CHANGE, backoff(), out);
    }
  }

  private Duration backoff() {
    return config
        .requestTimeout()
        .multipliedBy(1L << Math.min(viewChangeAttempts, MAX_BACKOFF_DOUBLINGS));
  }

  private void sendViewChange(List<Action> out) {
    List<SlotClaim> prepared = new ArrayList<>();
    List<SlotClaim> prePrepared = new ArrayList<>();
    Map<Hash, List<Bytes>> batches = new HashMap<>();
    for (Map.Entry<Long, Slot> e : slots.entrySet()) {
      Slot s = e.getValue();
      if (s.pView >= 0 && s.pView < view) {
        prepared.add(new SlotClaim(e.getKey(), s.pDigest, s.pView));
        batches.put(s.pDigest, s.pFrames);
      }
      for (Map.Entry<Hash, Long> q : s.q.entrySet()) {
        if (q.getValue() < view) {
          prePrepared.add(new SlotClaim(e.getKey(), q.getKey(), q.getValue()));
        }
      }
    }
    Frame f =
        signed(
            PbftProto.PbftBody.newBuilder()
                .setViewChange(
                    ViewChange.body(index, view, stable, prepared, prePrepared, batches)
                        .getViewChange()
                        .toBuilder()));
    myViewChange = f.raw;
    try {
      viewChanges.put(index, ViewChange.verify(f, config, verifiers));
    } catch (InvalidPbftMessageException e) {
      throw new IllegalStateException("own view change does not verify", e);
    }
    broadcast(f.raw, out);
  }

  private void onViewChange(Frame f, List<Action> out) {
    if (f.sender() >= config.size() || f.sender() == index) {
      reject(Rejection.UNKNOWN_SENDER, out);
      return;
    }
    long v = f.body.getViewChange().getNewView();
    ViewChange existing = viewChanges.get(f.sender());
    if (v < view || (v == view && active) || (existing != null && existing.newView() >= v)) {
      reject(Rejection.STALE, out);
      return;
    }
    ViewChange vc;
    try {
      vc = ViewChange.verify(f, config, verifiers);
    } catch (InvalidPbftMessageException e) {
      reject(
          e.reason() == InvalidPbftMessageException.Reason.BAD_AUTHENTICATOR
              ? Rejection.BAD_AUTHENTICATOR
              : Rejection.BAD_CERTIFICATE,
          out);
      return;
    }
    viewChanges.put(f.sender(), vc);
    if (vc.stable().sequence() > lastExecuted) {
      noteAhead(vc.stable(), out);
    }
    // Join a view change that f + 1 others started: at least one of them is correct.
    List<Long> higher = new ArrayList<>();
    for (ViewChange m : viewChanges.values()) {
      if (m.sender() != index && (m.newView() > view || (m.newView() == view && active))) {
        higher.add(m.newView());
      }
    }
    if (higher.size() >= config.f() + 1) {
      higher.sort(java.util.Comparator.reverseOrder());
      long target = higher.get(config.f());
      if (target > view || active) {
        startViewChange(Math.max(target, active ? view + 1 : view), out);
        return;
      }
    }
    tryNewView(out);
  }

  private void tryNewView(List<Action> out) {
    if (active || config.primary(view) != index || myNewView != null) {
      return;
    }
    List<ViewChange> s = new ArrayList<>();
    for (int i = 0; i < config.size(); i++) {
      ViewChange vc = viewChanges.get(i);
      if (vc != null && vc.newView() == view) {
        s.add(vc);
      }
    }
    Optional<ViewChange.Plan> plan = ViewChange.decide(config, s);
    if (plan.isEmpty()) {
      return;
    }
    PbftProto.PbftNewView.Builder nv = PbftProto.PbftNewView.newBuilder().setView(view);
    for (ViewChange vc : s) {
      nv.addViewChanges(Codec.bs(vc.frame()));
    }
    for (ViewChange.Proposal p : plan.get().proposals()) {
      nv.addPrePrepares(prePrepareProto(view, p.sequence(), p.digest(), p.requests()));
    }
    Frame f = signed(PbftProto.PbftBody.newBuilder().setNewView(nv));
    myNewView = f.raw;
    newViewResends = 10;
    broadcast(f.raw, out);
    enterView(plan.get(), out);
  }

  private void onNewView(Frame f, List<Action> out) {
    PbftProto.PbftNewView nv = f.body.getNewView();
    long v = nv.getView();
    if (f.sender() >= config.size() || f.sender() != config.primary(v) || f.sender() == index) {
      reject(Rejection.UNKNOWN_SENDER, out);
      return;
    }
    if (v < view || (v == view && active) || v < 1) {
      reject(Rejection.STALE, out);
      return;
    }
    if (!f.verifySignature(verifiers.replica(f.sender()))) {
      reject(Rejection.BAD_AUTHENTICATOR, out);
      return;
    }
    List<ViewChange> s = new ArrayList<>();
    BitSet senders = new BitSet();
    try {
      for (ByteString raw : nv.getViewChangesList()) {
        ViewChange vc =
            ViewChange.verify(
                Frame.parse(Codec.bytes(raw), config.maxMessageBytes()), config, verifiers);
        if (vc.newView() != v || senders.get(vc.sender())) {
          throw new InvalidPbftMessageException(
              InvalidPbftMessageException.Reason.BAD_CERTIFICATE, "view change set");
        }
        senders.set(vc.sender());
        s.add(vc);
      }
    } catch (InvalidPbftMessageException e) {
      reject(Rejection.BAD_CERTIFICATE, out);
      return;
    }
    Optional<ViewChange.Plan> plan = ViewChange.decide(config, s);
    if (plan.isEmpty() || plan.get().proposals().size() != nv.getPrePreparesCount()) {
      reject(Rejection.BAD_CERTIFICATE, out);
      return;
    }
    for (int i = 0; i < nv.getPrePreparesCount(); i++) {
      PbftProto.PbftPrePrepare pp = nv.getPrePrepares(i);
      ViewChange.Proposal p = plan.get().proposals().get(i);
      if (pp.getView() != v
          || pp.getSequence() != p.sequence()
          || !pp.getDigest().getValue().equals(ByteString.copyFrom(p.digest().toByteArray()))
          || !bytesList(pp.getRequestsList()).equals(p.requests())) {
        reject(Rejection.BAD_CERTIFICATE, out);
        return;
      }
    }
    view = v;
    viewChanges.values().removeIf(vc -> vc.newView() < view);
    enterView(plan.get(), out);
  }

  private void enterView(ViewChange.Plan plan, List<Action> out) {
    List<List<Request>> batches = new ArrayList<>();
    for (ViewChange.Proposal p : plan.proposals()) {
      batches.add(parseBatchUnchecked(p.requests()));
    }
    active = true;
    viewChangeAttempts = 0;
    store.saveView(view, true);
    disarm(TimerKind.VIEW_CHANGE);
    CheckpointCertificate cert = plan.stable();
    if (cert.sequence() > stable.sequence()) {
      Bytes mine = ownSnapshots.get(cert.sequence());
      if (mine != null && Digests.snapshot(mine).equals(cert.stateDigest())) {
        makeStable(cert, mine, out);
      } else if (cert.sequence() > lastExecuted) {
        fetchTarget = cert;
        fetch(out);
      }
    }
    long last = Math.max(stable.sequence(), lastExecuted);
    boolean primary = config.primary(view) == index;
    for (int i = 0; i < plan.proposals().size(); i++) {
      ViewChange.Proposal p = plan.proposals().get(i);
      long n = p.sequence();
      last = Math.max(last, n);
      if (!inWindow(n)) {
        continue;
      }
      Slot s = slot(n);
      accept(s, n, view, p.digest(), batches.get(i), p.requests(), null, null);
      for (Request r : batches.get(i)) {
        proposed(new RequestKey(ClientKey.of(r.client()), r.timestamp()));
      }
      if (!primary) {
        sendPrepare(n, s, out);
      }
      checkPrepared(n, s, out);
    }
    seqNext = last;
    if (primary) {
      propose(out);
    } else {
      for (Request r : pending.values()) {
        out.add(new Action.Send(config.node(config.primary(view)), r.frame()));
      }
    }
    requestTimerArmed = false;
    armRequestTimer(out);
  }

  // ---------------------------------------------------------------- retransmission

  private void retransmit(List<Action> out) {
    arm(TimerKind.RETRANSMIT, config.retransmitInterval(), out);
    servedThisTick.clear();
    if (active) {
      int sent = 0;
      for (Map.Entry<Long, Slot> e : slots.tailMap(lastExecuted, false).entrySet()) {
        Slot s = e.getValue();
        if (s.ppView != view || sent++ >= RETRANSMIT_SLOTS) {
          continue;
        }
        if (s.ppFrame != null) {
          broadcast(s.ppFrame, out);
        }
        if (s.myPrepare != null) {
          broadcast(s.myPrepare, out);
        }
        if (s.myCommit != null) {
          broadcast(s.myCommit, out);
        }
      }
      if (myNewView != null && (sent > 0 || newViewResends > 0)) {
        newViewResends--;
        broadcast(myNewView, out);
      }
    } else if (myViewChange != null) {
      broadcast(myViewChange, out);
    }
    if (!ownCheckpoints.isEmpty()) {
      broadcast(ownCheckpoints.lastEntry().getValue(), out);
    }
    int uploadsSent = 0;
    for (Map.Entry<Long, SignedUpload> e : ownUploads.entrySet()) {
      if (!certified(e.getKey()) && uploadsSent++ < RETRANSMIT_SLOTS) {
        broadcast(e.getValue().frame(), out);
      }
    }
    boolean behind =
        (fetchTarget != null && fetchTarget.sequence() > lastExecuted)
            || !slots.tailMap(lastExecuted, false).isEmpty()
            || !uploads.tailMap(lastExecuted, false).isEmpty()
            || !uploadCertificates.tailMap(lastExecuted, false).isEmpty();
    if (fetchTarget != null && fetchTarget.sequence() <= lastExecuted) {
      fetchTarget = null;
    }
    if (behind && lastExecuted == executedAtLastTick) {
      fetch(out);
    }
    executedAtLastTick = lastExecuted;
  }
}
