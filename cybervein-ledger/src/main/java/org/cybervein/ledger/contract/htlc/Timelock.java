package org.cybervein.ledger.contract.htlc;

import org.cybervein.api.wire.v1.LedgerContractsProto;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.contract.ContractWire;

/**
 * When a lock expires. A lock is <em>expired in a block</em> once that block's index reaches {@link
 * AtHeight#blockIndex()} (or its time reaches {@link AtTime#timeMillis()}). The recipient may claim
 * only in blocks where the lock is not expired, the sender may refund only in blocks where it is:
 * at every block exactly one of the two is possible, with no gap and no overlap.
 */
public sealed interface Timelock {
  /**
   * True if a lock with this timelock is expired in the block with this index and time.
   *
   * @param blockIndex the block's index i
   * @param blockTimeMillis the block's time, milliseconds since the epoch
   * @return true if the refund is open and the claim closed
   */
  boolean expiredIn(long blockIndex, long blockTimeMillis);

  /**
   * The wire form, as the htlc and btc-swap contracts carry it in calls and stored records.
   *
   * @return the {@code HtlcTimelock} with the one kind this timelock is
   */
  LedgerContractsProto.HtlcTimelock toProto();

  /**
   * The timelock in a received wire form.
   *
   * @param proto the received {@code HtlcTimelock}
   * @return the timelock it holds
   * @throws InvalidLedgerInputException {@code MALFORMED} if no kind is set or the height or time
   *     is below 1 (a uint64 with its top bit set included)
   */
  static Timelock fromProto(LedgerContractsProto.HtlcTimelock proto)
      throws InvalidLedgerInputException {
    return switch (proto.getKindCase()) {
      case BLOCK_HEIGHT ->
          new AtHeight(ContractWire.positive(proto.getBlockHeight(), "timelock height"));
      case BLOCK_TIME_MILLIS ->
          new AtTime(ContractWire.positive(proto.getBlockTimeMillis(), "timelock time"));
      case KIND_NOT_SET -> throw new InvalidLedgerInputException(Reason.MALFORMED, "no timelock");
    };
  }

  /**
   * Expiry at a block height: expired in block {@code blockIndex} and every later one.
   *
   * @param blockIndex the first block index at which the lock is expired, at least 1
   */
  record AtHeight(long blockIndex) implements Timelock {
    /**
     * Checks the index.
     *
     * @param blockIndex the first block index at which the lock is expired, at least 1
     * @throws IllegalArgumentException if it is below 1
     */
    public AtHeight {
      if (blockIndex < 1) {
        throw new IllegalArgumentException("a height timelock is at least 1, got " + blockIndex);
      }
    }

    @Override
    public boolean expiredIn(long index, long timeMillis) {
      return index >= blockIndex;
    }

    @Override
    public LedgerContractsProto.HtlcTimelock toProto() {
      return LedgerContractsProto.HtlcTimelock.newBuilder().setBlockHeight(blockIndex).build();
    }
  }

  /**
   * Expiry at a block time: expired in every block whose time is at least {@code timeMillis}. Block
   * times are set by producers within the chain's drift bound, so a swap leaves margins of hours.
   *
   * @param timeMillis the first block time at which the lock is expired, milliseconds since the
   *     epoch, at least 1
   */
  record AtTime(long timeMillis) implements Timelock {
    /**
     * Checks the time.
     *
     * @param timeMillis the first block time at which the lock is expired, at least 1
     * @throws IllegalArgumentException if it is below 1
     */
    public AtTime {
      if (timeMillis < 1) {
        throw new IllegalArgumentException("a time timelock is at least 1, got " + timeMillis);
      }
    }

    @Override
    public boolean expiredIn(long index, long blockTimeMillis) {
      return blockTimeMillis >= timeMillis;
    }

    @Override
    public LedgerContractsProto.HtlcTimelock toProto() {
      return LedgerContractsProto.HtlcTimelock.newBuilder().setBlockTimeMillis(timeMillis).build();
    }
  }
}
