package org.cybervein.ledger.contract.btcswap;

import java.util.Objects;
import java.util.Optional;
import org.cybervein.api.Amount;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.htlc.Timelock;

/**
 * One swap as the contract stores it: {@code amount} CVT from {@code seller}, held in the
 * contract's account, for {@code buyer} once a Bitcoin transaction paying {@code payment} is proved
 * with {@code confirmations} confirmations before {@code timelock}, back to {@code seller} after.
 *
 * @param id the swap's id, {@code SwapId.of(seller, lockNonce)}
 * @param seller who locked the CVT (and may refund it)
 * @param buyer who receives the CVT on release
 * @param amount the CVT held, at least 1 base unit
 * @param payment the agreed Bitcoin output
 * @param confirmations k, the confirmations the paying block needs, 1 to {@link
 *     BtcSwapCall#MAX_CONFIRMATIONS}
 * @param earliestBitcoinHeight the lowest Bitcoin height the paying block may have, 0 for any
 * @param timelock when the lock expires on this chain
 * @param lockedBlock the index of the block that opened it
 * @param status open, released or refunded
 * @param settledBlock the index of the block that released or refunded it; 0 while open
 * @param paidBy the output that released it; present exactly when released
 */
public record BtcSwap(
    SwapId id,
    Address seller,
    Address buyer,
    Amount amount,
    BtcPayment payment,
    int confirmations,
    long earliestBitcoinHeight,
    Timelock timelock,
    long lockedBlock,
    SwapStatus status,
    long settledBlock,
    Optional<BitcoinOutpoint> paidBy) {
  /**
   * Checks the parts and their consistency.
   *
   * @param id the swap's id
   * @param seller who locked the CVT
   * @param buyer who receives it on release
   * @param amount at least 1 base unit
   * @param payment the agreed Bitcoin output
   * @param confirmations 1 to {@link BtcSwapCall#MAX_CONFIRMATIONS}
   * @param earliestBitcoinHeight 0 or more
   * @param timelock when the lock expires
   * @param lockedBlock not negative
   * @param status open, released or refunded
   * @param settledBlock 0 while open, otherwise at least {@code lockedBlock}
   * @param paidBy present exactly when released
   * @throws IllegalArgumentException if a part is out of range or the parts disagree
   */
  public BtcSwap {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(seller, "seller");
    Objects.requireNonNull(buyer, "buyer");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(payment, "payment");
    Objects.requireNonNull(timelock, "timelock");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(paidBy, "paidBy");
    if (amount.isZero()) {
      throw new IllegalArgumentException("a swap holds at least 1 base unit");
    }
    if (confirmations < 1 || confirmations > BtcSwapCall.MAX_CONFIRMATIONS) {
      throw new IllegalArgumentException("confirmations are 1 to " + BtcSwapCall.MAX_CONFIRMATIONS);
    }
    if (earliestBitcoinHeight < 0 || lockedBlock < 0) {
      throw new IllegalArgumentException("heights are never negative");
    }
    if (status == SwapStatus.OPEN ? settledBlock != 0 : settledBlock < lockedBlock) {
      throw new IllegalArgumentException(
          "settled block " + settledBlock + " does not fit status " + status);
    }
    if (paidBy.isPresent() != (status == SwapStatus.RELEASED)) {
      throw new IllegalArgumentException("a paying output is recorded exactly for a release");
    }
  }

  /**
   * True while the CVT is held.
   *
   * @return true if the status is {@link SwapStatus#OPEN}
   */
  public boolean isOpen() {
    return status == SwapStatus.OPEN;
  }

  BtcSwap released(BitcoinOutpoint output, long block) {
    return new BtcSwap(
        id,
        seller,
        buyer,
        amount,
        payment,
        confirmations,
        earliestBitcoinHeight,
        timelock,
        lockedBlock,
        SwapStatus.RELEASED,
        block,
        Optional.of(output));
  }

  BtcSwap refunded(long block) {
    return new BtcSwap(
        id,
        seller,
        buyer,
        amount,
        payment,
        confirmations,
        earliestBitcoinHeight,
        timelock,
        lockedBlock,
        SwapStatus.REFUNDED,
        block,
        Optional.empty());
  }
}
