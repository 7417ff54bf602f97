package org.cybervein.ledger.chain;

import java.util.Objects;
import org.cybervein.api.Amount;
import org.cybervein.ledger.contract.poc.PocRules;
import org.cybervein.storageproofs.pospace.Challenges;

/**
 * The consensus rules of one chain; every node of the chain must use the same values.
 *
 * @param challengeLag L: the challenge of block i comes from {@code phi_{i-L}}, at least 1
 * @param storageChallenges k of each storage proof (Algorithm 3)
 * @param blockReward the reward R minted by each block and split among its contributions
 * @param blockIntervalMillis the least time between a block and its parent
 * @param maxClockDriftMillis how far a block's timestamp may be ahead of the validator's clock
 * @param maxReorgDepth the deepest reorganisation accepted: undo data is kept for this many blocks
 * @param poc the rules of the {@code poc} contract the weights are read from
 */
public record ChainParameters(
    int challengeLag,
    int storageChallenges,
    Amount blockReward,
    long blockIntervalMillis,
    long maxClockDriftMillis,
    int maxReorgDepth,
    PocRules poc) {

  /**
   * Checks the ranges.
   *
   * @param challengeLag L, in blocks: the challenge of block i comes from {@code phi_{i-L}}; at
   *     least 1
   * @param storageChallenges k, the number of challenged positions in each storage proof (Algorithm
   *     3); from 1 to {@link Challenges#MAX_CHALLENGES}
   * @param blockReward R, the amount minted by each block and split among its contributions; may be
   *     zero
   * @param blockIntervalMillis the least time between a block's timestamp and its parent's, in
   *     milliseconds; at least 1
   * @param maxClockDriftMillis how far, in milliseconds, a block's timestamp may be ahead of the
   *     validator's clock; at least 0
   * @param maxReorgDepth the deepest reorganisation accepted, in blocks; undo data is kept for that
   *     many blocks; at least 1
   * @param poc the rules of the {@code poc} contract the contributors' weights are read from
   * @throws IllegalArgumentException if a number is out of its range
   * @throws NullPointerException if {@code blockReward} or {@code poc} is null
   */
  public ChainParameters {
    Objects.requireNonNull(blockReward, "blockReward");
    Objects.requireNonNull(poc, "poc");
    if (challengeLag < 1) {
      throw new IllegalArgumentException("the challenge lag is at least 1");
    }
    if (storageChallenges < 1 || storageChallenges > Challenges.MAX_CHALLENGES) {
      throw new IllegalArgumentException("storage challenges out of range");
    }
    if (blockIntervalMillis < 1 || maxClockDriftMillis < 0) {
      throw new IllegalArgumentException("need a positive interval and a non-negative drift");
    }
    if (maxReorgDepth < 1) {
      throw new IllegalArgumentException("the reorganisation depth is at least 1");
    }
  }
}
