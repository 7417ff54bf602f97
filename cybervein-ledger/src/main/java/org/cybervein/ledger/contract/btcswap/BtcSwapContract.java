package org.cybervein.ledger.contract.btcswap;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.bitcoin.InvalidBitcoinDataException;
import org.cybervein.bitcoin.chain.ChainEntry;
import org.cybervein.bitcoin.transaction.TxOutput;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.contract.CallContext;
import org.cybervein.ledger.contract.ContractId;
import org.cybervein.ledger.contract.ContractStorage;
import org.cybervein.ledger.contract.NativeContract;
import org.cybervein.ledger.contract.btcrelay.BitcoinRelay;
import org.cybervein.ledger.state.StateKeys;

/**
 * The CVT &lt;-&gt; BTC swap contract ({@code btc-swap} version 1): CVT a seller locks for a buyer,
 * released to the buyer by an SPV proof that a Bitcoin transaction paid the agreed output with k
 * confirmations on the {@link BitcoinRelay} contract's best chain, or refunded to the seller after
 * its timelock. Calls are {@link BtcSwapCall}s; every rule is checked before anything is written or
 * paid, and a refused call throws {@link InvalidLedgerInputException} (the ledger then discards the
 * whole call). The relay's entries are read, never written: the chain must register {@link
 * BitcoinRelay} too, and someone must keep feeding it headers.
 *
 * <h2>Rules</h2>
 *
 * <ul>
 *   <li><b>Lock</b>: the caller (the seller) moves the amount (at least 1 base unit, {@code
 *       MALFORMED} otherwise, as for a value of 0 satoshis, an empty output script or k outside 1
 *       to {@link BtcSwapCall#MAX_CONFIRMATIONS}) to the contract's own account ({@code
 *       INSUFFICIENT_FUNDS} if it cannot pay). The swap's id is {@link SwapId#of}(caller, lock
 *       nonce) ({@code DUPLICATE} if ever used). A timelock already expired in the locking block is
 *       refused ({@code BAD_TIME}), so is the contract's own account as buyer ({@code
 *       CONTRACT_RULE}).
 *   <li><b>Release</b>, by anyone (the CVT goes to the buyer whoever submits): only while the swap
 *       is open ({@code NOT_FOUND} for an unknown id, {@code DUPLICATE} once settled) and not
 *       expired in this block ({@code BAD_TIME}). The transaction's output {@code outputIndex} must
 *       exist ({@code MALFORMED}), pay exactly the agreed script ({@code CONTRACT_RULE}) at least
 *       the agreed value ({@code CONTRACT_RULE}), and not have released a swap before ({@code
 *       DUPLICATE}). The block must be on the relay's best chain ({@code NOT_FOUND}) with at least
 *       k confirmations ({@code CONTRACT_RULE}) at or above the swap's earliest Bitcoin height
 *       ({@code CONTRACT_RULE}), and the Merkle proof must lead from the txid to its Merkle root
 *       ({@code BAD_PROOF}; a 64-byte transaction is refused the same way, it could be an inner
 *       node). Bytes that are no transaction or no proof are refused when the call is decoded
 *       ({@link BtcSwapCall#decode}).
 *   <li><b>Refund</b>: only the seller ({@code NOT_AUTHORIZED}), only while open ({@code
 *       NOT_FOUND}, {@code DUPLICATE}) and only once expired in this block ({@code BAD_TIME}).
 * </ul>
 *
 * In every block exactly one of release and refund is possible for an open swap (the htlc
 * contract's {@link org.cybervein.ledger.contract.htlc.Timelock} semantics). Swap records and
 * replay entries are kept after settlement, so the contract's balance equals the sum of the open
 * swaps' amounts (plus whatever anyone sent to its account directly, which stays there).
 */
public final class BtcSwapContract implements NativeContract {
  /** This contract's id: {@code btc-swap} version 1. */
  public static final ContractId ID = new ContractId("btc-swap", 1);

  /** The contract; its relay is the chain's {@link BitcoinRelay#ID} contract. */
  public BtcSwapContract() {}

  @Override
  public ContractId id() {
    return ID;
  }

