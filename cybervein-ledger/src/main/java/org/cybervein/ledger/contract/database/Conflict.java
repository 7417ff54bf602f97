package org.cybervein.ledger.contract.database;

import java.util.Objects;
import org.cybervein.api.Hash;

/**
 * Evidence kept by the contract: a valid certificate for log n with other content than the log it
 * holds. Two such certificates need more than f faulty members, so this says the database's group
 * is broken; the held log stays as it is.
 *
 * @param sequence n
 * @param heldDigest the upload digest of the held log
 * @param offeredDigest the upload digest of the other certified content
 * @param block the index of the block that recorded the evidence
 * @param transaction the id of the transaction that offered it
 */
public record Conflict(
    long sequence, Hash heldDigest, Hash offeredDigest, long block, Hash transaction) {
  /**
   * Checks the parts.
   *
   * @param sequence n
   * @param heldDigest the upload digest of the held log
   * @param offeredDigest the upload digest of the other certified content
   * @param block the index of the block that recorded the evidence
   * @param transaction the id of the transaction that offered it
   */
  public Conflict {
    Objects.requireNonNull(heldDigest, "heldDigest");
    Objects.requireNonNull(offeredDigest, "offeredDigest");
    Objects.requireNonNull(transaction, "transaction");
    if (sequence < 1 || block < 0 || heldDigest.equals(offeredDigest)) {
      throw new IllegalArgumentException("not a conflict");
    }
  }
}
