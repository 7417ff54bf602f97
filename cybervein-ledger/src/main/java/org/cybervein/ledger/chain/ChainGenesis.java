package org.cybervein.ledger.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import org.cybervein.api.Amount;
import org.cybervein.api.Hash;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.state.BlockContext;
import org.cybervein.ledger.state.LedgerState;
import org.cybervein.ledger.state.RewardShare;
import org.cybervein.ledger.transaction.SignedTransaction;

/**
 * The state a chain starts from: the ledger's {@code Genesis} allocations plus genesis
 * transactions, typically the first contributors' {@code poc} registrations and bandwidth receipts,
 * without which no block could be produced (a block's weight is read from the parent state). They
 * are applied as block 0 with no reward; their fees go to the zero address, so the supply does not
 * change.
 */
public final class ChainGenesis {
  /** The address the genesis fees are paid to: nobody holds its key. */
  public static final Address FEE_SINK = new Address(Hash.ZERO);

  private ChainGenesis() {}

  /**
   * Applies the genesis transactions to a state fresh from its {@code Genesis} and starts a chain
   * on it.
   *
   * @throws InvalidLedgerInputException if a genesis transaction does not apply (state unchanged)
   */
  public static Chain start(
      ChainParameters parameters,
      LedgerState state,
      List<SignedTransaction> transactions,
      long genesisTimeMillis)
      throws InvalidLedgerInputException {
    Objects.requireNonNull(state, "state");
    if (!transactions.isEmpty()) {
      state.apply(
          new BlockContext(
              0,
              genesisTimeMillis,
              Amount.ZERO,
              List.of(new RewardShare(FEE_SINK, BigInteger.ONE))),
          transactions);
    }
    return Chain.start(parameters, state, genesisTimeMillis);
  }
}
