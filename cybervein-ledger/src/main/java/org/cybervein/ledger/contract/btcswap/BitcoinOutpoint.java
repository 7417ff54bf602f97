package org.cybervein.ledger.contract.btcswap;

import java.util.Objects;
import org.cybervein.bitcoin.Hash256;

/**
 * One output of one Bitcoin transaction: what a release consumes, so that no output pays for two
 * swaps.
 *
 * @param txid the transaction id, wire order
 * @param index the output's index in the transaction, 0 or more
 */
public record BitcoinOutpoint(Hash256 txid, int index) {
  /**
   * Checks the parts.
   *
   * @param txid the transaction id, wire order
   * @param index the output's index, 0 or more
   * @throws IllegalArgumentException if the index is negative
   */
  public BitcoinOutpoint {
    Objects.requireNonNull(txid, "txid");
    if (index < 0) {
      throw new IllegalArgumentException("an output index is 0 or more, got " + index);
    }
  }

  @Override
  public String toString() {
    return txid.toDisplayHex() + ":" + index;
  }
}
