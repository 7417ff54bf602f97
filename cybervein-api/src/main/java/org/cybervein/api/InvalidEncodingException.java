package org.cybervein.api;

import java.util.Objects;

/**
 * Thrown when bytes from outside (a peer, a file, a user) do not decode to a valid value of the
 * {@code cybervein-api} types or wire messages. The decoder that throws it has changed no state.
 *
 * <p>{@link #reason()} is meant for programs (metrics, peer scoring); the message is for people.
 */
public final class InvalidEncodingException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the input was rejected. */
  public enum Reason {
    /** Fewer bytes than the format requires. */
    TRUNCATED,
    /** More bytes than the format or a configured limit allows. */
    OVERSIZED,
    /** A field of fixed size had another size. */
    WRONG_LENGTH,
    /** The bytes do not parse as the expected message. */
    MALFORMED,
    /** A required field is absent. */
    MISSING_FIELD,
    /** A field parsed but its value is outside the allowed range or set. */
    INVALID_VALUE,
    /**
     * The bytes parse, but are not the one encoding the encoder writes: an unknown, repeated or
     * reordered field, a padded varint, a default value written out.
     */
    NON_CANONICAL
  }

  /** Why the input was rejected; never null. */
  private final Reason reason;

  /**
   * Creates an exception with a reason and a message for people.
   *
   * @param reason the kind of defect, for programs to act on
   * @param message what was wrong, for people
   */
  public InvalidEncodingException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Creates an exception that keeps the parser's own exception as its cause.
   *
   * @param reason the kind of defect, for programs to act on
   * @param message what was wrong, for people
   * @param cause the parser's exception that detected the defect
   */
  public InvalidEncodingException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Why the input was rejected.
   *
   * @return the kind of defect found in the input
   */
  public Reason reason() {
    return reason;
  }

  /**
   * A {@link Reason#WRONG_LENGTH} rejection of a fixed-size field.
   *
   * @param what the name of the field, for the message
   * @param expected the required size in bytes
   * @param actual the size received
   * @return the exception to throw
   */
  public static InvalidEncodingException wrongLength(String what, int expected, int actual) {
    return new InvalidEncodingException(
        Reason.WRONG_LENGTH, what + " must be " + expected + " bytes, got " + actual);
  }
}