  @Override
  public void call(CallContext context, Bytes input) throws InvalidLedgerInputException {
    Objects.requireNonNull(context, "context");
    BtcSwapCall call = BtcSwapCall.decode(input);
    if (call instanceof BtcSwapCall.Lock l) {
      lock(context, l);
    } else if (call instanceof BtcSwapCall.Release r) {
      release(context, r);
    } else {
      refund(context, (BtcSwapCall.Refund) call);
    }
  }

  private static void lock(CallContext context, BtcSwapCall.Lock l)
      throws InvalidLedgerInputException {
    if (l.timelock().expiredIn(context.blockIndex(), context.blockTimeMillis())) {
      throw new InvalidLedgerInputException(
          Reason.BAD_TIME, l.timelock() + " has expired in block " + context.blockIndex());
    }
    if (l.buyer().equals(context.contractAccount())) {
      throw new InvalidLedgerInputException(
          Reason.CONTRACT_RULE, "the contract's own account cannot be the buyer");
    }
    ContractStorage storage = context.storage();
    SwapId id = l.idFor(context.caller());
    if (storage.get(BtcSwapRecords.swapKey(id)).isPresent()) {
      throw new InvalidLedgerInputException(Reason.DUPLICATE, "swap " + id + " exists");
    }
    context.transferFromCaller(context.contractAccount(), l.amount());
    storage.put(
        BtcSwapRecords.swapKey(id),
        BtcSwapRecords.encode(
            new BtcSwap(
                id,
                context.caller(),
                l.buyer(),
                l.amount(),
                l.payment(),
                l.confirmations(),
                l.earliestBitcoinHeight(),
                l.timelock(),
                context.blockIndex(),
                SwapStatus.OPEN,
                0,
                Optional.empty())));
  }

  private static void release(CallContext context, BtcSwapCall.Release r)
      throws InvalidLedgerInputException {
    BtcSwap swap = open(context, r.swap());
    if (swap.timelock().expiredIn(context.blockIndex(), context.blockTimeMillis())) {
      throw new InvalidLedgerInputException(
          Reason.BAD_TIME, "swap " + swap.id() + " has expired: only a refund is possible");
    }
    if (r.outputIndex() >= r.transaction().outputs().size()) {
      throw new InvalidLedgerInputException(
          Reason.MALFORMED,
          "output "
              + r.outputIndex()
              + " of a transaction with "
              + r.transaction().outputs().size());
    }
    TxOutput output = r.transaction().outputs().get(r.outputIndex());
    if (!output.script().equals(swap.payment().outputScript())) {
      throw new InvalidLedgerInputException(
          Reason.CONTRACT_RULE, "output " + r.outputIndex() + " pays another script");
    }
    if (output.value() < swap.payment().valueSatoshis()) {
      throw new InvalidLedgerInputException(
          Reason.CONTRACT_RULE,
          "output pays " + output.value() + " sat, " + swap.payment().valueSatoshis() + " agreed");
    }
    BitcoinOutpoint outpoint = r.outpoint();
    ContractStorage storage = context.storage();
    Optional<SwapId> earlier = BtcSwapRecords.spentBy(storage::get, outpoint);
    if (earlier.isPresent()) {
      throw new InvalidLedgerInputException(
          Reason.DUPLICATE, "output " + outpoint + " released " + earlier.get() + " already");
    }
    Function<Bytes, Optional<Bytes>> relay = key -> context.contractEntry(BitcoinRelay.ID, key);
    BitcoinRelay.checkInclusion(
        relay, r.transaction(), r.blockHash(), r.proof(), swap.confirmations());
    ChainEntry block = BitcoinRelay.block(relay, r.blockHash()).orElseThrow();
    if (block.height() < swap.earliestBitcoinHeight()) {
      throw new InvalidLedgerInputException(
          Reason.CONTRACT_RULE,
          "the payment is at Bitcoin height "
              + block.height()
              + ", the swap accepts "
              + swap.earliestBitcoinHeight()
              + " and above");
    }
    context.transferFromContract(swap.buyer(), swap.amount());
    storage.put(
        BtcSwapRecords.swapKey(swap.id()),
        BtcSwapRecords.encode(swap.released(outpoint, context.blockIndex())));
    storage.put(BtcSwapRecords.spentKey(outpoint), swap.id().value().toBytes());
  }

