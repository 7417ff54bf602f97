package org.cybervein.ledger.contract.btcrelay;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.cybervein.api.Bytes;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.v1.BtcRelayProto;
import org.cybervein.bitcoin.Hash256;
import org.cybervein.bitcoin.InvalidBitcoinDataException;
import org.cybervein.bitcoin.chain.ChainEntry;
import org.cybervein.bitcoin.header.BlockHeader;
import org.cybervein.bitcoin.merkle.TxMerkleProof;
import org.cybervein.bitcoin.transaction.BitcoinTransaction;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.contract.CallContext;
import org.cybervein.ledger.contract.ContractId;
import org.cybervein.ledger.contract.ContractStorage;
import org.cybervein.ledger.contract.ContractWire;
import org.cybervein.ledger.contract.NativeContract;

/**
 * The native contract {@code btc-relay} version 1: a Bitcoin light client on the ledger. Anyone
 * submits Bitcoin headers; the relay keeps those that extend what it holds under the rules of
 * {@link ChainEntry#connect} (link, nBits and retargeting, proof of work), follows the best chain
 * by accumulated chainwork from the {@link RelayConfig#checkpoint() checkpoint} fixed at
 * deployment, and answers whether a Bitcoin transaction is in a block of its best chain with at
 * least k confirmations.
 *
 * <h2>Call ({@code cybervein.v1.BtcRelayCall})</h2>
 *
 * {@code submit_headers}: 1 to {@link RelayConfig#maxHeadersPerCall()} concatenated 80-byte
 * headers, each following a stored header or an earlier one of the call. Headers already stored are
 * skipped. A header whose parent is more than {@link RelayConfig#maxReorgDepth()} below the best
 * tip is refused. The caller pays {@link RelayConfig#feePerHeader()} per newly stored header as a
 * network fee, on top of the transaction fee. Any refusal undoes the whole call.
 *
 * <h2>Queries</h2>
 *
 * Read-only, over this contract's entries in any state (the ledger's {@code
 * LedgerState.contractEntry(BitcoinRelay.ID, key)}, or entries proved against a state root): {@link
 * #bestTip}, {@link #block}, {@link #confirmations}, {@link #isIncluded} and {@link
 * #checkInclusion}.
 *
 * <h2>Entries (bounded)</h2>
 *
 * {@code "t"} → best tip hash; {@code "e" || hash} → {@link ChainEntry#encode()}; {@code "m" ||
 * u64be(height)} → the best chain's hash at that height; {@code "p"} → the lowest retained height;
 * {@code "n"} → side-branch counter; {@code "r" || u64be(slot)} → the side-branch header in that
 * ring slot. The best chain keeps its last {@link RelayConfig#retainedBlocks()} headers, side
 * branches at most {@link RelayConfig#sideBranchCapacity()} (the oldest is deleted first), so the
 * entries stay below {@code 2 * (retainedBlocks + sideBranchCapacity) + 4} whatever is submitted.
 * Before the first call the entries are empty and the queries see the checkpoint alone.
 */
public final class BitcoinRelay implements NativeContract {
  /** The contract's id: {@code btc-relay} version 1. */
  public static final ContractId ID = new ContractId("btc-relay", 1);

  private static final Bytes TIP = key('t');
  private static final Bytes LOWEST = key('p');
  private static final Bytes SIDE_COUNTER = key('n');

  private final RelayConfig config;

