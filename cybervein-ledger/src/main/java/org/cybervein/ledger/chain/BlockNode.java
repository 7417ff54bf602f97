package org.cybervein.ledger.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.cybervein.api.Hash;
import org.cybervein.api.PublicKey;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.block.Block;

/**
 * One block of a chain's block tree, or its genesis, with what the stateless checks derived from it
 * (its accumulated quality and the next DAG checkpoint number) and what the chain has learned about
 * it since (applied once, weights checked, found invalid).
 */
final class BlockNode {
  /** The block; null for genesis only. */
  final Block block;

  final Hash id;

  /** The parent; null for genesis only. */
  final BlockNode parent;

  final long index;
  final long timeMillis;

  /** The sum of {@link ProofQuality#of} over the blocks from genesis to this one. */
  final long totalQuality;

  /** The number the next DAG checkpoint carried by a child must have. */
  final long nextCheckpoint;

  /** The digest a child signs as the previous sigma. */
  final Hash sigmaDigest;

  // Held children, to walk subtrees (invalid marks, pruning) without scanning every node.
  final List<BlockNode> children = new ArrayList<>(1);

  /** Set on a block found invalid and on all its descendants ({@link ForkChoice#markInvalid}). */
  InvalidLedgerInputException invalid;

  // Genesis, or applied at some time: its state root was verified and the tree under it stays
  // readable (state tree nodes are content-addressed and never deleted), so its children can be
  // checked against its post-state without applying anything.
  boolean applied;

  // Its contributions were found registered with the claimed bandwidths in the parent's state.
  boolean contributionsChecked;

  private BlockNode(
      Block block,
      Hash id,
      BlockNode parent,
      long index,
      long timeMillis,
      long totalQuality,
      long nextCheckpoint,
      Hash sigmaDigest) {
    this.block = block;
    this.id = id;
    this.parent = parent;
    this.index = index;
    this.timeMillis = timeMillis;
    this.totalQuality = totalQuality;
    this.nextCheckpoint = nextCheckpoint;
    this.sigmaDigest = sigmaDigest;
  }

  /** The root of a tree: applied from the start, its id its own sigma digest. */
  static BlockNode genesis(Hash id, long timeMillis) {
    BlockNode g = new BlockNode(null, id, null, 0, timeMillis, 0, 0, id);
    g.applied = true;
    return g;
  }

  /**
   * A node for {@code block} on {@code parent}, not yet held.
   *
   * @param quality the quality phi's contribution adds
   * @param nextCheckpoint the next DAG checkpoint number after {@code block}
   * @throws ArithmeticException if the accumulated quality overflows
   */
  static BlockNode child(BlockNode parent, Block block, long quality, long nextCheckpoint) {
    Objects.requireNonNull(parent, "parent");
    return new BlockNode(
        block,
        block.id(),
        parent,
        block.index(),
        block.tau().timeMillis(),
        Math.addExact(parent.totalQuality, quality),
        nextCheckpoint,
        block.sigmaDigest());
  }

  boolean isGenesis() {
    return parent == null;
  }

  PublicKey contributor() {
    return block.contributor();
  }

  /**
   * The fork-choice order, total: the larger accumulated quality, then the smaller id, so that
   * nodes holding the same blocks pick the same chain.
   */
  boolean betterThan(BlockNode other) {
    return totalQuality != other.totalQuality
        ? totalQuality > other.totalQuality
        : id.compareTo(other.id) < 0;
  }

  @Override
  public String toString() {
    return "BlockNode[" + index + ", " + id + "]";
  }
}
