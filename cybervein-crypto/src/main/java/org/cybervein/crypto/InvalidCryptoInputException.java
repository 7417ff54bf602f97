package org.cybervein.crypto;

import java.util.Objects;

/**
 * Thrown when bytes from outside do not decode to a valid cryptographic object of this module (a
 * key, a signature, a Merkle proof, a sealed message) or fail an integrity check. The decoder that
 * throws it has changed no state.
 *
 * <p>{@link #reason()} is for programs; the message is for people and never contains secrets.
 */
public final class InvalidCryptoInputException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the input was rejected. */
  public enum Reason {
    /** Fewer bytes than the format requires. */
    TRUNCATED,
    /** More bytes than the format or a configured limit allows. */
    OVERSIZED,
    /** A field of fixed size had another size. */
    WRONG_LENGTH,
    /** The bytes do not parse as the expected structure. */
    MALFORMED,
    /** The bytes parse but are not a valid key or point (e.g. not on the curve, low order). */
    INVALID_KEY,
    /** The value is valid but belongs to another algorithm than the one asked for. */
    WRONG_ALGORITHM,
    /** An authentication tag, MAC or signature did not verify. */
    AUTHENTICATION_FAILED,
    /** A signed envelope carries another payload type than the one expected. */
    UNEXPECTED_PAYLOAD_TYPE,
    /**
     * A number is outside the set it must belong to (e.g. a Paillier ciphertext not in {@code
     * Z*_{n^2}}, a group element not in the group).
     */
    OUT_OF_RANGE,
    /**
     * A decrypted fixed-point value lies in the overflow band: the homomorphic computation left the
     * representable range, so any number returned would be wrong.
     */
    OVERFLOW
  }

  /** Why the input was rejected; never null. */
  private final Reason reason;

  /**
   * Creates an exception with a reason and a message for people.
   *
   * @param reason the kind of defect, for programs to act on
   * @param message what was wrong, for people
   */
  public InvalidCryptoInputException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Creates an exception that keeps the underlying exception as its cause.
   *
   * @param reason the kind of defect, for programs to act on
   * @param message what was wrong, for people
   * @param cause the exception of the library that detected the defect
   */
  public InvalidCryptoInputException(Reason reason, String message, Throwable cause) {
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
}
