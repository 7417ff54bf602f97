package org.cybervein.ledger.contract.htlc;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.contract.CallContext;
import org.cybervein.ledger.contract.ContractId;
import org.cybervein.ledger.contract.ContractStorage;
import org.cybervein.ledger.contract.NativeContract;
import org.cybervein.ledger.state.StateKeys;
import org.cybervein.ledger.state.StateProof;

/**
 * The hashed timelock contract ({@code htlc} version 1): CVT locked for a recipient under a SHA-256
 * hashlock and a timelock, the building block of atomic swaps between chains. Calls are {@link
 * HtlcCall}s; every rule is checked before anything is written or paid, and a refused call throws
 * {@link InvalidLedgerInputException} (the ledger then discards the whole call).
 *
 * <h2>Rules</h2>
 *
 * <ul>
 *   <li><b>Lock</b>: the caller moves the amount (at least 1 base unit, {@code MALFORMED}
 *       otherwise) from its account to the contract's own account ({@link ContractId#account()}),
 *       where it stays in the supply and no key can move it ({@code INSUFFICIENT_FUNDS} if the
 *       caller cannot pay). The lock's id is {@link LockId#of}(caller, lock nonce) ({@code
 *       DUPLICATE} if it was ever used, settled or not). A timelock already expired in the locking
 *       block is refused ({@code BAD_TIME}); so is the contract's own account as recipient ({@code
 *       CONTRACT_RULE}: the funds could never leave).
 *   <li><b>Claim</b>: only the recipient ({@code NOT_AUTHORIZED}), only while the lock is open
 *       ({@code NOT_FOUND} for an unknown id, {@code DUPLICATE} once claimed or refunded) and not
 *       expired in the claiming block ({@code BAD_TIME}), and only with the 32-byte preimage whose
 *       untagged SHA-256 is the hashlock ({@code MALFORMED} for another length, {@code BAD_PROOF}
 *       for another value). The amount goes to the recipient and the preimage is stored under the
 *       lock for anyone to read.
 *   <li><b>Refund</b>: only the sender ({@code NOT_AUTHORIZED}), only while open ({@code
 *       NOT_FOUND}, {@code DUPLICATE}) and only once expired in the refunding block ({@code
 *       BAD_TIME}). The amount goes back to the sender.
 * </ul>
 *
 * In every block exactly one of claim and refund is possible for an open lock ({@link Timelock}).
 * Lock records are kept after settlement, so the contract's balance equals the sum of the open
 * locks' amounts (plus whatever anyone sent to its account directly, which stays there).
 *
 * <h2>What a light client checks</h2>
 *
 * The entries live at the state keys {@link #lockStateKey} and {@link #preimageStateKey}; the
 * layout is documented in the module README. {@link #provesPreimage} checks that a chain revealed a
 * preimage (a {@link StateProof} of the preimage entry against a block's state root, and the
 * preimage's SHA-256 against the hashlock); {@link #provesLock} checks a lock's state.
 */
public final class HtlcContract implements NativeContract {
  /** This contract's id: {@code htlc} version 1. */
  public static final ContractId ID = new ContractId("htlc", 1);

  /** The contract; it has no parameters. */
  public HtlcContract() {}

  @Override
  public ContractId id() {
    return ID;
  }

  @Override
  public void call(CallContext context, Bytes input) throws InvalidLedgerInputException {
    Objects.requireNonNull(context, "context");
    HtlcCall call = HtlcCall.decode(input);
    if (call instanceof HtlcCall.Lock l) {
      lock(context, l);
    } else if (call instanceof HtlcCall.Claim c) {
      claim(context, c);
    } else {
      refund(context, (HtlcCall.Refund) call);
    }
  }

