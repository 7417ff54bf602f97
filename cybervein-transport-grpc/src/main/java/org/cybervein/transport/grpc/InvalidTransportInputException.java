package org.cybervein.transport.grpc;

import java.util.Objects;

/**
 * Thrown when bytes from outside this node (a peer's frame, a peer's certificate, a PEM file) are
 * refused by {@code cybervein-transport-grpc}. The decoder or reassembler that throws it has
 * changed no state.
 *
 * <p>{@link #reason()} is meant for programs (metrics, peer scoring); the message is for people.
 */
public final class InvalidTransportInputException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the input was refused. */
  public enum Reason {
    /** The bytes do not parse as the expected structure (frame, certificate, PEM, key). */
    MALFORMED,
    /** More bytes than the format or a configured limit allows. */
    OVERSIZED,
    /**
     * A frame does not continue the message being reassembled: wrong offset, changed length, a
     * chunk past the end, an empty chunk.
     */
    OUT_OF_SEQUENCE,
    /**
     * A certificate or key is not of its expected algorithm: Ed25519 for an identity, P-256 signed
     * with Ed25519 for a link certificate.
     */
    WRONG_ALGORITHM,
    /**
     * A certificate's signature does not verify under its own key (an identity certificate) or
     * under its issuer's identity key (a link certificate).
     */
    BAD_SIGNATURE,
    /** A certificate names no valid node id in its subject. */
    INVALID_NODE_ID
  }

  /** Why the input was refused; never null. */
  private final Reason reason;

  /**
   * Creates an exception with a reason and a message for people.
   *
   * @param reason the kind of defect, for programs to act on
   * @param message what was wrong, for people
   */
  public InvalidTransportInputException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Creates an exception that keeps the parser's own exception as its cause.
   *
   * @param reason the kind of defect, for programs to act on
   * @param message what was wrong, for people
   * @param cause the exception that detected the defect
   */
  public InvalidTransportInputException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Why the input was refused.
   *
   * @return the kind of defect found in the input
   */
  public Reason reason() {
    return reason;
  }
}
