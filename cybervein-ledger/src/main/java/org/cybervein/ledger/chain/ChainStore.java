package org.cybervein.ledger.chain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.store.KeyRange;
import org.cybervein.api.store.KeyValue;
import org.cybervein.api.store.KeyValueStore;
import org.cybervein.api.store.StoreException;
import org.cybervein.api.store.WriteBatch;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.block.Block;
import org.cybervein.ledger.state.BlockEffects;
import org.cybervein.ledger.state.LedgerState;
import org.cybervein.ledger.transaction.SignedTransaction;

/**
 * A chain's durable records, kept in the key-value store of its {@link LedgerState} under keys
 * beginning with {@code 'c'} (the state's own keys begin with {@code 'n'}, {@code 'v'} or {@code
 * 'm'}, so the two never collide):
 *
 * <ul>
 *   <li>{@code "cg"}: the genesis: format version (1 byte), genesis state root, genesis time (u64
 *       big-endian), digest of the genesis transactions ({@link #transactionsDigest});
 *   <li>{@code "ct"}: the id of the best chain's tip (the genesis id at genesis);
 *   <li>{@code "cb" || id}: every held block's encoding, by id (best-chain blocks are never
 *       deleted; a block found invalid, and a side branch once it forks below the undo window,
 *       are);
 *   <li>{@code "cu" || u64be(index)}: the {@link BlockEffects} encoding of the best-chain block at
 *       that index, for the chain's undo window (its last {@code maxReorgDepth} blocks, more only
 *       while a switch runs: the excess is trimmed when it ends, or when the chain is reopened).
 * </ul>
 *
 * <p>Every value is sealed: the payload followed by {@code TH("cybervein/ledger/chain-store/v1",
 * u32(len(key)) || key || payload)}, so a damaged or misplaced record is detected when read ({@link
 * StoreException}), never taken for another chain. The tip and undo records change only in the same
 * batch as the state ({@link org.cybervein.ledger.state.CoupledWrites}); block records are written
 * alone, before a block can become part of the best chain.
 *
 * <p>{@link #NONE} keeps nothing, for chains made by {@link Chain#start}.
 */
final class ChainStore {
  /** The format version in the genesis record. */
  static final int VERSION = 1;

  /** The tag of the seal on every record. */
  static final DomainTag SEAL_TAG = DomainTag.of("cybervein/ledger/chain-store/v1");

  /** The tag of the digest of the genesis transactions. */
  static final DomainTag GENESIS_TRANSACTIONS_TAG =
      DomainTag.of("cybervein/ledger/chain-genesis-transactions/v1");

  private static final byte PREFIX = 'c';
  private static final Bytes GENESIS_KEY = Bytes.of(new byte[] {PREFIX, 'g'});
  private static final Bytes TIP_KEY = Bytes.of(new byte[] {PREFIX, 't'});
  private static final Bytes BLOCKS = Bytes.of(new byte[] {PREFIX, 'b'});
  private static final Bytes UNDO = Bytes.of(new byte[] {PREFIX, 'u'});
  private static final int GENESIS_SIZE = 1 + Hash.SIZE + Long.BYTES + Hash.SIZE;

  /** A chain that keeps nothing: every write is empty. */
  static final ChainStore NONE = new ChainStore(null);

  private final KeyValueStore store;

  private ChainStore(KeyValueStore store) {
    this.store = store;
  }

  /** The records in {@code store}; the chain shares it with its state. */
  static ChainStore in(KeyValueStore store) {
    return new ChainStore(Objects.requireNonNull(store, "store"));
  }

  /**
   * The genesis record.
   *
   * @param root the state root after the genesis transactions
   * @param timeMillis the genesis time
   * @param transactionsDigest {@link #transactionsDigest} of the genesis transactions
   */
  record Genesis(Hash root, long timeMillis, Hash transactionsDigest) {}