  private static void lock(CallContext context, HtlcCall.Lock l)
      throws InvalidLedgerInputException {
    if (l.timelock().expiredIn(context.blockIndex(), context.blockTimeMillis())) {
      throw new InvalidLedgerInputException(
          Reason.BAD_TIME,
          l.timelock()
              + " has expired in block "
              + context.blockIndex()
              + " at "
              + context.blockTimeMillis());
    }
    if (l.recipient().equals(context.contractAccount())) {
      throw new InvalidLedgerInputException(
          Reason.CONTRACT_RULE, "the contract's own account cannot receive a lock");
    }
    ContractStorage storage = context.storage();
    LockId id = l.idFor(context.caller());
    if (storage.get(HtlcRecords.lockKey(id)).isPresent()) {
      throw new InvalidLedgerInputException(Reason.DUPLICATE, "lock " + id + " exists");
    }
    context.transferFromCaller(context.contractAccount(), l.amount());
    storage.put(
        HtlcRecords.lockKey(id),
        HtlcRecords.encode(
            new Htlc(
                id,
                context.caller(),
                l.recipient(),
                l.amount(),
                l.hashlock(),
                l.timelock(),
                context.blockIndex(),
                HtlcStatus.OPEN,
                0)));
  }

  private static void claim(CallContext context, HtlcCall.Claim c)
      throws InvalidLedgerInputException {
    Htlc lock = open(context, c.lock());
    if (!context.caller().equals(lock.recipient())) {
      throw new InvalidLedgerInputException(Reason.NOT_AUTHORIZED, "only the recipient claims");
    }
    if (lock.timelock().expiredIn(context.blockIndex(), context.blockTimeMillis())) {
      throw new InvalidLedgerInputException(
          Reason.BAD_TIME, "lock " + lock.id() + " has expired: only a refund is possible");
    }
    if (!c.preimage().opens(lock.hashlock())) {
      throw new InvalidLedgerInputException(
          Reason.BAD_PROOF, "the preimage does not hash to the hashlock");
    }
    context.transferFromContract(lock.recipient(), lock.amount());
    ContractStorage storage = context.storage();
    storage.put(
        HtlcRecords.lockKey(lock.id()),
        HtlcRecords.encode(lock.settled(HtlcStatus.CLAIMED, context.blockIndex())));
    storage.put(HtlcRecords.preimageKey(lock.id()), c.preimage().value());
  }

  private static void refund(CallContext context, HtlcCall.Refund r)
      throws InvalidLedgerInputException {
    Htlc lock = open(context, r.lock());
    if (!context.caller().equals(lock.sender())) {
      throw new InvalidLedgerInputException(Reason.NOT_AUTHORIZED, "only the sender refunds");
    }
    if (!lock.timelock().expiredIn(context.blockIndex(), context.blockTimeMillis())) {
      throw new InvalidLedgerInputException(
          Reason.BAD_TIME, "lock " + lock.id() + " has not expired: only a claim is possible");
    }
    context.transferFromContract(lock.sender(), lock.amount());
    context
        .storage()
        .put(
            HtlcRecords.lockKey(lock.id()),
            HtlcRecords.encode(lock.settled(HtlcStatus.REFUNDED, context.blockIndex())));
  }

  private static Htlc open(CallContext context, LockId id) throws InvalidLedgerInputException {
    Htlc lock =
        HtlcRecords.lock(context.storage()::get, id)
            .orElseThrow(() -> new InvalidLedgerInputException(Reason.NOT_FOUND, "no lock " + id));
    if (!lock.isOpen()) {
      throw new InvalidLedgerInputException(
          Reason.DUPLICATE, "lock " + id + " is " + lock.status() + " already");
    }
    return lock;
  }

  // ---------------------------------------------------------------- queries

  /**
   * Lock {@code id}, read from the contract's entries.
   *
   * @param entries the contract's entries by key, e.g. {@code key ->
   *     state.contractEntry(HtlcContract.ID, key)}, or entries checked with state proofs
   * @param id the lock
   * @return the lock, or empty if it was never opened
   * @throws IllegalStateException if the stored entry is damaged
   */
  public static Optional<Htlc> lock(Function<Bytes, Optional<Bytes>> entries, LockId id) {
    return HtlcRecords.lock(
        Objects.requireNonNull(entries, "entries"), Objects.requireNonNull(id, "id"));
  }

