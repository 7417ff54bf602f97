package org.cybervein.ledger.contract;

import org.cybervein.api.Amount;
import org.cybervein.api.Hash;
import org.cybervein.api.PublicKey;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.account.Account;
import org.cybervein.ledger.account.Address;

/**
 * What a native contract sees of the ledger while it executes one call: who called, where in the
 * chain, its own storage, and the only ways it may move CVT. Everything here is deterministic: the
 * same block applied to the same state gives the same calls the same context.
 */
public interface CallContext {
  /** The key that signed the transaction. */
  PublicKey callerKey();

  /** The caller's address, {@code Address.of(callerKey())}. */
  Address caller();

  /** The id of the calling transaction (unique across the chain). */
  Hash transactionId();

  /** The index i of the block being applied. */
  long blockIndex();

  /** The block's timestamp in milliseconds since the epoch, as its producer set it. */
  long blockTimeMillis();

  /** This contract's storage. */
  ContractStorage storage();

  /** The state of any account (read only). */
  Account account(Address address);

  /**
   * Moves {@code amount} from the caller's balance to {@code to}.
   *
   * @throws InvalidLedgerInputException with {@code INSUFFICIENT_FUNDS} if the caller cannot pay,
   *     or {@code OVERFLOW} if the receiver's balance would overflow
   */
  void transferFromCaller(Address to, Amount amount) throws InvalidLedgerInputException;

  /**
   * Takes {@code amount} from the caller as a network fee: it joins the block's fees and is paid to
   * the block's contributions with them, so the supply stays the same.
   *
   * @throws InvalidLedgerInputException with {@code INSUFFICIENT_FUNDS} if the caller cannot pay
   */
  void payNetworkFee(Amount amount) throws InvalidLedgerInputException;
}
