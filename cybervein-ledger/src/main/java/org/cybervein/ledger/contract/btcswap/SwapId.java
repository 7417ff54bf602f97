package org.cybervein.ledger.contract.btcswap;

import java.util.Objects;
import org.cybervein.api.Hash;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.ledger.account.Address;

/**
 * A swap's id: {@code SHA-256(tag || seller address || u64be(lockNonce))} with the tag {@link
 * #TAG}. Bound to the seller's address so that nobody can take an id the seller is about to use,
 * and known to the buyer before the lock lands (the buyer learns the seller's address and nonce in
 * the negotiation). The same seller and nonce twice is refused, even after settlement.
 *
 * @param value the 32 bytes
 */
public record SwapId(Hash value) implements Comparable<SwapId> {
  /** The tag of the id hash. */
  public static final DomainTag TAG = DomainTag.of("cybervein/ledger/btc-swap/swap-id/v1");

  /**
   * Rejects null.
   *
   * @param value the 32 bytes
   */
  public SwapId {
    Objects.requireNonNull(value, "value");
  }

  /**
   * The id of the swap that {@code seller} opens with {@code lockNonce}.
   *
   * @param seller the locking account's address
   * @param lockNonce the seller's lock nonce, any 64-bit value
   * @return the id
   */
  public static SwapId of(Address seller, long lockNonce) {
    Objects.requireNonNull(seller, "seller");
    return new SwapId(
        HashFunction.SHA256.newHasher(TAG).update(seller.value()).updateLong(lockNonce).digest());
  }

  @Override
  public int compareTo(SwapId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return "SwapId[" + value.toHex().substring(0, 16) + "]";
  }
}
