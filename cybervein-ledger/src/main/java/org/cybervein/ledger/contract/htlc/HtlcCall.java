package org.cybervein.ledger.contract.htlc;

import com.google.protobuf.ByteString;
import java.util.Objects;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.v1.LedgerContractsProto;
import org.cybervein.api.wire.v1.TypesProto;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.ContractWire;

/**
 * One call of the hashed timelock contract, the input of a {@code ContractCall} to {@link
 * HtlcContract#ID}. {@link #encode()} gives the input bytes; {@link #decode} reads untrusted ones
 * (message {@code HtlcCall} of {@code ledger_contracts.proto}).
 */
public sealed interface HtlcCall {
  /** The largest encoded call accepted (a lock is about 130 bytes). */
  int MAX_ENCODED_SIZE = 512;

  /**
   * The canonical encoding, the bytes a transaction carries.
   *
   * @return the canonical bytes
   */
  Bytes encode();

  /**
   * Locks {@code amount} of the caller's CVT in the contract for {@code recipient}; the lock's id
   * is {@code LockId.of(caller, lockNonce)}.
   *
   * @param recipient who may claim with the preimage before expiry
   * @param amount at least 1 base unit
   * @param hashlock the untagged SHA-256 of a 32-byte preimage ({@link Preimage#hashlock()})
   * @param timelock when the lock expires; must not have expired in the locking block
   * @param lockNonce a number the caller has not used for a lock before
   */
  record Lock(Address recipient, Amount amount, Hash hashlock, Timelock timelock, long lockNonce)
      implements HtlcCall {
    /**
     * Checks the parts.
     *
     * @param recipient who may claim with the preimage before expiry
     * @param amount at least 1 base unit
     * @param hashlock the untagged SHA-256 of a 32-byte preimage
     * @param timelock when the lock expires
     * @param lockNonce a number the caller has not used for a lock before
     * @throws IllegalArgumentException if the amount is zero
     */
    public Lock {
      Objects.requireNonNull(recipient, "recipient");
      Objects.requireNonNull(amount, "amount");
      Objects.requireNonNull(hashlock, "hashlock");
      Objects.requireNonNull(timelock, "timelock");
      if (amount.isZero()) {
        throw new IllegalArgumentException("a lock holds at least 1 base unit");
      }
    }

    /**
     * The id the lock will have when {@code sender} makes this call.
     *
     * @param sender the caller's address
     * @return {@code LockId.of(sender, lockNonce)}
     */
    public LockId idFor(Address sender) {
      return LockId.of(sender, lockNonce);
    }

    @Override
    public Bytes encode() {
      return wrap(
          LedgerContractsProto.HtlcCall.newBuilder()
              .setLock(
                  LedgerContractsProto.HtlcLock.newBuilder()
                      .setRecipient(ContractWire.address(recipient))
                      .setAmount(ApiTypesCodec.toProto(amount))
                      .setHashlock(ApiTypesCodec.toProto(hashlock))
                      .setTimelock(timelock.toProto())
                      .setLockNonce(lockNonce)));
    }
  }

  /**
   * The recipient claims lock {@code lock} by revealing {@code preimage}.
   *
   * @param lock the lock's id
   * @param preimage the secret whose SHA-256 is the lock's hashlock
   */
  record Claim(LockId lock, Preimage preimage) implements HtlcCall {
    /**
     * Rejects null.
     *
     * @param lock the lock's id
     * @param preimage the secret
     */
    public Claim {
      Objects.requireNonNull(lock, "lock");
      Objects.requireNonNull(preimage, "preimage");
    }

    @Override
    public Bytes encode() {
      return wrap(
          LedgerContractsProto.HtlcCall.newBuilder()
              .setClaim(
                  LedgerContractsProto.HtlcClaim.newBuilder()
                      .setLock(ApiTypesCodec.toProto(lock.value()))
                      .setPreimage(ByteString.copyFrom(preimage.value().toByteArray()))));
    }
  }

  /**
   * The sender takes lock {@code lock} back after it expired.
   *
   * @param lock the lock's id
   */
  record Refund(LockId lock) implements HtlcCall {
    /**
     * Rejects null.
     *
     * @param lock the lock's id
     */
    public Refund {
      Objects.requireNonNull(lock, "lock");
    }

    @Override
    public Bytes encode() {
      return wrap(
          LedgerContractsProto.HtlcCall.newBuilder()
              .setRefund(
                  LedgerContractsProto.HtlcRefund.newBuilder()
                      .setLock(ApiTypesCodec.toProto(lock.value()))));
    }
  }

  /**
   * Decodes a call from a transaction.
   *
   * @param input the transaction's call input
   * @return the call
   * @throws InvalidLedgerInputException {@code OVERSIZED} above {@link #MAX_ENCODED_SIZE}, {@code
   *     NON_CANONICAL} if not the canonical encoding, {@code MALFORMED} if it does not parse or a
   *     field is missing or out of range (a zero amount, a preimage of other than 32 bytes, a
   *     timelock of 0)
   */
  static HtlcCall decode(Bytes input) throws InvalidLedgerInputException {
    return ContractWire.decodeCall(
        input,
        MAX_ENCODED_SIZE,
        LedgerContractsProto.HtlcCall.getDefaultInstance(),
        HtlcCall::fromProto);
  }

  private static HtlcCall fromProto(LedgerContractsProto.HtlcCall call)
      throws InvalidLedgerInputException {
    return switch (call.getKindCase()) {
      case LOCK -> {
        LedgerContractsProto.HtlcLock l = call.getLock();
        Amount amount = ContractWire.amount(l.getAmount(), l.hasAmount(), "amount");
        if (amount.isZero()) {
          throw new InvalidLedgerInputException(
              Reason.MALFORMED, "a lock holds at least 1 base unit");
        }
        if (!l.hasTimelock()) {
          throw new InvalidLedgerInputException(Reason.MALFORMED, "timelock missing");
        }
        yield new Lock(
            ContractWire.address(l.getRecipient(), "recipient"),
            amount,
            ContractWire.hash(l.getHashlock(), l.hasHashlock(), "hashlock"),
            Timelock.fromProto(l.getTimelock()),
            l.getLockNonce());
      }
      case CLAIM -> {
        LedgerContractsProto.HtlcClaim c = call.getClaim();
        if (c.getPreimage().size() != Preimage.SIZE) {
          throw new InvalidLedgerInputException(
              Reason.MALFORMED,
              "a preimage is " + Preimage.SIZE + " bytes, got " + c.getPreimage().size());
        }
        yield new Claim(
            lockId(c.getLock(), c.hasLock()),
            new Preimage(Bytes.of(c.getPreimage().toByteArray())));
      }
      case REFUND -> new Refund(lockId(call.getRefund().getLock(), call.getRefund().hasLock()));
      case KIND_NOT_SET -> throw new InvalidLedgerInputException(Reason.MALFORMED, "no call");
    };
  }

  private static LockId lockId(TypesProto.Hash proto, boolean present)
      throws InvalidLedgerInputException {
    return new LockId(ContractWire.hash(proto, present, "lock id"));
  }

  private static Bytes wrap(LedgerContractsProto.HtlcCall.Builder call) {
    return Bytes.of(call.build().toByteArray());
  }
}
