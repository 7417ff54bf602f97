package org.cybervein.ledger.contract;

import java.util.Optional;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
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
  /**
   * The key that signed the transaction.
   *
   * @return the caller's public key
   */
  PublicKey callerKey();

  /**
   * The caller's address, {@code Address.of(callerKey())}.
   *
   * @return the caller's address
   */
  Address caller();

  /**
   * The id of the calling transaction (unique across the chain).
   *
   * @return the transaction id
   */
  Hash transactionId();

  /**
   * The index i of the block being applied.
   *
   * @return i
   */
  long blockIndex();

  /**
   * The block's timestamp in milliseconds since the epoch, as its producer set it.
   *
   * @return the block time in milliseconds
   */
  long blockTimeMillis();

  /**
   * This contract's storage.
   *
   * @return the storage of the called contract
   */
  ContractStorage storage();

  /**
   * An entry of another contract's storage, read only: how one contract acts on what another holds
   * (the {@code btc-swap} contract reads the {@code btc-relay} contract's best chain). The value is
   * the one in the state this call runs in, the same on every node.
   *
   * @param contract the contract whose entry is read
   * @param key the entry's key within that contract's storage
   * @return the value, or empty if there is none
   */
  Optional<Bytes> contractEntry(ContractId contract, Bytes key);

  /**
   * The state of any account (read only).
   *
   * @param address the account to read
   * @return its state, {@link Account#EMPTY} if untouched
   */
  Account account(Address address);

  /**
   * Moves {@code amount} from the caller's balance to {@code to}.
   *
   * @param to the receiving account
   * @param amount the amount to move
   * @throws InvalidLedgerInputException with {@code INSUFFICIENT_FUNDS} if the caller cannot pay,
   *     or {@code OVERFLOW} if the receiver's balance would overflow
   */
  void transferFromCaller(Address to, Amount amount) throws InvalidLedgerInputException;

  /**
   * The called contract's own account, {@code id().account()}: where a contract holds funds in
   * escrow (locked CVT stays in the supply, in an account no key controls). Only this contract can
   * move its balance, with {@link #transferFromContract}.
   *
   * @return the contract's account address
   */
  Address contractAccount();

  /**
   * Moves {@code amount} from the called contract's own account ({@link #contractAccount()}) to
   * {@code to}.
   *
   * @param to the receiving account
   * @param amount the amount to move
   * @throws InvalidLedgerInputException with {@code INSUFFICIENT_FUNDS} if the contract holds less,
   *     or {@code OVERFLOW} if the receiver's balance would overflow
   */
  void transferFromContract(Address to, Amount amount) throws InvalidLedgerInputException;

  /**
   * Takes {@code amount} from the caller as a network fee: it joins the block's fees and is paid to
   * the block's contributions with them, so the supply stays the same.
   *
   * @param amount the fee
   * @throws InvalidLedgerInputException with {@code INSUFFICIENT_FUNDS} if the caller cannot pay
   */
  void payNetworkFee(Amount amount) throws InvalidLedgerInputException;
}
