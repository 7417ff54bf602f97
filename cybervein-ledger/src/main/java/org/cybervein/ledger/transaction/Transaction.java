package org.cybervein.ledger.transaction;

import java.util.Objects;
import org.cybervein.api.Amount;
import org.cybervein.api.PublicKey;
import org.cybervein.api.SignatureAlgorithm;
import org.cybervein.ledger.account.Address;

/**
 * An unsigned transaction: the sender's key, the nonce that orders the sender's transactions, the
 * fee offered and the payload. Sign it with {@link SignedTransaction#sign}.
 *
 * <p>The nonce makes each transaction spendable once: the ledger accepts it only when it equals the
 * sender account's nonce, and applying it increments that nonce, so a replay is refused.
 *
 * @param sender the Ed25519 key that signs, and whose account pays
 * @param nonce the sender's transaction count before this one, zero or more
 * @param fee what the sender pays the block's contributors
 * @param payload what the transaction does
 */
public record Transaction(PublicKey sender, long nonce, Amount fee, TransactionPayload payload) {
  /**
   * Rejects null parts, a negative nonce and a sender key that is not Ed25519.
   *
   * @param sender the Ed25519 key that signs, and whose account pays
   * @param nonce the sender's transaction count before this one, zero or more
   * @param fee what the sender pays the block's contributors
   * @param payload what the transaction does
   */
  public Transaction {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(fee, "fee");
    Objects.requireNonNull(payload, "payload");
    if (nonce < 0) {
      throw new IllegalArgumentException("nonce must not be negative, got " + nonce);
    }
    if (sender.algorithm() != SignatureAlgorithm.ED25519) {
      throw new IllegalArgumentException("transactions are signed with Ed25519, got " + sender);
    }
  }

  /**
   * The paying account, {@code Address.of(sender())}.
   *
   * @return the sender's address
   */
  public Address senderAddress() {
    return Address.of(sender);
  }
}
