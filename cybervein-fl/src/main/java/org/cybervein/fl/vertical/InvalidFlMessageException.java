package org.cybervein.fl.vertical;

import java.util.Objects;

/**
 * Thrown when bytes received from another party do not decode to a valid vertical-training message.
 * The decoder that throws it has changed no state; a party drops such a message.
 */
public final class InvalidFlMessageException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the message was rejected. */
  public enum Reason {
    /** The bytes do not parse as an {@code FlMessage}. */
    MALFORMED,
    /** A required field is absent or the body is unset. */
    MISSING_FIELD,
    /** A ciphertext or plaintext is out of range for the session's key. */
    INVALID_VALUE,
    /** A field is larger than the format allows. */
    OVERSIZED,
    /** A vector has another length than the batch needs. */
    WRONG_LENGTH,
    /** The public key names a suite this party does not use. */
    UNKNOWN_SUITE
  }

  private final Reason reason;

  /** Creates an exception with a reason and a message for people. */
  public InvalidFlMessageException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Creates an exception that keeps the parser's exception as its cause. */
  public InvalidFlMessageException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Why the message was rejected. */
  public Reason reason() {
    return reason;
  }
}
