package org.cybervein.storageproofs.poc;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.cybervein.api.Amount;

/**
 * Splits a block's reward among its {@code m} contributions in proportion to their weights {@code
 * w_i = N_i * M_i}, in exact integer arithmetic with no base unit lost.
 *
 * <h2>Rule (largest remainder)</h2>
 *
 * With reward {@code R} in base units and {@code W = sum w_i > 0}: each part starts at {@code
 * floor(R * w_i / W)}; the {@code r = R - sum floor(...)} base units left over (fewer than the
 * number of contributions) go one each to the {@code r} contributions with the largest remainders
 * {@code (R * w_i) mod W}, equal remainders in list order (earlier first). So the parts sum to
 * {@code R} exactly, each part is within one base unit of its exact share {@code R * w_i / W}, and
 * a contribution of weight zero (remainder zero) gets nothing: at least {@code r + 1} contributions
 * have a positive remainder whenever {@code r > 0}. Products are computed with {@link BigInteger},
 * so no weight or reward overflows.
 */
public final class RewardSplit {
  private RewardSplit() {}

  /**
   * Splits {@code reward} by the weights of {@code contributions}, one part per contribution in the
   * same order.
   *
   * @param reward the amount to split
   * @param contributions the round's contributions
   * @return one part per contribution, summing exactly to {@code reward}
   * @throws IllegalArgumentException if the list is empty or no contribution has positive weight
   */
  public static List<Amount> split(Amount reward, List<ElectionContribution> contributions) {
    Objects.requireNonNull(contributions, "contributions");
    List<BigInteger> weights = new ArrayList<>(contributions.size());
    for (ElectionContribution c : contributions) {
      weights.add(c.weight());
    }
    return splitByWeights(reward, weights);
  }

  /**
   * Splits {@code reward} in proportion to {@code weights} (each zero or more, one part per weight
   * in the same order).
   *
   * @param reward the amount to split
   * @param weights the weights, one per part
   * @return one part per weight, summing exactly to {@code reward}
   * @throws IllegalArgumentException if a weight is negative, or the weights sum to zero
   */
  public static List<Amount> splitByWeights(Amount reward, List<BigInteger> weights) {
    Objects.requireNonNull(reward, "reward");
    Objects.requireNonNull(weights, "weights");
    BigInteger total = BigInteger.ZERO;
    for (BigInteger w : weights) {
      if (Objects.requireNonNull(w, "weight").signum() < 0) {
        throw new IllegalArgumentException("weights are never negative, got " + w);
      }
      total = total.add(w);
    }
    if (total.signum() == 0) {
      throw new IllegalArgumentException("cannot split a reward among weights that sum to zero");
    }
    BigInteger r = BigInteger.valueOf(reward.baseUnits());
    int m = weights.size();
    long[] parts = new long[m];
    BigInteger[] remainders = new BigInteger[m];
    long distributed = 0;
    for (int i = 0; i < m; i++) {
      BigInteger[] qr = r.multiply(weights.get(i)).divideAndRemainder(total);
      parts[i] = qr[0].longValueExact();
      remainders[i] = qr[1];
      distributed += parts[i];
    }
    long left = reward.baseUnits() - distributed;
    Integer[] order = new Integer[m];
    for (int i = 0; i < m; i++) {
      order[i] = i;
    }
    // Stable sort: equal remainders keep list order.
    Arrays.sort(order, (a, b) -> remainders[b].compareTo(remainders[a]));
    for (int k = 0; k < left; k++) {
      parts[order[k]]++;
    }
    List<Amount> result = new ArrayList<>(m);
    for (long p : parts) {
      result.add(Amount.ofBaseUnits(p));
    }
    return List.copyOf(result);
  }
}
