package org.cybervein.bitcoin.transaction;

import java.util.List;
import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.bitcoin.Hash256;

/**
 * One input of a Bitcoin transaction: the output it spends, its scriptSig, its sequence number and
 * its segregated witness stack (empty for a legacy input).
 *
 * @param previousTxid the txid of the transaction whose output is spent, wire order
 * @param previousIndex the index of the spent output, 0 to 2^32 - 1
 * @param scriptSig the unlocking script
 * @param sequence the sequence number, 0 to 2^32 - 1
 * @param witness the witness stack items, bottom first; empty for none
 */
public record TxInput(
    Hash256 previousTxid, long previousIndex, Bytes scriptSig, long sequence, List<Bytes> witness) {
  /**
   * Checks the ranges.
   *
   * @param previousTxid the spent transaction's id
   * @param previousIndex the spent output's index, 0 to 2^32 - 1
   * @param scriptSig the unlocking script
   * @param sequence the sequence number, 0 to 2^32 - 1
   * @param witness the witness stack items
   */
  public TxInput {
    Objects.requireNonNull(previousTxid, "previousTxid");
    Objects.requireNonNull(scriptSig, "scriptSig");
    witness = List.copyOf(witness);
    if (previousIndex < 0 || previousIndex > 0xffffffffL) {
      throw new IllegalArgumentException("previousIndex is an unsigned 32-bit value");
    }
    if (sequence < 0 || sequence > 0xffffffffL) {
      throw new IllegalArgumentException("sequence is an unsigned 32-bit value");
    }
  }
}
