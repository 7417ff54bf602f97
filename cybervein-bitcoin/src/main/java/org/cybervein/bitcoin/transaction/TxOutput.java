package org.cybervein.bitcoin.transaction;

import java.util.Objects;
import org.cybervein.api.Bytes;

/**
 * One output of a Bitcoin transaction.
 *
 * @param value the amount in satoshis, 0 to 21 million BTC
 * @param script the locking script (scriptPubKey)
 */
public record TxOutput(long value, Bytes script) {
  /** All bitcoin there will ever be, in satoshis (Bitcoin Core's {@code MAX_MONEY}). */
  public static final long MAX_MONEY = 21_000_000L * 100_000_000L;

  /**
   * Checks the value range.
   *
   * @param value the amount in satoshis, 0 to {@link #MAX_MONEY}
   * @param script the locking script
   */
  public TxOutput {
    Objects.requireNonNull(script, "script");
    if (value < 0 || value > MAX_MONEY) {
      throw new IllegalArgumentException("value out of range: " + value);
    }
  }
}
