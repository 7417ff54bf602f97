package org.cybervein.lightclient;

import java.util.Objects;
import org.cybervein.storageproofs.pospace.Challenges;
import org.cybervein.storageproofs.pospace.GraphParameters;

/**
 * The chain rules a light client checks headers against: the same values every full node of the
 * chain runs ({@code ChainParameters} and {@code PocRules} in {@code cybervein-ledger}), plus how
 * many trusted heights the client keeps.
 *
 * @param challengeLag L: the challenge of block i comes from the block id at {@code i - L}; at
 *     least 1
 * @param storageChallenges k: the openings of each storage proof; 1 to {@link
 *     Challenges#MAX_CHALLENGES}
 * @param blockIntervalMillis the least time between a block and its parent, at least 1
 * @param maxClockDriftMillis how far a header may be ahead of the client's clock, at least 0
 * @param graph the proof-of-space graph every registered commitment must use
 * @param minNodeCount the fewest labels a commitment may have, at least 1
 * @param maxNodeCount the most labels a commitment may have, at least {@code minNodeCount}
 * @param windowBlocks the length of a bandwidth window in blocks, at least 1
 * @param trustedHeights how many of the latest heights keep their consensus state; at least {@code
 *     challengeLag + 1}, so the challenge source of the next header is always kept
 */
public record LightClientParameters(
    int challengeLag,
    int storageChallenges,
    long blockIntervalMillis,
    long maxClockDriftMillis,
    GraphParameters graph,
    long minNodeCount,
    long maxNodeCount,
    long windowBlocks,
    int trustedHeights) {

  /**
   * Checks the ranges.
   *
   * @param challengeLag L, at least 1
   * @param storageChallenges k, 1 to {@link Challenges#MAX_CHALLENGES}
   * @param blockIntervalMillis the least time between a block and its parent, at least 1
   * @param maxClockDriftMillis the allowed drift ahead of the clock, at least 0
   * @param graph the proof-of-space graph of every commitment
   * @param minNodeCount the fewest labels of a commitment, at least 1
   * @param maxNodeCount the most labels of a commitment, at least {@code minNodeCount}
   * @param windowBlocks a bandwidth window in blocks, at least 1
   * @param trustedHeights the heights kept, at least {@code challengeLag + 1}
   * @throws IllegalArgumentException if a number is out of its range
   * @throws NullPointerException if {@code graph} is null
   */
  public LightClientParameters {
    Objects.requireNonNull(graph, "graph");
    if (challengeLag < 1) {
      throw new IllegalArgumentException("the challenge lag is at least 1");
    }
    if (storageChallenges < 1 || storageChallenges > Challenges.MAX_CHALLENGES) {
      throw new IllegalArgumentException("storage challenges out of range: " + storageChallenges);
    }
    if (blockIntervalMillis < 1 || maxClockDriftMillis < 0) {
      throw new IllegalArgumentException("need a positive interval and a non-negative drift");
    }
    if (minNodeCount < 1 || maxNodeCount < minNodeCount) {
      throw new IllegalArgumentException("need 1 <= minNodeCount <= maxNodeCount");
    }
    if (windowBlocks < 1) {
      throw new IllegalArgumentException("a window is at least one block");
    }
    if (trustedHeights < challengeLag + 1) {
      throw new IllegalArgumentException(
          "keep at least challengeLag + 1 heights, got " + trustedHeights);
    }
  }

  /**
   * The bandwidth window of block {@code index}.
   *
   * @param index a block index, zero or more
   * @return {@code floor(index / windowBlocks)}
   */
  public long window(long index) {
    return index / windowBlocks;
  }

  /**
   * The index whose block id seeds the challenge of block {@code index}.
   *
   * @param index the block index, at least 1
   * @return {@code index - L} if {@code index > L}, else 0 (the genesis)
   */
  public long challengeSource(long index) {
    return index > challengeLag ? index - challengeLag : 0;
  }
}