  /** The digest of the genesis transactions, in order: {@code TH(tag, (u32 len || tx)*)}. */
  static Hash transactionsDigest(List<SignedTransaction> transactions) {
    var h = HashFunction.SHA256.newHasher(GENESIS_TRANSACTIONS_TAG);
    for (SignedTransaction t : transactions) {
      Bytes e = t.encoded();
      h.updateInt(e.size()).update(e);
    }
    return h.digest();
  }

  boolean durable() {
    return store != null;
  }

  /** True if the store holds any chain record. */
  boolean hasAnyRecord() {
    try (KeyValueStore.Scan scan = store.scan(KeyRange.prefix(Bytes.of(new byte[] {PREFIX})))) {
      return scan.hasNext();
    }
  }

  // ------------------------------------------------------------------ writes

  /** The writes that start a chain: its genesis, and genesis as the tip. */
  WriteBatch genesisWrites(Genesis genesis, Hash genesisId) {
    if (!durable()) {
      return WriteBatch.builder().build();
    }
    byte[] g = new byte[GENESIS_SIZE];
    g[0] = VERSION;
    genesis.root().copyTo(g, 1);
    long t = genesis.timeMillis();
    for (int i = 0; i < Long.BYTES; i++) {
      g[1 + Hash.SIZE + i] = (byte) (t >>> (56 - 8 * i));
    }
    genesis.transactionsDigest().copyTo(g, 1 + Hash.SIZE + Long.BYTES);
    return WriteBatch.builder()
        .put(GENESIS_KEY, seal(GENESIS_KEY, Bytes.of(g)))
        .put(TIP_KEY, seal(TIP_KEY, genesisId.toBytes()))
        .build();
  }

  /** Stores an accepted block (one write of its own). */
  void putBlock(Block block) {
    if (durable()) {
      Bytes key = blockKey(block.id());
      store.put(key, seal(key, block.encoded()));
    }
  }

  /** Forgets blocks found invalid or dropped (one write). */
  void deleteBlocks(List<Hash> ids) {
    if (durable() && !ids.isEmpty()) {
      WriteBatch.Builder b = WriteBatch.builder();
      for (Hash id : ids) {
        b.delete(blockKey(id));
      }
      store.write(b.build());
    }
  }

  /**
   * The writes that go with applying {@code block} on the tip: it becomes the tip, its effects join
   * the undo window, and the oldest effects {@code trimmed} leave it (a switch longer than the
   * window trims the rest when it ends, {@link #trimUndoBelow}).
   */
  WriteBatch applyWrites(Block block, BlockEffects effects, OptionalLong trimmed) {
    WriteBatch.Builder b = WriteBatch.builder();
    if (durable()) {
      b.put(TIP_KEY, seal(TIP_KEY, block.id().toBytes()));
      Bytes undoKey = undoKey(block.index());
      b.put(undoKey, seal(undoKey, effects.encode()));
      if (trimmed.isPresent()) {
        b.delete(undoKey(trimmed.getAsLong()));
      }
    }
    return b.build();
  }

  /** The writes that go with reverting the tip of {@code index}: its parent becomes the tip. */
  WriteBatch revertWrites(Hash parentId, long index) {
    WriteBatch.Builder b = WriteBatch.builder();
    if (durable()) {
      b.put(TIP_KEY, seal(TIP_KEY, parentId.toBytes())).delete(undoKey(index));
    }
    return b.build();
  }

  /** Drops the undo records below {@code firstKept} (one write). */
  void trimUndoBelow(long firstKept) {
    if (!durable()) {
      return;
    }
    WriteBatch.Builder b = WriteBatch.builder();
    try (KeyValueStore.Scan scan = store.scan(KeyRange.between(UNDO, undoKey(firstKept)))) {
      while (scan.hasNext()) {
        b.delete(scan.next().key());
      }
    }
    WriteBatch batch = b.build();
    if (!batch.isEmpty()) {
      store.write(batch);
    }
  }

  // ------------------------------------------------------------------ reads

