package org.cybervein.ledger.chain;

import java.util.List;
import org.cybervein.ledger.block.Block;

/**
 * What one {@link Chain#submit} changed in the best chain: the blocks taken off its top (newest
 * first) and the blocks put on it (oldest first). Both empty if the block was stored beside the
 * best chain, or was already known.
 *
 * @param reverted blocks reverted, newest first
 * @param applied blocks applied, oldest first
 */
public record ChainUpdate(List<Block> reverted, List<Block> applied) {
  /**
   * Copies the lists.
   *
   * @param reverted the blocks taken off the top of the best chain, newest first; copied
   * @param applied the blocks put on the best chain, oldest first; copied
   * @throws NullPointerException if a list or one of its blocks is null
   */
  public ChainUpdate {
    reverted = List.copyOf(reverted);
    applied = List.copyOf(applied);
  }

  /** An update that changed nothing. */
  public static final ChainUpdate NONE = new ChainUpdate(List.of(), List.of());

  /**
   * Whether the best chain changed.
   *
   * @return true if a block was reverted or applied, false if the submitted block was stored beside
   *     the best chain or already known
   */
  public boolean changedBest() {
    return !applied.isEmpty() || !reverted.isEmpty();
  }
}
