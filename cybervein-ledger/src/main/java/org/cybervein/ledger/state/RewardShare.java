package org.cybervein.ledger.state;

import java.math.BigInteger;
import java.util.Objects;
import org.cybervein.ledger.account.Address;

/**
 * One contribution of a block's Proof of Contribution round and the account its share of the block
 * reward and fees is paid to.
 *
 * @param to the account paid
 * @param weight the contribution's weight {@code w = N * M} (space times bandwidth), zero or more
 */
public record RewardShare(Address to, BigInteger weight) {
  /**
   * Rejects null parts and a negative weight.
   *
   * @param to the account the share of the reward and fees is paid to
   * @param weight the contribution's weight {@code w = N * M}, space in bytes times bandwidth in
   *     bytes served; zero or more (a zero weight is paid nothing)
   * @throws IllegalArgumentException if {@code weight} is negative
   * @throws NullPointerException if a part is null
   */
  public RewardShare {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(weight, "weight");
    if (weight.signum() < 0) {
      throw new IllegalArgumentException("a weight is never negative, got " + weight);
    }
  }
}