  private static void refund(CallContext context, BtcSwapCall.Refund r)
      throws InvalidLedgerInputException {
    BtcSwap swap = open(context, r.swap());
    if (!context.caller().equals(swap.seller())) {
      throw new InvalidLedgerInputException(Reason.NOT_AUTHORIZED, "only the seller refunds");
    }
    if (!swap.timelock().expiredIn(context.blockIndex(), context.blockTimeMillis())) {
      throw new InvalidLedgerInputException(
          Reason.BAD_TIME, "swap " + swap.id() + " has not expired: only a release is possible");
    }
    context.transferFromContract(swap.seller(), swap.amount());
    context
        .storage()
        .put(
            BtcSwapRecords.swapKey(swap.id()),
            BtcSwapRecords.encode(swap.refunded(context.blockIndex())));
  }

  private static BtcSwap open(CallContext context, SwapId id) throws InvalidLedgerInputException {
    BtcSwap swap =
        BtcSwapRecords.swap(context.storage()::get, id)
            .orElseThrow(() -> new InvalidLedgerInputException(Reason.NOT_FOUND, "no swap " + id));
    if (!swap.isOpen()) {
      throw new InvalidLedgerInputException(
          Reason.DUPLICATE, "swap " + id + " is " + swap.status() + " already");
    }
    return swap;
  }

  // Bitcoin decoding refusals in the ledger's terms, as the relay maps them.
  static InvalidLedgerInputException refusal(InvalidBitcoinDataException e) {
    Reason r =
        switch (e.reason()) {
          case OVERSIZED -> Reason.OVERSIZED;
          case NON_CANONICAL -> Reason.NON_CANONICAL;
          case TRUNCATED, WRONG_LENGTH, MALFORMED -> Reason.MALFORMED;
          case BAD_MERKLE_PROOF, AMBIGUOUS_MERKLE_PROOF -> Reason.BAD_PROOF;
          default -> Reason.MALFORMED;
        };
    return new InvalidLedgerInputException(r, "bitcoin " + e.reason() + ": " + e.getMessage(), e);
  }

  // ---------------------------------------------------------------- queries

  /**
   * Swap {@code id}, read from the contract's entries.
   *
   * @param entries the contract's entries by key, e.g. {@code key ->
   *     state.contractEntry(BtcSwapContract.ID, key)}, or entries checked with state proofs
   * @param id the swap
   * @return the swap, or empty if it was never opened
   * @throws IllegalStateException if the stored entry is damaged
   */
  public static Optional<BtcSwap> swap(Function<Bytes, Optional<Bytes>> entries, SwapId id) {
    return BtcSwapRecords.swap(
        Objects.requireNonNull(entries, "entries"), Objects.requireNonNull(id, "id"));
  }

  /**
   * The swap that Bitcoin output {@code output} released, if any.
   *
   * @param entries the contract's entries by key
   * @param output a Bitcoin transaction's output
   * @return the swap it released, or empty if it released none
   * @throws IllegalStateException if the stored entry is damaged
   */
  public static Optional<SwapId> releasedBy(
      Function<Bytes, Optional<Bytes>> entries, BitcoinOutpoint output) {
    return BtcSwapRecords.spentBy(
        Objects.requireNonNull(entries, "entries"), Objects.requireNonNull(output, "output"));
  }

  /**
   * The state key (in the ledger's sparse Merkle tree) of swap {@code id}'s record, for a light
   * client that checks a swap's status with a state proof.
   *
   * @param id the swap
   * @return {@code StateKeys.contractEntry(ID, 0x01 || id)}
   */
  public static Hash swapStateKey(SwapId id) {
    return StateKeys.contractEntry(ID, BtcSwapRecords.swapKey(Objects.requireNonNull(id, "id")));
  }

  /**
   * The stored encoding of {@code swap}: the value a state proof of {@link #swapStateKey} shows.
   *
   * @param swap the swap
   * @return the canonical {@code BtcSwapRecord} bytes
   */
  public static Bytes encodeSwap(BtcSwap swap) {
    return BtcSwapRecords.encode(Objects.requireNonNull(swap, "swap"));
  }
}
