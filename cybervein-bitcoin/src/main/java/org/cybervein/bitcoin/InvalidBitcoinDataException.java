package org.cybervein.bitcoin;

import java.util.Objects;

/**
 * Thrown when Bitcoin data from outside (headers, proofs, transactions, scripts relayed by anyone)
 * breaks a rule of the light client. The method that throws it has changed no state.
 *
 * <p>{@link #reason()} is for programs (refusing a relayer, metrics); the message is for people.
 */
public final class InvalidBitcoinDataException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the data was refused. */
  public enum Reason {
    /** Fewer bytes than the format requires. */
    TRUNCATED,
    /** More bytes, items or levels than the format or a configured bound allows. */
    OVERSIZED,
    /** A fixed-size structure (an 80-byte header, a 32-byte hash) had another size. */
    WRONG_LENGTH,
    /** The bytes do not follow the format (a bad segwit flag, trailing bytes, a bad opcode). */
    MALFORMED,
    /** The bytes decode but are not the one minimal encoding (a CompactSize or script number). */
    NON_CANONICAL,
    /** nBits is negative, zero, overflows 256 bits or is above the proof-of-work limit. */
    BAD_TARGET,
    /** The header's hash is above the target its nBits encodes. */
    INSUFFICIENT_WORK,
    /** The header's previous-block hash is not the hash of the header it should follow. */
    BROKEN_LINK,
    /** nBits is not the target the retargeting rule gives at this height. */
    UNEXPECTED_TARGET,
    /** The header's parent is not known to the chain store. */
    UNKNOWN_PARENT,
    /** The header forks off the best chain deeper than the store follows. */
    FORK_TOO_DEEP,
    /** The header would open a fork while the store already tracks its maximum of forks. */
    TOO_MANY_FORKS,
    /** A Merkle proof does not lead from the transaction to the block's Merkle root. */
    BAD_MERKLE_PROOF,
    /**
     * A Merkle proof is ambiguous: it passes through a duplicated last node on the right, or the
     * "transaction" is 64 bytes and could be an inner node of the tree.
     */
    AMBIGUOUS_MERKLE_PROOF,
    /** A script is not the BIP-199 HTLC template. */
    NOT_HTLC
  }

  /** Why the data was refused; never null. */
  private final Reason reason;

  /**
   * An exception with a reason and a message for people.
   *
   * @param reason the rule broken, for programs
   * @param message what was wrong, for people
   */
  public InvalidBitcoinDataException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * The rule the data broke.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }
}
