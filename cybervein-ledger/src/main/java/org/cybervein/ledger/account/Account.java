package org.cybervein.ledger.account;

import java.util.Objects;
import org.cybervein.api.Amount;

/**
 * One account's state: its CVT balance and the nonce its next transaction must carry. An account
 * that never received anything reads as {@link #EMPTY}.
 *
 * @param balance the balance, never negative ({@link Amount} forbids it)
 * @param nonce the number of transactions the account has sent
 */
public record Account(Amount balance, long nonce) {
  /** The state of an account nobody has touched. */
  public static final Account EMPTY = new Account(Amount.ZERO, 0);

  /**
   * Rejects a null balance and a negative nonce.
   *
   * @param balance the balance, never negative ({@link Amount} forbids it)
   * @param nonce the number of transactions the account has sent
   */
  public Account {
    Objects.requireNonNull(balance, "balance");
    if (nonce < 0) {
      throw new IllegalArgumentException("negative nonce");
    }
  }

  /**
   * True if this is the state of an untouched account.
   *
   * @return true for zero balance and nonce
   */
  public boolean isEmpty() {
    return equals(EMPTY);
  }
}
