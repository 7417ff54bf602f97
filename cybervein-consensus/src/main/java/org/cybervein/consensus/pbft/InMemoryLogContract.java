package org.cybervein.consensus.pbft;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.cybervein.api.Bytes;

/**
 * The database's smart contract kept in memory: the whitepaper's contract that stores the operation
 * log the member nodes agreed on, for tests, simulations and the demo. The ledger's contract is the
 * durable one.
 *
 * <p><b>What it accepts.</b> Log n is inserted once, when it is offered with a set of signed
 * UPLOADs {@code <n, d>} and the encoded log, in which <em>every</em> upload is valid: its signer
 * is a member of the configuration (index below |R|), appears only once, signed exactly this
 * content with its own key, and the content is for n; the set has at least f + 1 signers; and the
 * log hashes to their d and is log n ({@link UploadCertificateVerifier} checks all of it). At least
 * one of f + 1 distinct members is correct, and a correct member uploads only what it executed
 * after a commit, so such a set proves log n. A set with any bad upload is rejected whole rather
 * than trimmed: the caller sent something wrong and should learn it ({@link #offer} says what).
 *
 * <p><b>Once.</b> The first valid set for n wins; later valid sets for n change nothing. A later
 * valid set with <em>other</em> content for n can only exist if more than f members are faulty; the
 * contract keeps it as evidence in {@link #conflicts()} (simulation tests assert it stays empty).
 *
 * <p><b>Bounded.</b> A contract made with a byte bound ({@link #InMemoryLogContract(ReplicaConfig,
 * long)}) keeps only the newest logs whose operations fit in it (always at least the newest one)
 * and forgets the older ones, so a node that runs for months holds a bounded amount; a log below
 * the oldest one kept counts as held for {@link #contains} and {@link #insert} (it was inserted
 * once and is settled) while {@link #entry} no longer returns it, and a conflicting certificate for
 * it is no longer noticed. The unbounded contract keeps everything, for tests and simulations.
 *
 * <p>Validation happens before any change, and the contract trusts nothing about its caller. Not
 * thread-safe.
 */
public final class InMemoryLogContract implements LogContract {
  /** Why {@link #offer} rejected a set of uploads. */
  public enum Rejection {
    /** The set was empty. */
    NO_UPLOADS,
    /** An upload is for another sequence number than the one offered. */
    WRONG_SEQUENCE,
    /** An upload names a replica index outside the configuration. */
    NOT_A_MEMBER,
    /** Two uploads name the same replica. */
    DUPLICATE_SIGNER,
    /** Two uploads carry different logs. */
    CONFLICTING_CONTENT,
    /**
     * An upload's signature is not its member's signature on exactly its content, or its frame is
     * not a canonical signed UPLOAD.
     */
    FORGED_SIGNATURE,
    /** Fewer than f + 1 distinct members signed. */
    TOO_FEW_SIGNERS,
    /** The log offered does not hash to the log digest the uploads signed. */
    LOG_MISMATCH
  }

  /**
   * The outcome of an {@link #offer}.
   *
   * @param outcome what the contract did
   * @param rejection why, if {@code outcome} is {@link Outcome#REJECTED}
   */
  public record Decision(Outcome outcome, Optional<Rejection> rejection) {
    /**
     * Checks that a rejection comes with a reason and nothing else does.
     *
     * @param outcome what the contract did
     * @param rejection why, if {@code outcome} is {@link Outcome#REJECTED}
     */
    public Decision {
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(rejection, "rejection");
      if ((outcome == Outcome.REJECTED) != rejection.isPresent()) {
        throw new IllegalArgumentException("a reason comes with REJECTED and only with it");
      }
    }

    static Decision rejected(Rejection why) {
      return new Decision(Outcome.REJECTED, Optional.of(why));
    }
  }

  /**
   * Two logs for one sequence number, each with a valid certificate: proof that more than f members
   * are faulty.
   *
   * @param held the log the contract holds
   * @param offered the other one
   */
  public record Conflict(OperationLog held, OperationLog offered) {
    /**
     * Rejects null parts.
     *
     * @param held the log the contract holds
     * @param offered the other one
     */
    public Conflict {
      Objects.requireNonNull(held, "held");
      Objects.requireNonNull(offered, "offered");
    }
  }