  /**
   * The preimage revealed by the claim of lock {@code id}.
   *
   * @param entries the contract's entries by key
   * @param id the lock
   * @return the preimage, or empty if the lock was not claimed (on this chain, in this state)
   * @throws IllegalStateException if the stored entry is damaged
   */
  public static Optional<Preimage> revealedPreimage(
      Function<Bytes, Optional<Bytes>> entries, LockId id) {
    return HtlcRecords.preimage(
        Objects.requireNonNull(entries, "entries"), Objects.requireNonNull(id, "id"));
  }

  /**
   * The contract storage key of lock {@code id}'s record: {@code 0x01 || id}.
   *
   * @param id the lock
   * @return the 33-byte entry key
   */
  public static Bytes lockEntryKey(LockId id) {
    return HtlcRecords.lockKey(Objects.requireNonNull(id, "id"));
  }

  /**
   * The contract storage key of lock {@code id}'s revealed preimage: {@code 0x02 || id}.
   *
   * @param id the lock
   * @return the 33-byte entry key
   */
  public static Bytes preimageEntryKey(LockId id) {
    return HtlcRecords.preimageKey(Objects.requireNonNull(id, "id"));
  }

  /**
   * The state key (in the ledger's sparse Merkle tree) of lock {@code id}'s record.
   *
   * @param id the lock
   * @return {@code StateKeys.contractEntry(ID, lockEntryKey(id))}
   */
  public static Hash lockStateKey(LockId id) {
    return StateKeys.contractEntry(ID, lockEntryKey(id));
  }

  /**
   * The state key of lock {@code id}'s revealed preimage; its value is the preimage's 32 bytes.
   *
   * @param id the lock
   * @return {@code StateKeys.contractEntry(ID, preimageEntryKey(id))}
   */
  public static Hash preimageStateKey(LockId id) {
    return StateKeys.contractEntry(ID, preimageEntryKey(id));
  }

  /**
   * The stored encoding of {@code lock}: the value a state proof of {@link #lockStateKey} shows.
   *
   * @param lock the lock
   * @return the canonical {@code HtlcLockRecord} bytes
   */
  public static Bytes encodeLock(Htlc lock) {
    return HtlcRecords.encode(Objects.requireNonNull(lock, "lock"));
  }

  /**
   * The light client's check that a chain revealed {@code preimage} for lock {@code id} under
   * {@code hashlock}: the preimage hashes to the hashlock, and {@code proof} shows the preimage
   * entry holding exactly those 32 bytes under {@code stateRoot} (the root in a block's {@code
   * tau_i}).
   *
   * @param stateRoot the state root of a block the client trusts
   * @param id the claimed lock
   * @param hashlock the lock's hashlock, as agreed in the swap
   * @param preimage the preimage claimed to be revealed
   * @param proof the state proof of {@link #preimageStateKey}(id)
   * @return true if both hold
   */
  public static boolean provesPreimage(
      Hash stateRoot, LockId id, Hash hashlock, Preimage preimage, StateProof proof) {
    Objects.requireNonNull(stateRoot, "stateRoot");
    Objects.requireNonNull(proof, "proof");
    return preimage.opens(hashlock)
        && proof.verify(stateRoot, preimageStateKey(id), Optional.of(preimage.value()));
  }

  /**
   * The light client's check of a lock's state: {@code proof} shows lock {@code lock.id()} stored
   * as exactly {@code lock} under {@code stateRoot}.
   *
   * @param stateRoot the state root of a block the client trusts
   * @param lock the lock as the client expects it (amount, parties, hashlock, timelock, status)
   * @param proof the state proof of {@link #lockStateKey}(lock.id())
   * @return true if the proof shows that record
   */
  public static boolean provesLock(Hash stateRoot, Htlc lock, StateProof proof) {
    Objects.requireNonNull(stateRoot, "stateRoot");
    Objects.requireNonNull(proof, "proof");
    return proof.verify(stateRoot, lockStateKey(lock.id()), Optional.of(encodeLock(lock)));
  }
}
