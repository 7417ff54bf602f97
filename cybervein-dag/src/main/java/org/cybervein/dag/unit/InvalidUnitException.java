package org.cybervein.dag.unit;

import java.util.Objects;

/**
 * The one exception of the DAG layer for untrusted input: a unit that does not decode, or that
 * fails a validation rule. It is thrown before any state changes, and its {@link #reason()} says
 * which rule failed, for peer scoring and tests.
 */
public final class InvalidUnitException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Which rule a rejected unit broke. */
  public enum Reason {
    /** The encoding is larger than the configured limit. */
    OVERSIZED,
    /** The bytes are not a canonical envelope with a canonical unit body. */
    MALFORMED,
    /** The envelope carries another payload type than a unit body. */
    WRONG_PAYLOAD_TYPE,
    /** The envelope is signed by another key than the body's author. */
    AUTHOR_MISMATCH,
    /** The author's key is not a valid Ed25519 key, or the envelope signature does not verify. */
    BAD_SIGNATURE,
    /** No parents, or more than the configured maximum. */
    PARENT_COUNT,
    /** Parents not sorted by unsigned byte order, or listed twice. */
    PARENTS_NOT_CANONICAL,
    /** Inline data larger than the configured limit. */
    PAYLOAD_TOO_LARGE,
    /** Inline data whose size or SHA-256 differs from the declared size and content hash. */
    INLINE_DATA_MISMATCH,
    /** A timestamp further in the future than the allowed clock skew. */
    CLOCK_SKEW,
    /** Sequence s above 0 without the author's unit s - 1 among the parents. */
    SEQUENCE_GAP,
    /** An attestation by a key that is not a registered validator. */
    UNKNOWN_VALIDATOR,
    /** An attestation whose validator signature over the batch root does not verify. */
    BAD_ATTESTATION_SIGNATURE,
    /** An attestation whose inclusion proof does not lead to the signed batch root. */
    BAD_INCLUSION_PROOF,
    /**
     * An attestation whose validator's verification id a unit of the validator's own chain (its
     * earlier units, reached through its own parent links) already carries.
     */
    REPLAYED_VERIFICATION_ID,
    /**
     * An attestation in a unit whose author is not the attesting validator. The validator's batch
     * signature does not cover the carrying unit, so anyone could copy it; only the validator's own
     * unit counts as its attestation.
     */
    FOREIGN_ATTESTATION,
    /** A parent was rejected for what its body says, so this unit's past can never be valid. */
    INVALID_PARENT
  }

  /** The rule the unit broke; never null. */
  private final Reason reason;

  /**
   * A rejection for {@code reason}, with a message for humans.
   *
   * @param reason the rule the unit broke
   * @param message what was wrong, for people
   */
  public InvalidUnitException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * A rejection for {@code reason} caused by {@code cause}.
   *
   * @param reason the rule the unit broke
   * @param message what was wrong, for people
   * @param cause the exception that detected the defect
   */
  public InvalidUnitException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * The rule the unit broke.
   *
   * @return the reason, never null: programs branch on it, not on the message
   */
  public Reason reason() {
    return reason;
  }
}