  /**
   * The relay under {@code config}.
   *
   * @param config the parameters, checkpoint and bounds
   */
  public BitcoinRelay(RelayConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * The configuration.
   *
   * @return the configuration
   */
  public RelayConfig config() {
    return config;
  }

  @Override
  public ContractId id() {
    return ID;
  }

  /**
   * The input of a {@code submit_headers} call.
   *
   * @param headers the headers, in order
   * @return the call input
   */
  public static Bytes submitHeadersCall(List<BlockHeader> headers) {
    Bytes concatenated = Bytes.EMPTY;
    for (BlockHeader h : headers) {
      concatenated = concatenated.concat(h.encode());
    }
    return Bytes.of(
        BtcRelayProto.BtcRelayCall.newBuilder()
            .setSubmitHeaders(
                BtcRelayProto.BtcRelaySubmitHeaders.newBuilder()
                    .setHeaders(ApiTypesCodec.byteString(concatenated)))
            .build()
            .toByteArray());
  }

  @Override
  public void call(CallContext context, Bytes input) throws InvalidLedgerInputException {
    int maxInput = config.maxHeadersPerCall() * BlockHeader.SIZE + 16;
    BtcRelayProto.BtcRelayCall call =
        ContractWire.parse(input, maxInput, BtcRelayProto.BtcRelayCall.getDefaultInstance());
    if (call.getCallCase() != BtcRelayProto.BtcRelayCall.CallCase.SUBMIT_HEADERS) {
      throw new InvalidLedgerInputException(Reason.MALFORMED, "empty btc-relay call");
    }
    List<BlockHeader> headers;
    try {
      headers =
          BlockHeader.parseConcatenated(
              ApiTypesCodec.bytes(call.getSubmitHeaders().getHeaders()),
              config.maxHeadersPerCall());
    } catch (InvalidBitcoinDataException e) {
      throw refusal(e);
    }
    ContractStorage storage = context.storage();
    initialise(storage);
    int stored = 0;
    for (BlockHeader h : headers) {
      if (submit(storage, h)) {
        stored++;
      }
    }
    if (stored > 0 && !config.feePerHeader().isZero()) {
      context.payNetworkFee(config.feePerHeader().times(stored));
    }
  }

  private void initialise(ContractStorage storage) {
    if (storage.get(TIP).isPresent()) {
      return;
    }
    ChainEntry cp = config.checkpoint();
    storage.put(entryKey(cp.hash()), cp.encode());
    storage.put(heightKey(cp.height()), cp.hash().wireBytes());
    storage.put(TIP, cp.hash().wireBytes());
    storage.put(LOWEST, longBytes(cp.height()));
  }

  // Stores one header; false if it was already stored.
  private boolean submit(ContractStorage storage, BlockHeader header)
      throws InvalidLedgerInputException {
    Hash256 hash = header.hash();
    Function<Bytes, Optional<Bytes>> entries = storage::get;
    if (storage.get(entryKey(hash)).isPresent()) {
      return false;
    }
    ChainEntry parent =
        entry(entries, header.previousBlock())
            .orElseThrow(
                () ->
                    new InvalidLedgerInputException(
                        Reason.NOT_FOUND, "no stored parent " + header.previousBlock()));
    ChainEntry best = tipOf(entries).orElseThrow();
    if (parent.height() + config.maxReorgDepth() < best.height()) {
      throw new InvalidLedgerInputException(
          Reason.REORG_TOO_DEEP,
          "parent at height " + parent.height() + ", best tip at " + best.height());
    }
    ChainEntry child;
    try {
      child = parent.connect(header, config.parameters());
    } catch (InvalidBitcoinDataException e) {
      throw refusal(e);
    }
    storage.put(entryKey(hash), child.encode());
    if (child.chainWork().compareTo(best.chainWork()) > 0) {
      makeBest(storage, child, best);
    } else {
      pushSide(storage, hash);
    }
    return true;
  }

  // Points the height index at the branch of `tip`, moves the headers it replaces to the side
  // ring, and deletes best-chain entries that fell out of the retained window. The branch is read
  // whole before anything is written, so ring evictions cannot cut it.
  private void makeBest(ContractStorage storage, ChainEntry tip, ChainEntry oldBest)
      throws InvalidLedgerInputException {
    Function<Bytes, Optional<Bytes>> entries = storage::get;
    List<ChainEntry> path = new ArrayList<>();
    ChainEntry e = tip;
    while (!onBestChain(entries, e)) {
      path.add(e);
      Optional<ChainEntry> parent = entry(entries, e.header().previousBlock());
      if (parent.isEmpty()) {
        // Only a branch whose side headers were evicted from the ring gets here.
        throw new InvalidLedgerInputException(
            Reason.NOT_FOUND, "the branch's headers are no longer stored");
      }
      e = parent.get();
    }
    List<Hash256> displaced = new ArrayList<>();
    for (long h = e.height() + 1; h <= oldBest.height(); h++) {
      Bytes k = heightKey(h);
      storage.get(k).ifPresent(old -> displaced.add(new Hash256(old)));
      storage.delete(k);
    }
    for (ChainEntry p : path) {
      storage.put(heightKey(p.height()), p.hash().wireBytes());
    }
    storage.put(TIP, tip.hash().wireBytes());
    for (Hash256 d : displaced) {
      pushSide(storage, d);
    }
    long lowest = readLong(storage.get(LOWEST).orElseThrow());
    long keepFrom = tip.height() - config.retainedBlocks() + 1;
    for (long h = lowest; h < keepFrom; h++) {
      Bytes k = heightKey(h);
      Optional<Bytes> old = storage.get(k);
      if (old.isPresent()) {
        storage.delete(entryKey(new Hash256(old.get())));
        storage.delete(k);
      }
    }
    if (keepFrom > lowest) {
      storage.put(LOWEST, longBytes(keepFrom));
    }
  }

  // Records a header off the best chain in the ring, deleting the one it replaces unless that one
  // has since joined the best chain.
  private void pushSide(ContractStorage storage, Hash256 hash) {
    long n = storage.get(SIDE_COUNTER).map(BitcoinRelay::readLong).orElse(0L);
    Bytes slot = Bytes.of(new byte[] {'r'}).concat(longBytes(n % config.sideBranchCapacity()));
    Optional<Bytes> replaced = storage.get(slot);
    if (replaced.isPresent() && !replaced.get().equals(hash.wireBytes())) {
      Hash256 old = new Hash256(replaced.get());
      Optional<ChainEntry> e = entry(storage::get, old);
      if (e.isPresent() && !onBestChain(storage::get, e.get())) {
        storage.delete(entryKey(old));
      }
    }
    storage.put(slot, hash.wireBytes());
    storage.put(SIDE_COUNTER, longBytes(n + 1));
  }

  /**
   * The best chain's tip.
   *
   * @param entries this contract's entries in some state
   * @return the tip, or empty before the first call
   */
  public static Optional<ChainEntry> bestTip(Function<Bytes, Optional<Bytes>> entries) {
    return entries.apply(TIP).flatMap(h -> entry(entries, new Hash256(h)));
  }

  private static Optional<ChainEntry> tipOf(Function<Bytes, Optional<Bytes>> entries) {
    return bestTip(entries);
  }

  /**
   * A stored header, on the best chain or a side branch.
   *
   * @param entries this contract's entries in some state
   * @param blockHash the block hash, wire order
   * @return its entry, or empty if not stored
   */
  public static Optional<ChainEntry> block(
      Function<Bytes, Optional<Bytes>> entries, Hash256 blockHash) {
    return entry(entries, blockHash);
  }

  private static Optional<ChainEntry> entry(
      Function<Bytes, Optional<Bytes>> entries, Hash256 hash) {
    return entries
        .apply(entryKey(hash))
        .map(
            b -> {
              try {
                return ChainEntry.decode(b);
              } catch (InvalidBitcoinDataException e) {
                throw new IllegalStateException("btc-relay entries hold an unreadable header", e);
              }
            });
  }

  private static boolean onBestChain(Function<Bytes, Optional<Bytes>> entries, ChainEntry e) {
    return entries
        .apply(heightKey(e.height()))
        .map(h -> h.equals(e.hash().wireBytes()))
        .orElse(false);
  }

  /**
   * The confirmations of a block on the relay's best chain: 1 for the tip, 2 for its parent, and so
   * on.
   *
   * @param entries this contract's entries in some state
   * @param blockHash the block hash, wire order
   * @return the confirmations, or 0 if the block is not stored on the best chain
   */
  public static long confirmations(Function<Bytes, Optional<Bytes>> entries, Hash256 blockHash) {
    Optional<ChainEntry> tip = bestTip(entries);
    Optional<ChainEntry> e = entry(entries, blockHash);
    if (tip.isEmpty() || e.isEmpty() || !onBestChain(entries, e.get())) {
      return 0;
    }
    return tip.get().height() - e.get().height() + 1;
  }

  /**
   * Whether transaction {@code txid} is in block {@code blockHash} of the best chain with at least
   * {@code minConfirmations} confirmations, by {@code proof} against the block's Merkle root. The
   * caller must know that the transaction is not 64 bytes long (see {@link #checkInclusion}).
   *
   * @param entries this contract's entries in some state
   * @param txid the transaction id, wire order
   * @param blockHash the block hash, wire order
   * @param proof the transaction's Merkle proof in that block
   * @param minConfirmations k, 1 or more
   * @return true if all of it holds
   */
  public static boolean isIncluded(
      Function<Bytes, Optional<Bytes>> entries,
      Hash256 txid,
      Hash256 blockHash,
      TxMerkleProof proof,
      long minConfirmations) {
    if (minConfirmations < 1) {
      throw new IllegalArgumentException("k is 1 or more");
    }
    if (confirmations(entries, blockHash) < minConfirmations) {
      return false;
    }
    try {
      proof.verify(txid, entry(entries, blockHash).orElseThrow().header().merkleRoot());
      return true;
    } catch (InvalidBitcoinDataException e) {
      return false;
    }
  }

  /**
   * Checks that {@code tx} is in block {@code blockHash} of the best chain with at least {@code
   * minConfirmations} confirmations, refusing a 64-byte transaction (which could be an inner Merkle
   * node). For contracts that act on a Bitcoin payment.
   *
   * @param entries this contract's entries in some state
   * @param tx the transaction, parsed from its raw bytes
   * @param blockHash the block hash, wire order
   * @param proof the transaction's Merkle proof in that block
   * @param minConfirmations k, 1 or more
   * @return the block's confirmations, at least {@code minConfirmations}
   * @throws InvalidLedgerInputException {@code NOT_FOUND} if the block is not on the best chain,
   *     {@code CONTRACT_RULE} with too few confirmations, {@code BAD_PROOF} for a proof that does
   *     not lead to the block's Merkle root or an ambiguous one
   */
  public static long checkInclusion(
      Function<Bytes, Optional<Bytes>> entries,
      BitcoinTransaction tx,
      Hash256 blockHash,
      TxMerkleProof proof,
      long minConfirmations)
      throws InvalidLedgerInputException {
    if (minConfirmations < 1) {
      throw new IllegalArgumentException("k is 1 or more");
    }
    long confirmations = confirmations(entries, blockHash);
    if (confirmations == 0) {
      throw new InvalidLedgerInputException(
          Reason.NOT_FOUND, "block " + blockHash + " is not on the relay's best chain");
    }
    if (confirmations < minConfirmations) {
      throw new InvalidLedgerInputException(
          Reason.CONTRACT_RULE,
          confirmations + " confirmations, " + minConfirmations + " required");
    }
    try {
      tx.checkNotMerkleNodeSized();
      proof.verify(tx.txid(), entry(entries, blockHash).orElseThrow().header().merkleRoot());
    } catch (InvalidBitcoinDataException e) {
      throw new InvalidLedgerInputException(Reason.BAD_PROOF, e.getMessage());
    }
    return confirmations;
  }

  private static InvalidLedgerInputException refusal(InvalidBitcoinDataException e) {
    Reason r =
        switch (e.reason()) {
          case OVERSIZED -> Reason.OVERSIZED;
          case TRUNCATED, WRONG_LENGTH, MALFORMED, NON_CANONICAL -> Reason.MALFORMED;
          case BROKEN_LINK -> Reason.BAD_LINK;
          case UNKNOWN_PARENT -> Reason.NOT_FOUND;
          case FORK_TOO_DEEP -> Reason.REORG_TOO_DEEP;
          case BAD_TARGET,
              INSUFFICIENT_WORK,
              UNEXPECTED_TARGET,
              BAD_MERKLE_PROOF,
              AMBIGUOUS_MERKLE_PROOF ->
              Reason.BAD_PROOF;
          case TOO_MANY_FORKS, NOT_HTLC -> Reason.CONTRACT_RULE;
        };
    return new InvalidLedgerInputException(r, "bitcoin " + e.reason() + ": " + e.getMessage(), e);
  }

  private static Bytes key(char c) {
    return Bytes.of(new byte[] {(byte) c});
  }

  private static Bytes entryKey(Hash256 hash) {
    return key('e').concat(hash.wireBytes());
  }

  private static Bytes heightKey(long height) {
    return key('m').concat(longBytes(height));
  }

  private static Bytes longBytes(long v) {
    return Bytes.of(ByteBuffer.allocate(8).putLong(v).array());
  }

  private static long readLong(Bytes b) {
    if (b.size() != 8) {
      throw new IllegalStateException("btc-relay entries hold a counter of " + b.size() + " bytes");
    }
    return ByteBuffer.wrap(b.toByteArray()).getLong();
  }

  @Override
  public String toString() {
    return "BitcoinRelay[checkpoint " + config.checkpoint() + "]";
  }
}