  /** What one logged operation costs the bound besides its bytes: client, key and timestamp. */
  static final int OPERATION_OVERHEAD_BYTES = 96;

  private final UploadCertificateVerifier verifier;
  private final long maxBytes;
  private final TreeMap<Long, OperationLog> log = new TreeMap<>();
  private long heldBytes;
  // Every n below it is settled: inserted once and forgotten to honour the bound.
  private long forgottenBelow = 1;
  private final List<Conflict> conflicts = new ArrayList<>();
  private final List<Consumer<OperationLog>> listeners = new ArrayList<>();

  /**
   * An empty contract for the members of {@code config}.
   *
   * @param config the replicas whose signed uploads count
   */
  public InMemoryLogContract(ReplicaConfig config) {
    this(config, Long.MAX_VALUE);
  }

  /**
   * An empty contract for the members of {@code config} that keeps the newest logs within {@code
   * maxBytes} and forgets older ones (see the class comment).
   *
   * @param config the replicas whose signed uploads count
   * @param maxBytes the most bytes of logged operations held (each operation counts its bytes plus
   *     a fixed overhead for its client, key and timestamp); the newest log is kept even if larger
   * @throws IllegalArgumentException if {@code maxBytes} is not positive
   */
  public InMemoryLogContract(ReplicaConfig config, long maxBytes) {
    this.verifier = UploadCertificateVerifier.of(Objects.requireNonNull(config, "config"));
    if (maxBytes < 1) {
      throw new IllegalArgumentException("the byte bound must be positive");
    }
    this.maxBytes = maxBytes;
  }

  /**
   * Registers a listener told of every log as it is inserted, in insertion order.
   *
   * @param listener called with each newly inserted log
   */
  public void addListener(Consumer<OperationLog> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public Outcome insert(long sequence, List<SignedUpload> uploads, Bytes log) {
    return offer(sequence, uploads, log).outcome();
  }

  /**
   * Offers log {@code sequence} with its signed uploads, as {@link #insert} does, and says why a
   * rejected set was rejected.
   *
   * @param sequence the sequence number n
   * @param uploads the signed uploads offered as its certificate
   * @param encodedLog the encoded {@code PbftLog} whose digest the uploads signed
   * @return the outcome and, for a rejection, its reason
   */
  public Decision offer(long sequence, List<SignedUpload> uploads, Bytes encodedLog) {
    Objects.requireNonNull(uploads, "uploads");
    Objects.requireNonNull(encodedLog, "encodedLog");
    UploadCertificateVerifier.Checked checked;
    try {
      checked = check(sequence, uploads, encodedLog);
    } catch (RejectedOffer r) {
      return Decision.rejected(r.rejection);
    }
    OperationLog content = checked.certified().log();
    OperationLog held = log.get(sequence);
    if (held != null) {
      if (!held.equals(content)) {
        conflicts.add(new Conflict(held, content));
      }
      return new Decision(Outcome.ALREADY_PRESENT, Optional.empty());
    }
    if (sequence < forgottenBelow) {
      return new Decision(Outcome.ALREADY_PRESENT, Optional.empty());
    }
    log.put(sequence, content);
    heldBytes += bytes(content);
    while (heldBytes > maxBytes && log.size() > 1) {
      Map.Entry<Long, OperationLog> oldest = log.pollFirstEntry();
      heldBytes -= bytes(oldest.getValue());
      forgottenBelow = oldest.getKey() + 1;
    }
    for (Consumer<OperationLog> listener : List.copyOf(listeners)) {
      listener.accept(content);
    }
    return new Decision(Outcome.INSERTED, Optional.empty());
  }

  /** A refusal of {@link #check}, carrying its reason. */
  private static final class RejectedOffer extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Rejection rejection;

    RejectedOffer(Rejection rejection) {
      super(rejection.name(), null, false, false);
      this.rejection = rejection;
    }
  }

