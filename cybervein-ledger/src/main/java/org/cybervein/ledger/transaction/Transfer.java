package org.cybervein.ledger.transaction;

import java.util.Objects;
import org.cybervein.api.Amount;
import org.cybervein.ledger.account.Address;

/**
 * Moves {@code amount} from the sender's account to {@code to}. A transfer of zero is allowed (it
 * still pays its fee and uses a nonce); a transfer to the sender itself only costs the fee.
 *
 * @param to the receiving account
 * @param amount what it receives
 */
public record Transfer(Address to, Amount amount) implements TransactionPayload {
  /**
   * Rejects null parts.
   *
   * @param to the receiving account
   * @param amount what it receives
   */
  public Transfer {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(amount, "amount");
  }
}
