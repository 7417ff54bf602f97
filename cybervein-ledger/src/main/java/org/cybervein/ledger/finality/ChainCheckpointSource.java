package org.cybervein.ledger.finality;

import java.util.Objects;
import java.util.Optional;
import org.cybervein.dag.certification.CheckpointSource;
import org.cybervein.dag.certification.DagCheckpoint;
import org.cybervein.ledger.block.Block;
import org.cybervein.ledger.chain.Chain;

/**
 * The DAG's {@link CheckpointSource} backed by a {@link Chain}: checkpoint {@code number} exists
 * once the best-chain block that carries it is buried {@code depth} blocks deep (the tip's index
 * minus the block's is at least {@code depth}).
 *
 * <p>Why that is final: the chain never reverts more than {@link
 * org.cybervein.ledger.chain.ChainParameters#maxReorgDepth()} blocks, so with {@code depth} at
 * least that, a checkpoint this source has answered is never taken back on this node. Whether every
 * node buries the same block is the chain's common-prefix property: honest nodes that agree on all
 * but the last few blocks agree on the checkpoints buried deeper than those.
 *
 * <p>Checkpoints are numbered from 0 without gaps along every chain (the chain validates it), so
 * this source answers a prefix of the numbers, as the DAG expects.
 */
public final class ChainCheckpointSource implements CheckpointSource {
  private final Chain chain;
  private final int depth;

  /**
   * A source over {@code chain}.
   *
   * @param chain the chain to read buried blocks from
   * @param depth the number of blocks on top of a block before its checkpoint counts as final
   * @throws IllegalArgumentException if {@code depth} is below the chain's maximum reorganisation
   *     depth
   */
  public ChainCheckpointSource(Chain chain, int depth) {
    this.chain = Objects.requireNonNull(chain, "chain");
    if (depth < chain.parameters().maxReorgDepth()) {
      throw new IllegalArgumentException(
          "depth "
              + depth
              + " is below the deepest reorganisation "
              + chain.parameters().maxReorgDepth());
    }
    this.depth = depth;
  }

  /**
   * The burial depth.
   *
   * @return the depth in blocks
   */
  public int depth() {
    return depth;
  }

  @Override
  public Optional<DagCheckpoint> checkpoint(long number) {
    Optional<Block> block = chain.checkpointBlock(number);
    if (block.isEmpty() || chain.height() - block.get().index() < depth) {
      return Optional.empty();
    }
    return block.get().tau().checkpoint();
  }
}