  private UploadCertificateVerifier.Checked check(
      long sequence, List<SignedUpload> uploads, Bytes encodedLog) throws RejectedOffer {
    if (uploads.isEmpty()) {
      throw new RejectedOffer(Rejection.NO_UPLOADS);
    }
    if (sequence < 1) {
      throw new RejectedOffer(Rejection.WRONG_SEQUENCE);
    }
    List<Bytes> frames = new ArrayList<>(uploads.size());
    for (SignedUpload upload : uploads) {
      frames.add(Objects.requireNonNull(upload, "upload").frame());
    }
    UploadCertificateVerifier.Checked checked;
    try {
      checked = verifier.check(sequence, frames, encodedLog);
    } catch (InvalidPbftMessageException e) {
      // An upload that states other content or another replica than its frame carries is as bad
      // as a forged signature, whatever else the frames get wrong.
      throw new RejectedOffer(
          uploads.stream().allMatch(SignedUpload::statesItsFrame)
              ? rejection(e.reason())
              : Rejection.FORGED_SIGNATURE);
    }
    Upload content = checked.certified().upload();
    for (int i = 0; i < uploads.size(); i++) {
      SignedUpload upload = uploads.get(i);
      if (upload.replica() != checked.senders()[i] || !upload.upload().equals(content)) {
        throw new RejectedOffer(Rejection.FORGED_SIGNATURE);
      }
    }
    return checked;
  }

  private static Rejection rejection(InvalidPbftMessageException.Reason reason) {
    return switch (reason) {
      case WRONG_SEQUENCE -> Rejection.WRONG_SEQUENCE;
      case UNKNOWN_SENDER -> Rejection.NOT_A_MEMBER;
      case DUPLICATE_SIGNER -> Rejection.DUPLICATE_SIGNER;
      case CONFLICTING_CONTENT -> Rejection.CONFLICTING_CONTENT;
      case TOO_FEW_SIGNERS -> Rejection.TOO_FEW_SIGNERS;
      case LOG_MISMATCH -> Rejection.LOG_MISMATCH;
      default -> Rejection.FORGED_SIGNATURE;
    };
  }

  private static long bytes(OperationLog upload) {
    long total = 0;
    for (LoggedOperation op : upload.operations()) {
      total += op.operation().size() + OPERATION_OVERHEAD_BYTES;
    }
    return total;
  }

  /**
   * True if log {@code sequence} is held, or was held and forgotten to honour the byte bound.
   *
   * @param sequence the sequence number n
   * @return true if the contract holds log n or n lies below the oldest log kept
   */
  @Override
  public boolean contains(long sequence) {
    return (sequence >= 1 && sequence < forgottenBelow) || log.containsKey(sequence);
  }

  /**
   * The bytes the logs held count against the bound.
   *
   * @return the sum over held logs of each operation's bytes plus its fixed overhead
   */
  public long heldBytes() {
    return heldBytes;
  }

  @Override
  public Optional<OperationLog> entry(long sequence) {
    return Optional.ofNullable(log.get(sequence));
  }

  /**
   * Every log held, by sequence number.
   *
   * @return a copy of the logs
   */
  public SortedMap<Long, OperationLog> entries() {
    return Collections.unmodifiableSortedMap(new TreeMap<>(log));
  }

  /**
   * The logs held with sequence numbers from {@code from} to {@code to}, both inclusive.
   *
   * @param from the first sequence number
   * @param to the last sequence number
   * @return a copy of the logs in that range, empty if {@code to < from}
   */
  public SortedMap<Long, OperationLog> entries(long from, long to) {
    if (to < from) {
      return Collections.emptySortedMap();
    }
    return Collections.unmodifiableSortedMap(new TreeMap<>(log.subMap(from, true, to, true)));
  }

  /**
   * The highest sequence number held, if any.
   *
   * @return the highest sequence number, or empty if no log is held
   */
  public Optional<Long> highest() {
    return log.isEmpty() ? Optional.empty() : Optional.of(log.lastKey());
  }

  /**
   * The number of logs held.
   *
   * @return the count of held logs
   */
  public int size() {
    return log.size();
  }

  /**
   * Valid certificates for a held n with other content; empty unless more than f are faulty.
   *
   * @return the conflicting certificates seen
   */
  public List<Conflict> conflicts() {
    return List.copyOf(conflicts);
  }
}
