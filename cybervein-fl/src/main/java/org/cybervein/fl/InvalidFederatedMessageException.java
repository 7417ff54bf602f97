package org.cybervein.fl;

import java.util.Objects;

/**
 * Thrown when bytes from another party of a federated computation do not decode to a valid message
 * of the protocol, or arrive when the protocol does not accept them. The core that throws it has
 * changed no state.
 *
 * <p>{@link #reason()} is for programs; the message is for people.
 */
public final class InvalidFederatedMessageException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the message was rejected. */
  public enum Reason {
    /** The bytes do not parse as the expected message. */
    MALFORMED,
    /** A required field is absent. */
    MISSING_FIELD,
    /** A field of fixed size, or a vector, had another length. */
    WRONG_LENGTH,
    /** A count or length is above what the protocol allows. */
    OVERSIZED,
    /**
     * A field is out of its range: an unknown party index, a value outside Z_n, a non-finite
     * number.
     */
    INVALID_VALUE,
    /** The message names a cipher suite this party does not run. */
    UNKNOWN_SUITE,
    /** A signature or authentication tag did not verify. */
    AUTHENTICATION_FAILED,
    /** The message belongs to another round or phase, or repeats one already taken. */
    UNEXPECTED,
    /** The message would make an honest party break the protocol's privacy rule. */
    PRIVACY_VIOLATION,
    /**
     * A decrypted fixed-point value lies in the middle third of Z_n, which no value the protocol
     * forms can reach: the training diverged past the encoding's range, or a peer sent garbage.
     */
    OVERFLOW
  }

  /** Why the message was rejected; never null. */
  private final Reason reason;

  /**
   * Creates an exception with a reason and a message for people.
   *
   * @param reason the kind of defect, for programs to act on
   * @param message what was wrong, for people
   */
  public InvalidFederatedMessageException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Creates an exception that keeps the underlying cause.
   *
   * @param reason the kind of defect, for programs to act on
   * @param message what was wrong, for people
   * @param cause the exception that detected the defect
   */
  public InvalidFederatedMessageException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Why the message was rejected.
   *
   * @return the reason, never null: programs branch on it, not on the message
   */
  public Reason reason() {
    return reason;
  }
}
