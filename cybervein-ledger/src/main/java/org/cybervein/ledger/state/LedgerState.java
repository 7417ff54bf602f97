package org.cybervein.ledger.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.store.InMemoryKeyValueStore;
import org.cybervein.api.store.KeyValueStore;
import org.cybervein.api.store.StoreException;
import org.cybervein.api.store.WriteBatch;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.account.Account;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.ContractId;
import org.cybervein.ledger.contract.ContractRegistry;
import org.cybervein.ledger.transaction.SignedTransaction;

/**
 * The ledger state: every account and contract entry, committed to by one root hash (the state root
 * a block header carries), changed only block by block.
 *
 * <h2>Atomicity and durability</h2>
 *
 * {@link #apply} and {@link #revert} each change the state as one atomic {@link WriteBatch} of the
 * underlying {@link KeyValueStore}: when they return normally the whole change is in the store
 * (durable if the store is, as {@code LmdbKeyValueStore} with its default durability is); when they
 * throw, the state and its root are exactly as before. A {@link StoreException} from the store
 * propagates unchanged and leaves this object as it was before the call.
 *
 * <h2>Storage</h2>
 *
 * The store holds, under one-byte prefixes, the nodes of the state tree by hash ({@code 'n'}), the
 * current value of each entry by state key ({@code 'v'}, for fast reads), and the current root and
 * the genesis digest ({@code 'm'}); other keys are free for components that share the store and
 * couple their writes to the state's ({@link CoupledWrites}, as a chain does). Tree nodes are never
 * deleted, so the proofs of earlier roots stay available ({@link #prove(Hash, Hash)}); pruning is
 * left to a later version.
 *
 * <p>Thread-safe: every method is synchronized on this object. The store must not be shared with
 * another writer.
 */
public final class LedgerState {
  private static final byte NODE = 'n';
  private static final byte VALUE = 'v';
  private static final byte META = 'm';
  private static final Bytes ROOT_KEY = Bytes.of(new byte[] {META, 'r'});
  private static final int NODE_CACHE_SIZE = 1 << 16;
  private static final Bytes GENESIS_KEY = Bytes.of(new byte[] {META, 'g'});

