package org.cybervein.ledger;

import java.util.Objects;

/**
 * The one checked exception of the ledger module: untrusted input (encoded transactions, blocks,
 * proofs, contract calls) was malformed or broke a rule of the ledger. Whatever threw it left the
 * state as it was.
 */
public final class InvalidLedgerInputException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the input was refused; stable, so hosts can count and react to them. */
  public enum Reason {
    /** Not a parseable encoding, or a field out of its range. */
    MALFORMED,
    /** Larger than the decoder's documented cap. */
    OVERSIZED,
    /** Parseable, but not the one canonical encoding of its value. */
    NON_CANONICAL,
    /** A signature does not verify against the key it claims. */
    BAD_SIGNATURE,
    /** The transaction's nonce is not the sender's next nonce (replay or gap). */
    BAD_NONCE,
    /** The sender cannot pay the amount plus the fee. */
    INSUFFICIENT_FUNDS,
    /** The fee is below the ledger's minimum. */
    FEE_TOO_LOW,
    /** An amount would leave the range of {@link org.cybervein.api.Amount}. */
    OVERFLOW,
    /** No native contract with that id and version. */
    UNKNOWN_CONTRACT,
    /** The caller may not do this (not the owner, not a member, no grant). */
    NOT_AUTHORIZED,
    /** The thing already exists or was already done (registration, vote, log entry). */
    DUPLICATE,
    /** The thing referred to does not exist. */
    NOT_FOUND,
    /** A contract's own rule refused the call; the message says which. */
    CONTRACT_RULE,
    /** A proof (of space, of inclusion, certificate) does not verify. */
    BAD_PROOF,
    /** A block's claimed state root is not the root its transactions produce. */
    BAD_STATE_ROOT,
    /** A block does not extend a known block, or its index is not its parent's plus one. */
    BAD_LINK,
    /** A block's proof answers another challenge than the one its chain position fixes. */
    WRONG_CHALLENGE,
    /** A block's timestamp or a transaction's validity window is out of range. */
    BAD_TIME,
    /** Switching to the block's branch would revert more blocks than undo data is kept for. */
    REORG_TOO_DEEP,
    /** A block's proof does not win its round against a contribution the block itself carries. */
    NOT_ELECTED
  }

  /** Why the input was refused; never null. */
  private final Reason reason;

  /**
   * An exception for {@code reason} with a message for humans.
   *
   * @param reason the rule the input broke
   * @param message what was wrong, for people
   */
  public InvalidLedgerInputException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * An exception for {@code reason} caused by {@code cause}.
   *
   * @param reason the rule the input broke
   * @param message what was wrong, for people
   * @param cause the exception that detected the defect
   */
  public InvalidLedgerInputException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Why the input was refused.
   *
   * @return the reason, never null: programs branch on it, not on the message
   */
  public Reason reason() {
    return reason;
  }

  @Override
  public String getMessage() {
    return reason + ": " + super.getMessage();
  }
}
