package org.cybervein.ledger.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.cybervein.api.Amount;
import org.cybervein.api.Hash;
import org.cybervein.api.store.KeyValueStore;
import org.cybervein.api.store.StoreException;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.ContractRegistry;
import org.cybervein.ledger.state.BlockContext;
import org.cybervein.ledger.state.Genesis;
import org.cybervein.ledger.state.LedgerState;
import org.cybervein.ledger.state.RewardShare;
import org.cybervein.ledger.transaction.SignedTransaction;

/**
 * The state a chain starts from: the ledger's {@code Genesis} allocations plus genesis
 * transactions, typically the first contributors' {@code poc} registrations and bandwidth receipts,
 * without which no block could be produced (a block's weight is read from the parent state). They
 * are applied as block 0 with no reward; their fees go to the zero address, so the supply does not
 * change. {@link #open} keeps the chain in a key-value store and resumes it after a restart.
 */
public final class ChainGenesis {
  /** The address the genesis fees are paid to: nobody holds its key. */
  public static final Address FEE_SINK = new Address(Hash.ZERO);

  private ChainGenesis() {}

  /**
   * Applies the genesis transactions to a state fresh from its {@code Genesis} and starts a chain
   * on it.
   *
   * @param parameters the consensus rules of the chain
   * @param state a state fresh from its {@code Genesis}, to which no transaction has been applied;
   *     the chain owns it from now on
   * @param transactions the genesis transactions, applied in order as block 0 with no reward; may
   *     be empty
   * @param genesisTimeMillis the genesis timestamp, in milliseconds since the Unix epoch; it is
   *     part of the genesis id, and the first block must come at least a block interval after it
   * @return a chain of height 0 whose tip is the genesis
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
      state.apply(context(genesisTimeMillis), transactions);
    }
    return Chain.start(parameters, state, genesisTimeMillis);
  }

  /**
   * Opens the chain kept in {@code store}: on an empty store, starts it as {@link #start} does (the
   * genesis transactions and the chain's genesis record in one atomic write); on a store that holds
   * a chain, checks that it is of this genesis and resumes it without applying any block: the block
   * tree, the best chain and the undo window are reloaded and checked against the state, and a
   * switch to a better branch that a crash interrupted is finished. The chain owns the store from
   * now on (the state and the chain's records share it) but does not close it.
   *
   * <p>The parameters need not be the ones the chain ran with before, but they must follow the same
   * consensus rules; only {@link ChainParameters#maxReorgDepth()} may change between runs.
   *
   * @param store a store that is empty or was used only by this method (e.g. an {@code
   *     LmdbKeyValueStore})
   * @param parameters the consensus rules of the chain; only the reorganisation depth may differ
   *     from the previous run's
   * @param genesis the allocations and minimum fee of the ledger's genesis state
   * @param registry the contracts the ledger runs, the same on every run and every node
   * @param transactions the genesis transactions, applied in order as block 0 on an empty store and
   *     compared by digest with the stored ones otherwise
   * @param genesisTimeMillis the genesis timestamp, in milliseconds since the Unix epoch; must
   *     equal the stored one on a store that holds a chain
   * @return the chain kept in the store: at height 0 if the store was empty, else at the best tip
   *     it held
   * @throws InvalidLedgerInputException if a genesis transaction does not apply (on an empty store;
   *     nothing of the chain is stored then)
   * @throws IllegalArgumentException if the store holds a chain or state of another genesis
   *     (allocations, genesis transactions or time), or a ledger state that no chain started
   * @throws StoreException if the store fails, or its chain records are damaged or disagree with
   *     the state
   */
  public static Chain open(
      ChainParameters parameters,
      KeyValueStore store,
      Genesis genesis,
      ContractRegistry registry,
      List<SignedTransaction> transactions,
      long genesisTimeMillis)
      throws InvalidLedgerInputException {
    Objects.requireNonNull(parameters, "parameters");
    List<SignedTransaction> txs = List.copyOf(transactions);
    LedgerState state = LedgerState.open(store, genesis, registry);
    ChainStore records = ChainStore.in(store);
    Hash txDigest = ChainStore.transactionsDigest(txs);
    Optional<ChainStore.Genesis> stored = records.genesis();
    if (stored.isPresent()) {
      if (stored.get().timeMillis() != genesisTimeMillis
          || !stored.get().transactionsDigest().equals(txDigest)) {
        throw new IllegalArgumentException(
            "the store holds a chain of another genesis (genesis time or transactions differ)");
      }
      return Chain.resume(parameters, state, records);
    }
    // No chain yet: the store is empty, or a crash came right after the state's own genesis write.
    if (records.hasAnyRecord()) {
      throw new StoreException("the store holds chain records but no chain genesis record");
    }
    if (!state.root().equals(LedgerState.inMemory(genesis, registry).root())) {
      throw new IllegalArgumentException(
          "the store holds a ledger state that no chain started (was it opened for Chain.start?)");
    }
    if (txs.isEmpty()) {
      Hash root = state.root();
      store.write(
          records.genesisWrites(
              new ChainStore.Genesis(root, genesisTimeMillis, txDigest),
              Chain.genesisId(root, genesisTimeMillis)));
    } else {
      state.apply(
          context(genesisTimeMillis),
          txs,
          effects ->
              records.genesisWrites(
                  new ChainStore.Genesis(effects.rootAfter(), genesisTimeMillis, txDigest),
                  Chain.genesisId(effects.rootAfter(), genesisTimeMillis)));
    }
    return Chain.resume(parameters, state, records);
  }

  private static BlockContext context(long genesisTimeMillis) {
    return new BlockContext(
        0, genesisTimeMillis, Amount.ZERO, List.of(new RewardShare(FEE_SINK, BigInteger.ONE)));
  }
}
