package org.cybervein.ledger.state;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import org.cybervein.api.Amount;

/**
 * What the ledger needs to know of a block besides its transactions: its index and timestamp (both
 * visible to contracts), the newly minted block reward, and the contributions the reward and the
 * block's fees are split among by weight (storage-proofs' {@code RewardSplit.splitByWeights}).
 *
 * @param index the block index i, zero or more
 * @param timeMillis the block's timestamp in milliseconds since the epoch, zero or more
 * @param reward the CVT minted by this block; the only way the supply grows
 * @param contributions at least one, with weights summing to more than zero, in the block's order
 *     (which decides who gets a leftover base unit of the split)
 */
public record BlockContext(
    long index, long timeMillis, Amount reward, List<RewardShare> contributions) {
  /**
   * Copies the list and checks the parts.
   *
   * @param index i, the block's height; 0 for the genesis transactions, zero or more
   * @param timeMillis the block's timestamp, in milliseconds since the Unix epoch; zero or more
   * @param reward the CVT minted by this block, in base units; zero for the genesis block
   * @param contributions the accounts the reward and fees are split among, in the block's order,
   *     with weights summing to more than zero; copied
   * @throws IllegalArgumentException if the index or time is negative, or there is no contribution
   *     with a positive weight
   * @throws NullPointerException if {@code reward}, {@code contributions} or a share is null
   */
  public BlockContext {
    Objects.requireNonNull(reward, "reward");
    contributions = List.copyOf(contributions);
    if (index < 0 || timeMillis < 0) {
      throw new IllegalArgumentException("block index and time are never negative");
    }
    BigInteger total = BigInteger.ZERO;
    for (RewardShare s : contributions) {
      total = total.add(s.weight());
    }
    if (total.signum() == 0) {
      throw new IllegalArgumentException("a block needs a contribution of positive weight to pay");
    }
  }
}