  private final KeyValueStore store;
  private final Genesis genesis;
  private final ContractRegistry registry;
  private final SparseMerkleTree tree;
  // Recently used tree nodes. Nodes are content-addressed and never change, so a cached node can
  // never be stale; only nodes read from the store or written to it successfully are added.
  private final Map<Hash, Bytes> nodeCache =
      new LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Hash, Bytes> eldest) {
          return size() > NODE_CACHE_SIZE;
        }
      };
  private Hash root;

  private LedgerState(KeyValueStore store, Genesis genesis, ContractRegistry registry, Hash root) {
    this.store = store;
    this.genesis = genesis;
    this.registry = registry;
    this.tree = new SparseMerkleTree(this::readNode);
    this.root = root;
  }

  /**
   * A state in the heap, starting from {@code genesis}; nothing survives the process.
   *
   * @param genesis the allocations and minimum fee the state starts from
   * @param registry the native contracts the state runs
   * @return a state at the genesis root, backed by a fresh in-memory store
   */
  public static LedgerState inMemory(Genesis genesis, ContractRegistry registry) {
    return open(new InMemoryKeyValueStore(), genesis, registry);
  }

  /**
   * Opens the state kept in {@code store}, or starts it from {@code genesis} if the store is empty
   * (in one atomic write). The state owns the store from now on but does not close it.
   *
   * @param store a store that is empty or holds only a state (and the records of components that
   *     share it, under keys outside {@link #isStateKey}); no other writer may use it
   * @param genesis the allocations and minimum fee; must be the genesis the store's state started
   *     from, if it holds one
   * @param registry the native contracts the state runs; the same on every run
   * @return the state at the root the store holds, or at the genesis root if it was empty
   * @throws IllegalArgumentException if the store holds the state of another genesis
   * @throws StoreException if the store fails or its state is damaged (root node missing)
   */
  public static LedgerState open(KeyValueStore store, Genesis genesis, ContractRegistry registry) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(genesis, "genesis");
    Objects.requireNonNull(registry, "registry");
    Bytes digest = genesis.digest().toBytes();
    Optional<Bytes> stored = store.get(GENESIS_KEY);
    if (stored.isPresent()) {
      if (!stored.get().equals(digest)) {
        throw new IllegalArgumentException("the store holds the state of another genesis");
      }
      Bytes rootBytes =
          store.get(ROOT_KEY).orElseThrow(() -> new StoreException("ledger state without root"));
      if (rootBytes.size() != Hash.SIZE) {
        throw new StoreException("ledger state root is corrupt");
      }
      LedgerState state =
          new LedgerState(store, genesis, registry, Hash.of(rootBytes.toByteArray()));
      if (!state.tree.has(state.root)) {
        throw new StoreException("the state tree of root " + state.root + " is missing");
      }
      return state;
    }
    LedgerState state = new LedgerState(store, genesis, registry, TreeHash.EMPTY);
    SortedMap<Hash, Optional<Bytes>> changes = new TreeMap<>();
    for (Map.Entry<Address, Amount> e : genesis.allocations().entrySet()) {
      if (!e.getValue().isZero()) {
        changes.put(
            StateKeys.account(e.getKey()),
            Optional.of(StateValues.account(new Account(e.getValue(), 0))));
      }
    }
    changes.put(StateKeys.totalSupply(), Optional.of(StateValues.supply(genesis.initialSupply())));
    WriteBatch.Builder batch = WriteBatch.builder().put(GENESIS_KEY, digest);
    state.root = state.commit(changes, batch);
    return state;
  }

  /**
   * The genesis this state started from.
   *
   * @return the genesis given when the state was opened
   */
  public Genesis genesis() {
    return genesis;
  }

  /**
   * The native contracts this state runs.
   *
   * @return the registry given when the state was opened
   */
  public ContractRegistry registry() {
    return registry;
  }

  /**
   * The state root: the root hash of the state tree ({@link StateProof} defines it).
   *
   * @return the root after the last applied or reverted block, or the genesis state's root before
   *     the first
   */
  public synchronized Hash root() {
    return root;
  }

  /**
   * The account at {@code address}; {@link Account#EMPTY} if it was never funded.
   *
   * @param address the account's address
   * @return its current balance and nonce
   * @throws StoreException if the store fails or the stored account is corrupt
   */
  public synchronized Account account(Address address) {
    Optional<Bytes> v = value(StateKeys.account(Objects.requireNonNull(address, "address")));
    if (v.isEmpty()) {
      return Account.EMPTY;
    }
    try {
      return StateValues.decodeAccount(v.get());
    } catch (InvalidLedgerInputException e) {
      throw new StoreException("stored account of " + address + " is corrupt", e);
    }
  }

  /**
   * The entry {@code key} of contract {@code contract}'s storage, if any.
   *
   * @param contract the contract, by name and version, that owns the entry
   * @param key the entry's key within the contract's storage, 1 to 256 bytes
   * @return the entry's current value, or empty if the contract has not stored one
   * @throws IllegalArgumentException if the key is empty or longer than 256 bytes
   */
  public synchronized Optional<Bytes> contractEntry(ContractId contract, Bytes key) {
    return value(StateKeys.contractEntry(contract, key));
  }

  /**
   * The value of any state entry by its key ({@link StateKeys}), if any.
   *
   * @param stateKey the entry's key in the state tree
   * @return the entry's current value as stored ({@link StateValues} for accounts and supply), or
   *     empty if there is none
   */
  public synchronized Optional<Bytes> value(Hash stateKey) {
    return store.get(valueKey(Objects.requireNonNull(stateKey, "stateKey")));
  }

  /**
   * All CVT in existence: the genesis allocations plus every block reward so far.
   *
   * @return the total supply, in base units
   * @throws StoreException if the store fails or the stored supply is corrupt
   */
  public synchronized Amount totalSupply() {
    Optional<Bytes> v = value(StateKeys.totalSupply());
    try {
      return v.isEmpty() ? Amount.ZERO : StateValues.decodeSupply(v.get());
    } catch (InvalidLedgerInputException e) {
      throw new StoreException("stored supply is corrupt", e);
    }
  }

  /**
   * Applies a block: its transactions in order, then the reward and fee split ({@link
   * TransactionExecutor} has the rules). All or nothing and durable, as the class says.
   *
   * @param block the block's index, time, reward and contributions the reward and fees are paid to
   * @param transactions the block's transactions, applied in order; signatures already checked
   * @return what the block did, with the data to {@link #revert} it
   * @throws InvalidLedgerInputException with the reason of the first transaction that breaks a rule
   *     (bad nonce, insufficient funds, fee too low, unknown contract, a contract's refusal) or
   *     {@code OVERFLOW}; the state is unchanged
   */
  public BlockEffects apply(BlockContext block, List<SignedTransaction> transactions)
      throws InvalidLedgerInputException {
    return apply(block, transactions, CoupledWrites.NONE);
  }

  /**
   * {@link #apply(BlockContext, List)}, with {@code coupled}'s writes in the same atomic batch as
   * the state change: after a crash the store holds the block's state and those writes, or neither.
   * {@code coupled} is called once, before anything is written; if it throws, nothing is written
   * and its exception propagates.
   *
   * @param block the block's index, time, reward and contributions the reward and fees are paid to
   * @param transactions the block's transactions, applied in order; signatures already checked
   * @param coupled the writes of another component to make in the same batch, given the block's
   *     effects; {@link CoupledWrites#NONE} for none
   * @return what the block did, with the data to {@link #revert} it
   * @throws InvalidLedgerInputException as {@link #apply(BlockContext, List)}, or from {@code
   *     coupled}; the state is unchanged
   * @throws IllegalArgumentException if a coupled write has a key of the state ({@link
   *     #isStateKey}); nothing is written
   */
  public synchronized BlockEffects apply(
      BlockContext block, List<SignedTransaction> transactions, CoupledWrites coupled)
      throws InvalidLedgerInputException {
    Objects.requireNonNull(block, "block");
    Objects.requireNonNull(coupled, "coupled");
    List<SignedTransaction> txs = List.copyOf(transactions);
    WorkingState working = new WorkingState(this::value);
    TransactionExecutor executor =
        new TransactionExecutor(working, registry, genesis.minimumFee(), block);
    for (SignedTransaction tx : txs) {
      executor.execute(tx);
    }
    executor.finish();
    SortedMap<Hash, Optional<Bytes>> changes = new TreeMap<>();
    List<BlockEffects.UndoEntry> undo = new ArrayList<>();
    for (Map.Entry<Hash, Optional<Bytes>> e : working.writes().entrySet()) {
      Optional<Bytes> before = working.committed(e.getKey());
      if (!before.equals(e.getValue())) {
        changes.put(e.getKey(), e.getValue());
        undo.add(new BlockEffects.UndoEntry(e.getKey(), before));
      }
    }
    Hash before = root;
    Map<Hash, Bytes> created = new LinkedHashMap<>();
    Hash after = tree.update(root, changes, created);
    BlockEffects effects =
        new BlockEffects(block.index(), before, after, executor.fees(), txs.size(), undo);
    root = write(changes, created, after, coupledBatch(coupled.writesFor(effects)));
    return effects;
  }

  /**
   * The transactions a block producer should include, in order: each candidate is tried on top of
   * the ones already chosen and skipped if it breaks a rule or if paying the block (the reward and
   * fee split) would then fail, so {@link #apply} with the same block context and the result
   * succeeds. If the block cannot be paid even without transactions (the reward overflows the
   * supply), nothing is chosen; {@code apply} then refuses the block with {@code OVERFLOW}. The
   * state is not changed.
   *
   * @param block the context the block will be applied with (its reward and contributions decide
   *     whether paying it overflows)
   * @param candidates the transactions to choose from, in the order of preference
   * @return the candidates that apply together, in their given order; possibly empty
   */
  public synchronized List<SignedTransaction> selectApplicable(
      BlockContext block, List<SignedTransaction> candidates) {
    Objects.requireNonNull(block, "block");
    WorkingState working = new WorkingState(this::value);
    TransactionExecutor executor =
        new TransactionExecutor(working, registry, genesis.minimumFee(), block);
    List<SignedTransaction> chosen = new ArrayList<>();
    List<SignedTransaction> all = List.copyOf(candidates);
    for (SignedTransaction tx : all) {
      try {
        executor.execute(tx);
        chosen.add(tx);
      } catch (InvalidLedgerInputException e) {
        // Skipped: the executor has rolled it back, the next candidate sees the state without it.
      }
    }
    if (executor.canFinish()) {
      return List.copyOf(chosen);
    }
    // Rare: the payment fails with this choice. Choose again, checking it after every candidate.
    working = new WorkingState(this::value);
    executor = new TransactionExecutor(working, registry, genesis.minimumFee(), block);
    if (!executor.canFinish()) {
      return List.of();
    }
    chosen.clear();
    for (SignedTransaction tx : all) {
      try {
        executor.executeKeepingBlockPayable(tx);
        chosen.add(tx);
      } catch (InvalidLedgerInputException e) {
        // Skipped, as above.
      }
    }
    return List.copyOf(chosen);
  }

  /**
   * Undoes the last applied block, restoring root, balances, nonces, contract entries and supply
   * exactly. Atomic and durable like {@link #apply}. Call it again with the effects of the block
   * before to undo that one too.
   *
   * @param effects what {@link #apply} returned for the last applied block still in place
   * @throws IllegalStateException if {@code effects.rootAfter()} is not the current root, or the
   *     undo data does not lead back to {@code effects.rootBefore()} (nothing is changed then)
   */
  public void revert(BlockEffects effects) {
    revert(effects, WriteBatch.builder().build());
  }

  /**
   * {@link #revert(BlockEffects)}, with {@code coupled} in the same atomic batch as the state
   * change.
   *
   * @param effects what {@link #apply} returned for the last applied block still in place
   * @param coupled writes of another component (e.g. the chain's new tip) to make in the same
   *     batch, on keys outside the state's key space; may be empty
   * @throws IllegalStateException as {@link #revert(BlockEffects)}
   * @throws IllegalArgumentException if a coupled write has a key of the state ({@link
   *     #isStateKey}); nothing is written
   */
  public synchronized void revert(BlockEffects effects, WriteBatch coupled) {
    Objects.requireNonNull(effects, "effects");
    WriteBatch.Builder batch = coupledBatch(Objects.requireNonNull(coupled, "coupled"));
    if (!effects.rootAfter().equals(root)) {
      throw new IllegalStateException(
          "these effects are not of the last applied block: root is "
              + root
              + ", effects end at "
              + effects.rootAfter());
    }
    SortedMap<Hash, Optional<Bytes>> changes = new TreeMap<>();
    for (BlockEffects.UndoEntry u : effects.undo()) {
      changes.put(u.key(), u.previousValue());
    }
    Map<Hash, Bytes> created = new LinkedHashMap<>();
    Hash restored = tree.update(root, changes, created);
    if (!restored.equals(effects.rootBefore())) {
      throw new IllegalStateException(
          "the undo data does not lead back to " + effects.rootBefore());
    }
    root = write(changes, created, restored, batch);
  }

  /**
   * True if {@code key} belongs to the state's own key space (it begins with {@code 'n'}, {@code
   * 'v'} or {@code 'm'}); other components sharing the store use other keys.
   *
   * @param key a key of the underlying store
   * @return true if the state owns keys with that first byte, so a coupled write may not use it
   * @throws IllegalArgumentException if {@code key} is not a valid store key (1 to {@link
   *     KeyValueStore#MAX_KEY_SIZE} bytes)
   */
  public static boolean isStateKey(Bytes key) {
    byte first = KeyValueStore.checkKey(Objects.requireNonNull(key, "key")).byteAt(0);
    return first == NODE || first == VALUE || first == META;
  }

  private static WriteBatch.Builder coupledBatch(WriteBatch coupled) {
    WriteBatch.Builder batch = WriteBatch.builder();
    for (WriteBatch.Operation op : coupled.operations()) {
      if (isStateKey(op.key())) {
        throw new IllegalArgumentException("a coupled write may not touch the state's key " + op);
      }
      if (op.value().isPresent()) {
        batch.put(op.key(), op.value().get());
      } else {
        batch.delete(op.key());
      }
    }
    return batch;
  }

  /**
   * The proof of the value (or absence) of {@code stateKey} under the current root.
   *
   * @param stateKey the entry's key in the state tree ({@link StateKeys})
   * @return a proof that {@link StateProof#verify} accepts against {@link #root()} with the entry's
   *     current value, or with empty if it has none
   */
  public synchronized StateProof prove(Hash stateKey) {
    return tree.prove(root, Objects.requireNonNull(stateKey, "stateKey"));
  }

  /**
   * The proof of {@code stateKey} under an earlier root of this state.
   *
   * @param root a state root this state had, e.g. one a past block header carries
   * @param stateKey the entry's key in the state tree ({@link StateKeys})
   * @return a proof of the entry's value (or absence) as it was under {@code root}
   * @throws IllegalArgumentException if the tree of {@code root} is not stored here
   */
  public synchronized StateProof prove(Hash root, Hash stateKey) {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(stateKey, "stateKey");
    if (!tree.has(root)) {
      throw new IllegalArgumentException("no state tree with root " + root);
    }
    return tree.prove(root, stateKey);
  }

  /**
   * The value of {@code stateKey} under an earlier root of this state.
   *
   * @param root a state root this state had, e.g. one a past block header carries
   * @param stateKey the entry's key in the state tree ({@link StateKeys})
   * @return the entry's value under {@code root}, or empty if it had none then
   * @throws IllegalArgumentException if the tree of {@code root} is not stored here
   */
  public synchronized Optional<Bytes> valueAt(Hash root, Hash stateKey) {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(stateKey, "stateKey");
    if (!tree.has(root)) {
      throw new IllegalArgumentException("no state tree with root " + root);
    }
    return tree.get(root, stateKey);
  }

  private Hash commit(SortedMap<Hash, Optional<Bytes>> changes, WriteBatch.Builder batch) {
    Map<Hash, Bytes> created = new LinkedHashMap<>();
    Hash newRoot = tree.update(root, changes, created);
    return write(changes, created, newRoot, batch);
  }

  private Hash write(
      SortedMap<Hash, Optional<Bytes>> changes,
      Map<Hash, Bytes> created,
      Hash newRoot,
      WriteBatch.Builder batch) {
    for (Map.Entry<Hash, Bytes> n : created.entrySet()) {
      batch.put(nodeKey(n.getKey()), n.getValue());
    }
    for (Map.Entry<Hash, Optional<Bytes>> c : changes.entrySet()) {
      if (c.getValue().isPresent()) {
        batch.put(valueKey(c.getKey()), c.getValue().get());
      } else {
        batch.delete(valueKey(c.getKey()));
      }
    }
    batch.put(ROOT_KEY, newRoot.toBytes());
    store.write(batch.build());
    nodeCache.putAll(created);
    return newRoot;
  }

  private Optional<Bytes> readNode(Hash hash) {
    Bytes cached = nodeCache.get(hash);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<Bytes> stored = store.get(nodeKey(hash));
    stored.ifPresent(n -> nodeCache.put(hash, n));
    return stored;
  }

  private static Bytes nodeKey(Hash hash) {
    return prefixed(NODE, hash);
  }

  private static Bytes valueKey(Hash stateKey) {
    return prefixed(VALUE, stateKey);
  }

  private static Bytes prefixed(byte prefix, Hash hash) {
    byte[] k = new byte[1 + Hash.SIZE];
    k[0] = prefix;
    hash.copyTo(k, 1);
    return Bytes.of(k);
  }

  @Override
  public String toString() {
    return "LedgerState[root " + root().toHex().substring(0, 16) + "]";
  }
}
