package org.cybervein.ledger.contract.dataset;

import java.util.Objects;
import org.cybervein.api.Amount;
import org.cybervein.api.Hash;

/**
 * The access grant a downloader received by paying the download fee. It is never revoked: the
 * owner's permission changes do not touch it.
 *
 * @param paid the download fee paid
 * @param block the index of the block of the download
 * @param transaction the id of the download transaction
 */
public record Grant(Amount paid, long block, Hash transaction) {
  /**
   * Checks the parts.
   *
   * @param paid the download fee paid
   * @param block the index of the block of the download
   * @param transaction the id of the download transaction
   */
  public Grant {
    Objects.requireNonNull(paid, "paid");
    Objects.requireNonNull(transaction, "transaction");
    if (block < 0) {
      throw new IllegalArgumentException("negative block index");
    }
  }
}
