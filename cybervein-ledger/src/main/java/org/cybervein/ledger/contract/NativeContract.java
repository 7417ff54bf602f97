package org.cybervein.ledger.contract;

import org.cybervein.api.Bytes;
import org.cybervein.ledger.InvalidLedgerInputException;

/**
 * A contract built into the ledger: deterministic Java code with a fixed id and version, called by
 * transactions. It decodes its own input (untrusted bytes from the transaction) and changes state
 * only through the {@link CallContext}.
 *
 * <p>A call that throws leaves no trace: the ledger discards every write and transfer it made.
 * Implementations must be stateless between calls (all state in {@link CallContext#storage()}) and
 * must not read clocks, randomness or anything outside the context.
 */
public interface NativeContract {
  /**
   * This contract's id and version.
   *
   * @return the id
   */
  ContractId id();

  /**
   * Executes one call.
   *
   * @param context the caller, block and storage
   * @param input the call's input, as carried in the transaction
   * @throws InvalidLedgerInputException if the input is malformed or a rule refuses the call
   */
  void call(CallContext context, Bytes input) throws InvalidLedgerInputException;
}
