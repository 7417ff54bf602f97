package org.cybervein.ledger.contract.btcswap;

import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.bitcoin.script.Script;
import org.cybervein.bitcoin.transaction.TxOutput;

/**
 * The Bitcoin output a swap's buyer agreed to create: at least {@code valueSatoshis} to exactly
 * {@code outputScript}. The script is any scriptPubKey: a P2PKH or P2WPKH of the seller's key, or
 * the P2SH/P2WSH of a BIP-199 HTLC ({@code org.cybervein.bitcoin.script.HtlcScript}). It should be
 * fresh for the swap: an earlier payment to the same script would prove the payment too (see {@link
 * BtcSwapCall.Lock#earliestBitcoinHeight()}).
 *
 * @param valueSatoshis the least value, 1 to {@link TxOutput#MAX_MONEY}
 * @param outputScript the exact output script, 1 to {@link Script#MAX_SIZE} bytes
 */
public record BtcPayment(long valueSatoshis, Bytes outputScript) {
  /**
   * Checks the ranges.
   *
   * @param valueSatoshis the least value, 1 to {@link TxOutput#MAX_MONEY}
   * @param outputScript the exact output script, 1 to {@link Script#MAX_SIZE} bytes
   * @throws IllegalArgumentException if a part is out of range
   */
  public BtcPayment {
    Objects.requireNonNull(outputScript, "outputScript");
    if (valueSatoshis < 1 || valueSatoshis > TxOutput.MAX_MONEY) {
      throw new IllegalArgumentException("the agreed value is 1 to 21e14 satoshis");
    }
    if (outputScript.isEmpty() || outputScript.size() > Script.MAX_SIZE) {
      throw new IllegalArgumentException("the agreed output script is 1 to 10000 bytes");
    }
  }

  /**
   * True if {@code output} pays at least the agreed value to exactly the agreed script.
   *
   * @param output a Bitcoin transaction output
   * @return true if it is the agreed payment
   */
  public boolean paidBy(TxOutput output) {
    return output.script().equals(outputScript) && output.value() >= valueSatoshis;
  }

  @Override
  public String toString() {
    return valueSatoshis + " sat to " + outputScript.toHex();
  }
}
