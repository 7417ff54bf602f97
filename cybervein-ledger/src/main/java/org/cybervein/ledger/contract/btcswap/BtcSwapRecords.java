package org.cybervein.ledger.contract.btcswap;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.function.Function;
import org.cybervein.api.Bytes;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.v1.BtcSwapProto;
import org.cybervein.bitcoin.Hash256;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.contract.ContractWire;
import org.cybervein.ledger.contract.htlc.Timelock;

/**
 * The swap contract's storage layout: entry keys and the encodings under them.
 *
 * <pre>
 *   0x01 || swap id (32)                  BtcSwapRecord (kept after settlement: the id is never reused)
 *   0x02 || txid (32) || u32be(output)    the id of the swap this Bitcoin output released
 * </pre>
 *
 * The second kind is the replay guard: written by a release, never deleted, so one Bitcoin output
 * releases at most one swap.
 */
final class BtcSwapRecords {
  static final byte SWAP = 1;
  static final byte SPENT = 2;

  /** A record is its output script (at most 10 000 bytes) and about 250 bytes more. */
  private static final int MAX_RECORD_SIZE = 11_000;

  private BtcSwapRecords() {}

  static Bytes swapKey(SwapId id) {
    return Bytes.of(new byte[] {SWAP}).concat(id.value().toBytes());
  }

  static Bytes spentKey(BitcoinOutpoint o) {
    return Bytes.of(new byte[] {SPENT})
        .concat(o.txid().wireBytes())
        .concat(Bytes.of(ByteBuffer.allocate(4).putInt(o.index()).array()));
  }

  static Bytes encode(BtcSwap s) {
    BtcSwapProto.BtcSwapRecord.Builder b =
        BtcSwapProto.BtcSwapRecord.newBuilder()
            .setSeller(ContractWire.address(s.seller()))
            .setBuyer(ContractWire.address(s.buyer()))
            .setAmount(ApiTypesCodec.toProto(s.amount()))
            .setValueSatoshis(s.payment().valueSatoshis())
            .setOutputScript(ByteString.copyFrom(s.payment().outputScript().toByteArray()))
            .setConfirmations(s.confirmations())
            .setEarliestBitcoinHeight(s.earliestBitcoinHeight())
            .setTimelock(s.timelock().toProto())
            .setLockedBlock(s.lockedBlock())
            .setStatus(
                switch (s.status()) {
                  case OPEN -> BtcSwapProto.BtcSwapStatus.BTC_SWAP_STATUS_OPEN;
                  case RELEASED -> BtcSwapProto.BtcSwapStatus.BTC_SWAP_STATUS_RELEASED;
                  case REFUNDED -> BtcSwapProto.BtcSwapStatus.BTC_SWAP_STATUS_REFUNDED;
                })
            .setSettledBlock(s.settledBlock());
    s.paidBy()
        .ifPresent(
            o ->
                b.setPaidTxid(ByteString.copyFrom(o.txid().wireBytes().toByteArray()))
                    .setPaidOutput(o.index()));
    return Bytes.of(b.build().toByteArray());
  }

  static Optional<BtcSwap> swap(Function<Bytes, Optional<Bytes>> entries, SwapId id) {
    return ContractWire.readRecord(
        entries,
        swapKey(id),
        MAX_RECORD_SIZE,
        BtcSwapProto.BtcSwapRecord.getDefaultInstance(),
        "btc-swap record",
        r -> {
          SwapStatus status = status(r.getStatus());
          Optional<BitcoinOutpoint> paidBy =
              status == SwapStatus.RELEASED
                  ? Optional.of(
                      new BitcoinOutpoint(
                          new Hash256(Bytes.of(r.getPaidTxid().toByteArray())), r.getPaidOutput()))
                  : Optional.empty();
          return new BtcSwap(
              id,
              ContractWire.address(r.getSeller(), "seller"),
              ContractWire.address(r.getBuyer(), "buyer"),
              ContractWire.amount(r.getAmount(), r.hasAmount(), "amount"),
              new BtcPayment(r.getValueSatoshis(), Bytes.of(r.getOutputScript().toByteArray())),
              r.getConfirmations(),
              ContractWire.nonNegative(r.getEarliestBitcoinHeight(), "earliest height"),
              Timelock.fromProto(r.getTimelock()),
              ContractWire.nonNegative(r.getLockedBlock(), "locked block"),
              status,
              ContractWire.nonNegative(r.getSettledBlock(), "settled block"),
              paidBy);
        });
  }

  static Optional<SwapId> spentBy(Function<Bytes, Optional<Bytes>> entries, BitcoinOutpoint o) {
    return entries
        .apply(spentKey(o))
        .map(
            v -> {
              if (v.size() != 32) {
                throw new IllegalStateException(
                    "corrupt btc-swap replay entry in contract storage");
              }
              return new SwapId(org.cybervein.api.Hash.of(v.toByteArray()));
            });
  }

  private static SwapStatus status(BtcSwapProto.BtcSwapStatus s)
      throws InvalidLedgerInputException {
    return switch (s) {
      case BTC_SWAP_STATUS_OPEN -> SwapStatus.OPEN;
      case BTC_SWAP_STATUS_RELEASED -> SwapStatus.RELEASED;
      case BTC_SWAP_STATUS_REFUNDED -> SwapStatus.REFUNDED;
      case BTC_SWAP_STATUS_UNSPECIFIED, UNRECOGNIZED ->
          throw new InvalidLedgerInputException(Reason.MALFORMED, "no swap status");
    };
  }
}
