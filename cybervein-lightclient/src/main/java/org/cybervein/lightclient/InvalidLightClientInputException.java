package org.cybervein.lightclient;

import java.util.Objects;

/**
 * The one checked exception of the light client: a header, a misbehaviour report, a state proof or
 * a certificate from outside that is not valid against the client's trusted state. The method that
 * throws it returns no new state, so the caller keeps the state it had.
 *
 * <p>The reasons of header checks carry the names {@code cybervein-ledger} gives the same defects
 * ({@code InvalidLedgerInputException.Reason}), so a light client and a full node can be compared
 * verdict for verdict. {@link #reason()} is for programs; the message is for people.
 */
public final class InvalidLightClientInputException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the input was refused. */
  public enum Reason {
    /** The bytes do not parse as the expected message, or a field is missing or out of range. */
    MALFORMED,
    /** The bytes parse but are not the message's one canonical encoding. */
    NON_CANONICAL,
    /** More bytes or elements than the format allows. */
    OVERSIZED,
    /** The client is frozen by misbehaviour: it accepts nothing any more. */
    FROZEN,
    /** No trusted consensus state at the height the input needs. */
    UNKNOWN_HEIGHT,
    /** The header does not extend a trusted block: wrong parent or index, or checkpoint number. */
    BAD_LINK,
    /** The header's timestamp is too soon after its parent's, or too far ahead of the clock. */
    BAD_TIME,
    /** The header answers another challenge than its position fixes. */
    WRONG_CHALLENGE,
    /** One of the contributor's three signatures does not verify. */
    BAD_SIGNATURE,
    /**
     * A proof of space does not answer the challenge, a contribution claims no bandwidth, or the
     * claimed bandwidth is not the one the ledger records.
     */
    BAD_PROOF,
    /** A commitment breaks the proof-of-contribution rules (graph, node count, identity mu). */
    CONTRACT_RULE,
    /** Two contributions of one contributor in one header. */
    DUPLICATE,
    /** The header carries a contribution in tau that beats the winner's. */
    NOT_ELECTED,
    /** The winner's commitment is not the one registered under the parent's state root. */
    NOT_FOUND,
    /** A state proof does not show the claimed value (or absence) under the trusted root. */
    BAD_STATE_PROOF,
    /** A misbehaviour report whose two headers are not two valid headers at one height. */
    NOT_MISBEHAVIOUR,
    /** A PBFT certificate does not verify against the replica keys. */
    BAD_CERTIFICATE
  }

  /** Why the input was refused; never null. */
  private final Reason reason;

  /**
   * Creates an exception with a reason and a message for people.
   *
   * @param reason the kind of defect, for programs to act on
   * @param message what was wrong, for people
   */
  public InvalidLightClientInputException(Reason reason, String message) {
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
  public InvalidLightClientInputException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Why the input was refused.
   *
   * @return the reason, never null
   */
  public Reason reason() {
    return reason;
  }

  @Override
  public String toString() {
    return "InvalidLightClientInputException[" + reason + ": " + getMessage() + "]";
  }
}
