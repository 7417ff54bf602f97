package org.cybervein.consensus.pbft;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.NodeId;
import org.cybervein.api.store.KeyValueStore;
import org.cybervein.consensus.pbft.auth.MacChannel;
import org.cybervein.crypto.InvalidCryptoInputException;

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
 * request's REPLY {@code <v, t, addr, r>} goes to its client, and the executed log n is announced
 * to the other replicas as a signed UPLOAD {@code <n, d>}, d the digest of log n (the whitepaper's
 * UPLOAD {@code <n, t, o>} carried the operations; only their digest is signed here, and the log
 * travels once, in certificates). f + 1 equal UPLOADs for n, with the log, go to the {@link
 * LogContract} as an {@link Action.InsertLog} the host carries out, unless the host reported that
 * the contract holds log n already ({@link #onInsertion}). Requests are deduplicated per client by
 * timestamp: a repeated one gets the cached REPLY.
 *
 * <h2>Beyond the whitepaper</h2>
 *
 * Checkpoints every K sequence numbers, stable with 2f + 1 matching signed CHECKPOINTs, bound the
 * log to the watermarks {@code (h, h + L]} and truncate it. A backup that waits too long for a
 * request to execute starts a view change (see {@link ViewChange} for the decision rule). A replica
 * that learns of a stable checkpoint it has not reached, or holds UPLOADs of logs it has not
 * executed, fetches the snapshot and the logs after it (checked against the checkpoint certificate,
 * and each log against f + 1 signed UPLOADs of its digest) and installs them. Read-only requests
 * are answered at once from the local state.
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
 * ReplicaConfig#maxQueueBytes()} bytes; log slots and votes by the watermark window (one entry per
 * replica per slot); uploads by the window and by {@link ReplicaConfig#maxUploadBytesPerReplica()}
 * bytes per sending replica; checkpoints beyond the window by one per replica; view changes by one
 * per replica; client key caches by a fixed count; every message by {@link
 * ReplicaConfig#maxMessageBytes()}.
 *
 * <h2>Faulty peers</h2>
 *
 * No single replica's message changes what f + 1 or a quorum decides: a replica joins a view change
 * on f + 1 VIEW-CHANGEs for later views (moving to the smallest of them), never on one; a timed out
 * view change moves one view at a time. Nothing a peer sends makes a replica throw, however many
 * peers are faulty: batches in a VIEW-CHANGE are decoded before it is accepted, and view numbers
 * are bounded on the wire so no arithmetic on them overflows.
 *
 * <h2>Structure</h2>
 *
 * This class is the entry point and dispatcher; the protocol lives in one package-private class per
 * phase, each holding the state it owns: {@code NormalCasePhase} (requests, batching, agreement,
 * execution, replies), {@code CheckpointPhase} (checkpoints and state transfer), {@code
 * ViewChangePhase} (view change, new view, their timers) and {@code UploadPhase} (signed uploads,
 * certificates, contract insertion), over the shared {@code ReplicaState}.
 *
 * <h2>Logging</h2>
 *
 * Through SLF4J under this class's name: view changes started and completed at INFO, messages
 * refused from peers at DEBUG with the reason (also counted in {@link #rejections()}), a
 * certificate the contract refused at WARN; nothing per message above DEBUG.
 *
 * <p>Not thread-safe; a host serializes calls.
 */
public final class Replica {
  private final ReplicaState state;
  private final NormalCasePhase normal;
  private final CheckpointPhase checkpoints;
  private final ViewChangePhase viewChanges;
  private final UploadPhase uploads;

  /**
   * A replica, recovered from {@code store}: on first start it records the machine's state as the
   * genesis checkpoint; after a restart it restores the stable checkpoint, replays the executed
   * logs after it and resumes its saved view and slots.
   *
   * @param config the group, equal at every member
   * @param index this replica's index in {@code config}
   * @param keys this replica's keys, matching {@code config.replicas().get(index)}
   * @param machine the database; in its genesis state on first start
   * @param store durable state; survives restarts
   * @throws IllegalArgumentException if {@code index} is outside the group, or {@code keys} are not
   *     replica {@code index}'s
   */
  public Replica(
      ReplicaConfig config, int index, NodeKeys keys, StateMachine machine, KeyValueStore store) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(machine, "machine");
    Objects.requireNonNull(store, "store");
    if (index < 0 || index >= config.size()) {
      throw new IllegalArgumentException("index " + index + " outside the group");
    }
    if (!config.replicas().get(index).signingKey().equals(keys.signingKey().publicKey())
        || !config.replicas().get(index).agreementKey().equals(keys.agreementKey().publicKey())) {
      throw new IllegalArgumentException("keys do not match replica " + index);
    }
    List<MacChannel> channels = new ArrayList<>();
    for (int i = 0; i < config.size(); i++) {
      try {
        channels.add(
            i == index
                ? null
                : MacChannel.agree(keys.agreementKey(), config.replicas().get(i).agreementKey()));
      } catch (InvalidCryptoInputException e) {
        throw new IllegalArgumentException("bad agreement key of replica " + i, e);
      }
    }
    this.state =
        new ReplicaState(
            config,
            index,
            keys,
            machine,
            new ReplicaStore(store),
            Collections.unmodifiableList(channels));
    this.normal = new NormalCasePhase(state);
    this.checkpoints = new CheckpointPhase(state);
    this.viewChanges = new ViewChangePhase(state);
    this.uploads = new UploadPhase(state);
    normal.connect(uploads, checkpoints);
    checkpoints.connect(normal, uploads);
    viewChanges.connect(normal, checkpoints);
    uploads.connect(normal);
    // The order matters: the logs replay in view 0 from the stable checkpoint, then the saved
    // view and the slots of the open window come back.
    checkpoints.recoverStable();
    normal.replayLogs();
    viewChanges.recoverView();
    normal.restoreSlots();
  }

  // ---------------------------------------------------------------- events

  /**
   * The first actions after construction: the retransmission timer, a pending VIEW-CHANGE.
   *
   * @return the actions for the host to perform, in order
   */
  public List<Action> start() {
    List<Action> out = new ArrayList<>();
    state.arm(TimerKind.RETRANSMIT, state.config.retransmitInterval(), out);
    if (!state.active) {
      viewChanges.resume(out);
    }
    return out;
  }

  /**
   * A message arrived; {@code from} is the transport's claim and authenticates nothing.
   *
   * @param from who the transport says sent it
   * @param message the encoded frame
   * @return the actions for the host to perform, in order
   * @throws NullPointerException if {@code message} is null
   */
  public List<Action> onMessage(NodeId from, Bytes message) {
    Objects.requireNonNull(message, "message");
    List<Action> out = new ArrayList<>();
    Frame f;
    try {
      f = Frame.parse(message, state.config.maxMessageBytes());
    } catch (InvalidPbftMessageException e) {
      state.handling(from, null);
      return state.reject(Rejection.MALFORMED, out);
    }
    state.handling(from, f.body.getKindCase());
    switch (f.body.getKindCase()) {
      case REQUEST -> normal.onRequest(f, out);
      case PRE_PREPARE -> normal.onPrePrepare(f, out);
      case PREPARE -> normal.onPrepare(f, out);
      case COMMIT -> normal.onCommit(f, out);
      case CHECKPOINT -> checkpoints.onCheckpoint(f, out);
      case UPLOAD -> uploads.onUpload(f, out);
      case VIEW_CHANGE -> viewChanges.onViewChange(f, out);
      case NEW_VIEW -> viewChanges.onNewView(f, out);
      case FETCH_STATE -> checkpoints.onFetchState(f, out);
      case STATE_TRANSFER -> checkpoints.onStateTransfer(f, out);
      default -> state.reject(Rejection.UNEXPECTED_KIND, out);
    }
    return out;
  }

  /**
   * A timer fired; stale tokens are ignored.
   *
   * @param kind which timer
   * @param token the token of its {@link Action.SetTimer}
   * @return the actions for the host to perform, in order
   */
  public List<Action> onTimer(TimerKind kind, long token) {
    List<Action> out = new ArrayList<>();
    if (!state.isCurrent(kind, token)) {
      return out;
    }
    state.handling(null, null);
    switch (kind) {
      case REQUEST -> {
        normal.requestTimerFired();
        // The primary times out too: if its own proposals cannot complete (backups moved on, or
        // it lost its votes in a crash), giving the view up is the only way forward.
        if (state.active && normal.hasPending()) {
          viewChanges.start(state.view.next(), out);
        }
      }
      case VIEW_CHANGE -> {
        if (!state.active) {
          viewChanges.timedOut(out);
        }
      }
      case RETRANSMIT -> retransmit(out);
      default -> {}
    }
    return out;
  }

  /**
   * The host's report on log {@code sequence} in the database's contract: the outcome of carrying
   * out an {@link Action.InsertLog}, or {@link LogContract.Outcome#ALREADY_PRESENT} when the host
   * learns by other means that the contract holds the log (another member inserted it). A replica
   * told that the contract holds a log offers it no more and settles its uploads without checking
   * their signatures; one told of a refusal stops offering that certificate. A replica never told
   * offers the certificate again at each retransmission interval while the log is above the stable
   * checkpoint.
   *
   * @param sequence n
   * @param outcome what the contract did or holds
   * @return the actions for the host to perform, in order (none at present)
   * @throws NullPointerException if an argument is null
   */
  public List<Action> onInsertion(SequenceNumber sequence, LogContract.Outcome outcome) {
    Objects.requireNonNull(sequence, "sequence");
    Objects.requireNonNull(outcome, "outcome");
    uploads.onInsertion(sequence, outcome);
    return new ArrayList<>();
  }

  private void retransmit(List<Action> out) {
    state.arm(TimerKind.RETRANSMIT, state.config.retransmitInterval(), out);
    checkpoints.newInterval();
    if (state.active) {
      viewChanges.resendNewView(normal.retransmit(out), out);
    } else {
      viewChanges.resendViewChange(out);
    }
    checkpoints.resendCheckpoint(out);
    uploads.retransmit(out);
    checkpoints.fetchIfStuck(normal.hasOpenSlotsAhead() || uploads.hasLogsAhead(), out);
  }

  // ---------------------------------------------------------------- observations

  /**
   * This replica's index.
   *
   * @return its index in the configuration
   */
  public int index() {
    return state.index;
  }

  /**
   * The current view v (the one being changed to, during a view change).
   *
   * @return v
   */
  public long view() {
    return state.view.value();
  }

  /**
   * False while a view change is in progress.
   *
   * @return whether the replica takes part in the normal case
   */
  public boolean isActive() {
    return state.active;
  }

  /**
   * True if this replica is the primary of its current view.
   *
   * @return whether {@code view mod |R|} is this replica
   */
  public boolean isPrimary() {
    return state.isPrimary();
  }

  /**
   * The last executed sequence number.
   *
   * @return n of the last log executed
   */
  public long lastExecuted() {
    return state.lastExecuted.value();
  }

  /**
   * The stable checkpoint h, the low watermark.
   *
   * @return h
   */
  public long stableCheckpoint() {
    return state.stable.sequence();
  }

  /**
   * The state machine's digest.
   *
   * @return the digest of the database's state
   */
  public Hash stateDigest() {
    return state.machine.digest();
  }

  /**
   * Bytes of requests waiting to be ordered.
   *
   * @return the queue's size in bytes
   */
  public long pendingBytes() {
    return normal.pendingBytes();
  }

  /**
   * Log slots held (all within the watermarks).
   *
   * @return how many slots
   */
  public int slotCount() {
    return normal.slotCount();
  }

  /** Bytes of UPLOADs held from replica {@code sender} (tests check the bound with it). */
  long heldUploadBytes(int sender) {
    return uploads.heldBytes(sender);
  }

  /**
   * Rejected messages by reason.
   *
   * @return a copy of the counts
   */
  public Map<Rejection, Long> rejections() {
    return state.rejections();
  }

  /**
   * Checks the replica's internal invariants: slots within the watermarks, executed at or above the
   * stable checkpoint, byte accounting of the queue and of the uploads held per sender.
   *
   * @throws IllegalStateException if one is broken
   */
  public void checkInvariants() {
    normal.checkInvariants();
    uploads.checkInvariants();
    if (state.lastExecuted.isBefore(state.stableSequence())) {
      throw new IllegalStateException(
          "executed " + state.lastExecuted + " below stable " + state.stableSequence());
    }
  }
}
