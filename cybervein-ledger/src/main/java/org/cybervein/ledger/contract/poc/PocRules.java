package org.cybervein.ledger.contract.poc;

import java.util.Objects;
import org.cybervein.storageproofs.pospace.Challenges;
import org.cybervein.storageproofs.pospace.GraphParameters;

/**
 * The fixed rules of one {@code poc} contract instance: which graph every commitment must label,
 * the range of node counts, how many commit challenges a registration answers, and the length of a
 * bandwidth window in blocks. Every node of a chain must use the same rules.
 *
 * @param graph the graph G every commitment uses
 * @param minNodeCount the smallest node count n accepted
 * @param maxNodeCount the largest node count n accepted
 * @param commitChallenges k of the commit proof (Algorithm 2) a registration carries
 * @param windowBlocks blocks per bandwidth window: block i is in window {@code i / windowBlocks}
 */
public record PocRules(
    GraphParameters graph,
    long minNodeCount,
    long maxNodeCount,
    int commitChallenges,
    long windowBlocks) {

  /**
   * Checks the ranges.
   *
   * @param graph the graph G every commitment uses
   * @param minNodeCount the smallest node count n accepted
   * @param maxNodeCount the largest node count n accepted
   * @param commitChallenges k of the commit proof (Algorithm 2) a registration carries
   * @param windowBlocks blocks per bandwidth window: block i is in window {@code i / windowBlocks}
   */
  public PocRules {
    Objects.requireNonNull(graph, "graph");
    if (minNodeCount < 1 || maxNodeCount < minNodeCount) {
      throw new IllegalArgumentException("need 1 <= minNodeCount <= maxNodeCount");
    }
    if (commitChallenges < 1 || commitChallenges > Challenges.MAX_CHALLENGES) {
      throw new IllegalArgumentException("commit challenges out of range: " + commitChallenges);
    }
    if (windowBlocks < 1) {
      throw new IllegalArgumentException("a window is at least one block");
    }
  }

  /**
   * The bandwidth window of block {@code index}.
   *
   * @param index the block index
   * @return the window number, {@code index / windowBlocks}
   */
  public long window(long index) {
    return index / windowBlocks;
  }
}