  /**
   * The genesis record, if the store holds one.
   *
   * @throws StoreException if it is damaged or of another format version
   */
  Optional<Genesis> genesis() {
    Optional<Bytes> v = store.get(GENESIS_KEY);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    Bytes g = unseal(GENESIS_KEY, v.get());
    if (g.size() != GENESIS_SIZE || g.byteAt(0) != VERSION) {
      throw new StoreException("the chain's genesis record is of another format");
    }
    long t = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      t = (t << 8) | (g.byteAt(1 + Hash.SIZE + i) & 0xff);
    }
    byte[] b = g.toByteArray();
    return Optional.of(new Genesis(Hash.of(b, 1), t, Hash.of(b, 1 + Hash.SIZE + Long.BYTES)));
  }

  /**
   * The tip id.
   *
   * @throws StoreException if it is missing or damaged
   */
  Hash tip() {
    Bytes v =
        unseal(
            TIP_KEY,
            store.get(TIP_KEY).orElseThrow(() -> new StoreException("no chain tip record")));
    if (v.size() != Hash.SIZE) {
      throw new StoreException("the chain tip record is damaged");
    }
    return Hash.of(v.toByteArray());
  }

  /**
   * Every stored block, parents before children (by index, then id).
   *
   * @throws StoreException if a record is damaged or not under its block's id
   */
  List<Block> blocks() {
    List<Block> out = new ArrayList<>();
    try (KeyValueStore.Scan scan = store.scan(KeyRange.prefix(BLOCKS))) {
      while (scan.hasNext()) {
        KeyValue kv = scan.next();
        Block block;
        try {
          block = Block.decode(unseal(kv.key(), kv.value()));
        } catch (InvalidLedgerInputException e) {
          throw new StoreException("a stored block does not decode: " + e.getMessage(), e);
        }
        if (!kv.key().equals(blockKey(block.id()))) {
          throw new StoreException("a stored block is not under its id");
        }
        out.add(block);
      }
    }
    out.sort(Comparator.comparingLong(Block::index).thenComparing(Block::id));
    return out;
  }

  /**
   * The stored undo window, oldest first.
   *
   * @throws StoreException if a record is damaged or not under its block index
   */
  List<BlockEffects> undo() {
    List<BlockEffects> out = new ArrayList<>();
    try (KeyValueStore.Scan scan = store.scan(KeyRange.prefix(UNDO))) {
      while (scan.hasNext()) {
        KeyValue kv = scan.next();
        BlockEffects fx;
        try {
          fx = BlockEffects.decode(unseal(kv.key(), kv.value()));
        } catch (InvalidLedgerInputException e) {
          throw new StoreException("stored undo data does not decode: " + e.getMessage(), e);
        }
        if (!kv.key().equals(undoKey(fx.blockIndex()))) {
          throw new StoreException("stored undo data is not under its block index");
        }
        out.add(fx);
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ keys and seals

  private static Bytes blockKey(Hash id) {
    return BLOCKS.concat(id.toBytes());
  }

  private static Bytes undoKey(long index) {
    byte[] k = new byte[UNDO.size() + Long.BYTES];
    UNDO.copyTo(k, 0);
    for (int i = 0; i < Long.BYTES; i++) {
      k[UNDO.size() + i] = (byte) (index >>> (56 - 8 * i));
    }
    return Bytes.of(k);
  }

  private static Hash sealOf(Bytes key, Bytes payload) {
    return HashFunction.SHA256
        .newHasher(SEAL_TAG)
        .updateInt(key.size())
        .update(key)
        .update(payload)
        .digest();
  }

  static Bytes seal(Bytes key, Bytes payload) {
    return payload.concat(sealOf(key, payload).toBytes());
  }

  static Bytes unseal(Bytes key, Bytes value) {
    if (value.size() < Hash.SIZE) {
      throw new StoreException("chain record " + key.toHex() + " is truncated");
    }
    Bytes payload = value.slice(0, value.size() - Hash.SIZE);
    if (!value
        .slice(value.size() - Hash.SIZE, value.size())
        .equals(sealOf(key, payload).toBytes())) {
      throw new StoreException("chain record " + key.toHex() + " is damaged");
    }
    return payload;
  }
}
