package org.cybervein.ledger.contract.htlc;

import java.util.Objects;
import org.cybervein.api.Hash;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.ledger.account.Address;

/**
 * A lock's id: {@code SHA-256(tag || sender address || u64be(lockNonce))} with the tag {@link
 * #TAG}. The sender picks the lock nonce (any number it has not used for a lock before); binding
 * the id to the sender's address means nobody else can take an id a sender is about to use by
 * copying it from a pending transaction, and a counterparty that knows the sender's address and
 * nonce knows the id before the lock lands. The same sender and nonce twice is refused ({@code
 * DUPLICATE}), even after the first lock is settled.
 *
 * @param value the 32 bytes
 */
public record LockId(Hash value) implements Comparable<LockId> {
  /** The tag of the id hash. */
  public static final DomainTag TAG = DomainTag.of("cybervein/ledger/htlc/lock-id/v1");

  /**
   * Rejects null.
   *
   * @param value the 32 bytes
   */
  public LockId {
    Objects.requireNonNull(value, "value");
  }

  /**
   * The id of the lock that {@code sender} opens with {@code lockNonce}.
   *
   * @param sender the locking account's address
   * @param lockNonce the sender's lock nonce, any 64-bit value
   * @return the id
   */
  public static LockId of(Address sender, long lockNonce) {
    Objects.requireNonNull(sender, "sender");
    return new LockId(
        HashFunction.SHA256.newHasher(TAG).update(sender.value()).updateLong(lockNonce).digest());
  }

  @Override
  public int compareTo(LockId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return "LockId[" + value.toHex().substring(0, 16) + "]";
  }
}
