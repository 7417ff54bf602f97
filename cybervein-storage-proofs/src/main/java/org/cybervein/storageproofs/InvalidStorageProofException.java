package org.cybervein.storageproofs;

import java.util.Objects;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.crypto.InvalidCryptoInputException;

/**
 * The one checked exception of this module: thrown when input from outside (a peer's message, a
 * proof, a receipt, a stored file) is not a valid value of it: a malformed wire message, a proof of
 * space or of retrievability that does not verify, a receipt counted twice, a codeword beyond the
 * code's correcting capacity. The method that throws it has changed no state.
 *
 * <p>{@link #reason()} is for programs (peer scoring, metrics); the message is for people.
 */
public final class InvalidStorageProofException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the input was rejected. */
  public enum Reason {
    /** Fewer bytes than the format requires. */
    TRUNCATED,
    /** More bytes or elements than the format or a configured limit allows. */
    OVERSIZED,
    /** A field of fixed size had another size. */
    WRONG_LENGTH,
    /** The bytes do not parse as the expected message, or not in its canonical encoding. */
    MALFORMED,
    /** A required field is absent. */
    MISSING_FIELD,
    /** A field parsed but its value is outside the allowed range or set. */
    INVALID_VALUE,
    /** A signature or signer key did not verify, or the message is signed by the wrong party. */
    BAD_SIGNATURE,
    /**
     * The answer does not belong to the challenge asked: other file, positions or nonce, or a proof
     * of space that opens other nodes (or another number of them) than its challenges ask for.
     */
    WRONG_CHALLENGE,
    /** A proof of space is about another node count than the commitment it is checked against. */
    WRONG_NODE_COUNT,
    /** An opened label is not in the Merkle tree of the commitment gamma at its index. */
    BAD_MERKLE_PATH,
    /** A challenged label differs from the label recomputed from its parents (Algorithm 2). */
    BAD_LABEL,
    /** The answer is well formed but does not prove possession: a tag, sentinel or sum differs. */
    PROOF_MISMATCH,
    /** A receipt that was already counted. */
    DUPLICATE,
    /** A receipt for a window no longer (or not yet) accounted. */
    STALE,
    /** A codeword has more errors than the erasure code corrects. */
    UNCORRECTABLE
  }

  /** Why the input was rejected; never null. */
  private final Reason reason;

  /**
   * Creates an exception with a reason and a message for people.
   *
   * @param reason the kind of defect, for programs to act on
   * @param message what was wrong, for people
   */
  public InvalidStorageProofException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Creates an exception that keeps the underlying exception as its cause.
   *
   * @param reason the kind of defect, for programs to act on
   * @param message what was wrong, for people
   * @param cause the exception that detected the defect
   */
  public InvalidStorageProofException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Why the input was rejected.
   *
   * @return the kind of defect
   */
  public Reason reason() {
    return reason;
  }

  /**
   * The same rejection for an {@code api} type decoded inside one of this module's messages.
   *
   * @param what the name of the field or message, for the message
   * @param e the api decoder's rejection
   * @return the rejection with the matching reason of this module
   */
  public static InvalidStorageProofException from(String what, InvalidEncodingException e) {
    Reason reason =
        switch (e.reason()) {
          case TRUNCATED -> Reason.TRUNCATED;
          case OVERSIZED -> Reason.OVERSIZED;
          case WRONG_LENGTH -> Reason.WRONG_LENGTH;
          case MALFORMED, NON_CANONICAL -> Reason.MALFORMED;
          case MISSING_FIELD -> Reason.MISSING_FIELD;
          case INVALID_VALUE -> Reason.INVALID_VALUE;
        };
    return new InvalidStorageProofException(reason, what + ": " + e.getMessage(), e);
  }

  /**
   * The rejection of a signed envelope that did not decode or verify.
   *
   * @param what the name of the envelope's content, for the message
   * @param e the crypto module's rejection
   * @return the rejection with the matching reason of this module
   */
  public static InvalidStorageProofException from(String what, InvalidCryptoInputException e) {
    Reason reason =
        switch (e.reason()) {
          case TRUNCATED -> Reason.TRUNCATED;
          case OVERSIZED -> Reason.OVERSIZED;
          case WRONG_LENGTH -> Reason.WRONG_LENGTH;
          case MALFORMED -> Reason.MALFORMED;
          case UNEXPECTED_PAYLOAD_TYPE, OUT_OF_RANGE, OVERFLOW -> Reason.INVALID_VALUE;
          case INVALID_KEY, WRONG_ALGORITHM, AUTHENTICATION_FAILED -> Reason.BAD_SIGNATURE;
        };
    return new InvalidStorageProofException(reason, what + ": " + e.getMessage(), e);
  }
}
