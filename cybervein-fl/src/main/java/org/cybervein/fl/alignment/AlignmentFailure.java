package org.cybervein.fl.alignment;

import java.util.Objects;

/**
 * Why Part I ended on this side without a result: the parties run different PSIs (the message says
 * which two), the peer aborted (its reason, cut to {@value #MAX_REASON_CHARS} characters), or the
 * peer stayed silent longer than the timeout the host set. After a failure the party drops every
 * further message.
 *
 * @param reason what went wrong
 * @param message a sentence for a person: names both parties' PSIs on a mismatch
 */
public record AlignmentFailure(Reason reason, String message) {
  /** The longest reason text kept from a peer's abort, in characters. */
  public static final int MAX_REASON_CHARS = 1024;

  /** What went wrong. */
  public enum Reason {
    /**
     * The peer's messages belong to another PSI (another ECDH group, or RSA against ECDH): this
     * side sent the peer an abort naming both.
     */
    PSI_MISMATCH,
    /** The peer sent an abort (e.g. it saw a mismatch, or its own timeout fired). */
    PEER_ABORTED,
    /**
     * Nothing came from the peer for the timeout set with {@code expectPeerWithin} while this side
     * waited for it: this side sent the peer an abort.
     */
    PEER_SILENT
  }

  /**
   * Rejects null fields.
   *
   * @param reason what went wrong
   * @param message a sentence for a person
   */
  public AlignmentFailure {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }
}
