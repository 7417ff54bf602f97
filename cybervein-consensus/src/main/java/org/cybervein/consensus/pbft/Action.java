package org.cybervein.consensus.pbft;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;

/**
 * What a PBFT core asks its host to do after an event: the "actions out" of a pure core. The host
 * performs them in order.
 */
public sealed interface Action {
  /**
   * Send {@code message} to {@code to}.
   *
   * @param to the receiver
   * @param message the encoded frame
   */
  record Send(NodeId to, Bytes message) implements Action {
    /**
     * Rejects null parts.
     *
     * @param to the receiver
     * @param message the encoded frame
     */
    public Send {
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * Arm timer {@code kind} to fire after {@code delay}, replacing the previous timer of that kind;
   * when it fires, call the core's {@code onTimer(kind, token)}. The core ignores a token that is
   * no longer current, so the host never needs to cancel.
   *
   * @param kind which timer
   * @param token identifies this arming
   * @param delay when it fires
   */
  record SetTimer(TimerKind kind, long token, Duration delay) implements Action {
    /**
     * Rejects null parts and a negative delay.
     *
     * @param kind which timer
     * @param token identifies this arming
     * @param delay when it fires
     */
    public SetTimer {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(delay, "delay");
      if (delay.isNegative()) {
        throw new IllegalArgumentException("negative delay");
      }
    }
  }

  /**
   * A replica executed log {@code sequence}; for observers and invariants, no host duty.
   *
   * @param sequence n
   * @param view the view in which it committed, as far as this replica knows
   * @param operations the operations in execution order
   * @param results their results, same order
   */
  record Executed(long sequence, long view, List<LoggedOperation> operations, List<Bytes> results)
      implements Action {
    /**
     * Copies the lists.
     *
     * @param sequence n
     * @param view the view in which it committed, as far as this replica knows
     * @param operations the operations in execution order
     * @param results their results, same order
     */
    public Executed {
      operations = List.copyOf(operations);
      results = List.copyOf(results);
    }
  }

  /**
   * Offer log {@code sequence} to the database's contract: the replica executed log n and holds f +
   * 1 signed UPLOADs {@code <n, d>} equal to its own, every signature checked, and has not been
   * told that the contract holds the log. The host calls {@link LogContract#insert} (or submits the
   * insertion however it reaches the contract) and reports the outcome with {@link
   * Replica#onInsertion}; until it does, the replica offers the log again at each retransmission
   * interval, so an insertion lost on its way still lands. The core never calls the contract
   * itself.
   *
   * @param sequence n
   * @param uploads f + 1 signed UPLOADs from distinct replicas with equal content for n
   * @param log the encoded {@code PbftLog} of log n, whose digest the uploads sign
   */
  record InsertLog(SequenceNumber sequence, List<SignedUpload> uploads, Bytes log)
      implements Action {
    /**
     * Rejects null parts and copies the list.
     *
     * @param sequence n, the sequence number of the log to insert
     * @param uploads f + 1 signed UPLOADs from distinct replicas with equal content for n; copied
     * @param log the encoded {@code PbftLog} of log n, whose digest the uploads sign
     * @throws NullPointerException if a part is null
     */
    public InsertLog {
      Objects.requireNonNull(sequence, "sequence");
      Objects.requireNonNull(log, "log");
      uploads = List.copyOf(uploads);
    }
  }

  /**
   * A client's request completed: f + 1 replicas (2f + 1 for a read-only one) sent this result.
   *
   * @param timestamp the request's t
   * @param result r
   */
  record Completed(long timestamp, Bytes result) implements Action {
    /**
     * Rejects a null result.
     *
     * @param timestamp the request's t
     * @param result r
     */
    public Completed {
      Objects.requireNonNull(result, "result");
    }
  }
}
