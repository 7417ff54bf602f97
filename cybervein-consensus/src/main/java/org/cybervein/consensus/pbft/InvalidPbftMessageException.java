package org.cybervein.consensus.pbft;

import java.util.Objects;

/**
 * Thrown when bytes from the network do not decode to a valid, authentic PBFT message, snapshot or
 * certificate. The decoder that throws it has changed no state.
 */
public final class InvalidPbftMessageException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the input was rejected. */
  public enum Reason {
    /** Larger than the configured limit. */
    OVERSIZED,
    /** Not a parseable message of the expected shape. */
    MALFORMED,
    /** A required field is absent. */
    MISSING_FIELD,
    /** A field parsed but its value is out of range. */
    INVALID_VALUE,
    /** The claimed sender is not a member, or not allowed to send this kind. */
    UNKNOWN_SENDER,
    /** The signature or MAC does not verify. */
    BAD_AUTHENTICATOR,
    /** A digest does not match the content it names. */
    DIGEST_MISMATCH,
    /** A certificate lacks a quorum of distinct, matching, valid members. */
    BAD_CERTIFICATE,
    /** Parseable, but not the one canonical encoding of its value (e.g. unknown fields). */
    NON_CANONICAL,
    /** A certificate's message is for another sequence number than the one it certifies. */
    WRONG_SEQUENCE,
    /** Two messages of a certificate come from the same replica. */
    DUPLICATE_SIGNER,
    /** Two messages of a certificate carry different content. */
    CONFLICTING_CONTENT,
    /** A certificate has fewer distinct signers than it needs. */
    TOO_FEW_SIGNERS,
    /** An UPLOAD certificate's log does not hash to the log digest its uploads signed. */
    LOG_MISMATCH
  }

  /** Why the input was rejected; never null. */
  private final Reason reason;

  /**
   * Creates an exception with a reason and a message for people.
   *
   * @param reason the kind of defect, for programs to act on
   * @param message what was wrong, for people
   */
  public InvalidPbftMessageException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Why the input was rejected.
   *
   * @return the reason, never null: programs branch on it, not on the message
   */
  public Reason reason() {
    return reason;
  }
}
