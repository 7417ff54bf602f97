package org.cybervein.consensus.pbft.keyvalue;

import java.util.Objects;

/**
 * Thrown when bytes from outside (a client's operation, a replica's result, a peer's snapshot) do
 * not decode to a valid value of the replicated database. The decoder that throws it has changed no
 * state.
 *
 * <p>{@link #reason()} is for programs; the message is for people.
 */
public final class InvalidDatabaseInputException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the input was rejected. */
  public enum Reason {
    /** More bytes than the format or a limit allows (an operation, a value, a snapshot). */
    OVERSIZED,
    /** The bytes do not parse as the expected protobuf message. */
    MALFORMED,
    /** A required field or choice is absent. */
    MISSING_FIELD,
    /** A field parsed but its value is outside the allowed range or set (an empty key). */
    INVALID_VALUE,
    /** Snapshot entries are not in strictly increasing key order (or repeat a key). */
    UNSORTED
  }

  /** Why the input was rejected; never null. */
  private final Reason reason;

  /**
   * Creates an exception with a reason and a message for people.
   *
   * @param reason the kind of defect, for programs to act on
   * @param message what was wrong, for people
   */
  public InvalidDatabaseInputException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Creates an exception that keeps the parser's exception as its cause.
   *
   * @param reason the kind of defect, for programs to act on
   * @param message what was wrong, for people
   * @param cause the parser's exception
   */
  public InvalidDatabaseInputException(Reason reason, String message, Throwable cause) {
    super(message, cause);
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
