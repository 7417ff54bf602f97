package org.cybervein.ledger.contract.htlc;

import java.util.Objects;
import org.cybervein.api.Amount;
import org.cybervein.api.Hash;
import org.cybervein.ledger.account.Address;

/**
 * One hashed timelock as the contract stores it: {@code amount} CVT from {@code sender}, held in
 * the contract's account, for {@code recipient} if it reveals the preimage of {@code hashlock}
 * before {@code timelock}, back to {@code sender} after.
 *
 * @param id the lock's id, {@code LockId.of(sender, lockNonce)}
 * @param sender who locked the funds (and may refund them)
 * @param recipient who may claim them
 * @param amount the amount held, at least 1 base unit
 * @param hashlock the untagged SHA-256 of the 32-byte preimage
 * @param timelock when the lock expires
 * @param lockedBlock the index of the block that opened it
 * @param status open, claimed or refunded
 * @param settledBlock the index of the block that claimed or refunded it; 0 while open
 */
public record Htlc(
    LockId id,
    Address sender,
    Address recipient,
    Amount amount,
    Hash hashlock,
    Timelock timelock,
    long lockedBlock,
    HtlcStatus status,
    long settledBlock) {
  /**
   * Checks the parts.
   *
   * @param id the lock's id
   * @param sender who locked the funds
   * @param recipient who may claim them
   * @param amount the amount held, at least 1 base unit
   * @param hashlock the hashlock
   * @param timelock when the lock expires
   * @param lockedBlock the index of the block that opened it, not negative
   * @param status open, claimed or refunded
   * @param settledBlock 0 while open, otherwise at least {@code lockedBlock}
   * @throws IllegalArgumentException if the amount is zero or the block indexes are inconsistent
   */
  public Htlc {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(hashlock, "hashlock");
    Objects.requireNonNull(timelock, "timelock");
    Objects.requireNonNull(status, "status");
    if (amount.isZero()) {
      throw new IllegalArgumentException("a lock holds at least 1 base unit");
    }
    if (lockedBlock < 0) {
      throw new IllegalArgumentException("block indexes are never negative");
    }
    if (status == HtlcStatus.OPEN ? settledBlock != 0 : settledBlock < lockedBlock) {
      throw new IllegalArgumentException(
          "settled block " + settledBlock + " does not fit status " + status);
    }
  }

  /**
   * True while the funds are held.
   *
   * @return true if the status is {@link HtlcStatus#OPEN}
   */
  public boolean isOpen() {
    return status == HtlcStatus.OPEN;
  }

  /**
   * This lock, settled.
   *
   * @param newStatus {@link HtlcStatus#CLAIMED} or {@link HtlcStatus#REFUNDED}
   * @param block the index of the settling block
   * @return the settled lock
   * @throws IllegalArgumentException if {@code newStatus} is {@code OPEN}
   */
  Htlc settled(HtlcStatus newStatus, long block) {
    if (newStatus == HtlcStatus.OPEN) {
      throw new IllegalArgumentException("settling needs CLAIMED or REFUNDED");
    }
    return new Htlc(
        id, sender, recipient, amount, hashlock, timelock, lockedBlock, newStatus, block);
  }
}
