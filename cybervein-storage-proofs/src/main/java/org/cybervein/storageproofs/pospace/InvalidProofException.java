package org.cybervein.storageproofs.pospace;

import java.util.Objects;

/**
 * Thrown when a proof-of-space commitment or proof from outside does not decode, or decodes but
 * does not verify against the commitment and challenges the verifier holds. The decoder or verifier
 * that throws it has changed no state.
 *
 * <p>{@link #reason()} is for programs (peer scoring, metrics); the message is for people.
 */
public final class InvalidProofException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the input was rejected. */
  public enum Reason {
    /** The bytes end before the message does. */
    TRUNCATED,
    /** More bytes, entries or a larger value than the format or its caps allow. */
    OVERSIZED,
    /** The bytes do not parse, carry unknown fields, or are not the canonical encoding. */
    MALFORMED,
    /** A required field is absent. */
    MISSING_FIELD,
    /** A fixed-size field (a label, a hash, the siblings of a path) has another size. */
    WRONG_LENGTH,
    /** A field parsed but its value is outside the allowed range or set. */
    INVALID_VALUE,
    /** The proof is about another node count than the commitment. */
    WRONG_NODE_COUNT,
    /** The proof opens other nodes (or another number of them) than the challenges ask for. */
    WRONG_CHALLENGE,
    /** An opened label is not in the Merkle tree of the commitment gamma at its index. */
    BAD_MERKLE_PATH,
    /** A challenged label differs from the label recomputed from its parents (Algorithm 2). */
    BAD_LABEL
  }

  private final Reason reason;

  /** Creates an exception with a reason and a message for people. */
  public InvalidProofException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Creates an exception that keeps the underlying exception as its cause. */
  public InvalidProofException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Why the input was rejected. */
  public Reason reason() {
    return reason;
  }
}
