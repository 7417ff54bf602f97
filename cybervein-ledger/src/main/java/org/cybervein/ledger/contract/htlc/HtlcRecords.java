package org.cybervein.ledger.contract.htlc;

import java.util.Optional;
import java.util.function.Function;
import org.cybervein.api.Bytes;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.v1.LedgerContractsProto;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.contract.ContractWire;

/**
 * The hashed timelock contract's storage layout: entry keys and the encodings under them.
 *
 * <pre>
 *   0x01 || lock id (32)    HtlcLockRecord (kept after settlement: the id is never reused)
 *   0x02 || lock id (32)    the revealed preimage, its 32 bytes as they are (written by a claim)
 * </pre>
 *
 * The preimage is stored bare so that a light client checks it with nothing but a state proof and
 * SHA-256: the proved value hashes to the hashlock.
 */
final class HtlcRecords {
  static final byte LOCK = 1;
  static final byte PREIMAGE = 2;

  /** A lock record is about 200 bytes; anything far larger is damage. */
  private static final int MAX_RECORD_SIZE = 1024;

  private HtlcRecords() {}

  static Bytes lockKey(LockId id) {
    return key(LOCK, id);
  }

  static Bytes preimageKey(LockId id) {
    return key(PREIMAGE, id);
  }

  private static Bytes key(byte kind, LockId id) {
    return Bytes.of(new byte[] {kind}).concat(id.value().toBytes());
  }

  static Bytes encode(Htlc h) {
    return Bytes.of(
        LedgerContractsProto.HtlcLockRecord.newBuilder()
            .setSender(ContractWire.address(h.sender()))
            .setRecipient(ContractWire.address(h.recipient()))
            .setAmount(ApiTypesCodec.toProto(h.amount()))
            .setHashlock(ApiTypesCodec.toProto(h.hashlock()))
            .setTimelock(h.timelock().toProto())
            .setLockedBlock(h.lockedBlock())
            .setStatus(
                switch (h.status()) {
                  case OPEN -> LedgerContractsProto.HtlcLockStatus.HTLC_LOCK_STATUS_OPEN;
                  case CLAIMED -> LedgerContractsProto.HtlcLockStatus.HTLC_LOCK_STATUS_CLAIMED;
                  case REFUNDED -> LedgerContractsProto.HtlcLockStatus.HTLC_LOCK_STATUS_REFUNDED;
                })
            .setSettledBlock(h.settledBlock())
            .build()
            .toByteArray());
  }

  static Optional<Htlc> lock(Function<Bytes, Optional<Bytes>> entries, LockId id) {
    return ContractWire.readRecord(
        entries,
        lockKey(id),
        MAX_RECORD_SIZE,
        LedgerContractsProto.HtlcLockRecord.getDefaultInstance(),
        "htlc lock",
        r ->
            new Htlc(
                id,
                ContractWire.address(r.getSender(), "sender"),
                ContractWire.address(r.getRecipient(), "recipient"),
                ContractWire.amount(r.getAmount(), r.hasAmount(), "amount"),
                ContractWire.hash(r.getHashlock(), r.hasHashlock(), "hashlock"),
                Timelock.fromProto(r.getTimelock()),
                ContractWire.nonNegative(r.getLockedBlock(), "locked block"),
                status(r.getStatus()),
                ContractWire.nonNegative(r.getSettledBlock(), "settled block")));
  }

  private static HtlcStatus status(LedgerContractsProto.HtlcLockStatus s)
      throws InvalidLedgerInputException {
    return switch (s) {
      case HTLC_LOCK_STATUS_OPEN -> HtlcStatus.OPEN;
      case HTLC_LOCK_STATUS_CLAIMED -> HtlcStatus.CLAIMED;
      case HTLC_LOCK_STATUS_REFUNDED -> HtlcStatus.REFUNDED;
      case HTLC_LOCK_STATUS_UNSPECIFIED, UNRECOGNIZED ->
          throw new InvalidLedgerInputException(Reason.MALFORMED, "no lock status");
    };
  }

  static Optional<Preimage> preimage(Function<Bytes, Optional<Bytes>> entries, LockId id) {
    Optional<Bytes> raw = entries.apply(preimageKey(id));
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    if (raw.get().size() != Preimage.SIZE) {
      throw new IllegalStateException("corrupt htlc preimage entry in contract storage");
    }
    return Optional.of(new Preimage(raw.get()));
  }
}
