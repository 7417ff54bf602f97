package org.cybervein.storageproofs.poc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Amount;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.testing.PropertyRuns;
import org.junit.jupiter.api.Test;

class RewardSplitTest {
  @Test
  void partsSumToTheRewardAndStayWithinOneUnitOfTheExactShare() {
    PropertyRuns.qt()
        .forAll(
            longs().between(0, 1_000_000_000_000_000L),
            lists().of(longs().between(0, 1L << 50)).ofSizeBetween(1, 30))
        .assuming((reward, ws) -> ws.stream().anyMatch(w -> w > 0))
        .checkAssert(
            (reward, ws) -> {
              List<BigInteger> weights = new ArrayList<>();
              ws.forEach(w -> weights.add(BigInteger.valueOf(w)));
              List<Amount> parts = RewardSplit.splitByWeights(Amount.ofBaseUnits(reward), weights);
              assertEquals(ws.size(), parts.size());
              BigInteger total = weights.stream().reduce(BigInteger.ZERO, BigInteger::add);
              long sum = 0;
              for (int i = 0; i < parts.size(); i++) {
                long part = parts.get(i).baseUnits();
                sum += part;
                // |part - R w / W| < 1  <=>  |part W - R w| < W
                BigInteger error =
                    BigInteger.valueOf(part)
                        .multiply(total)
                        .subtract(BigInteger.valueOf(reward).multiply(weights.get(i)))
                        .abs();
                assertTrue(error.compareTo(total) < 0, "part " + i + " off by a unit or more");
                if (ws.get(i) == 0) {
                  assertEquals(0, part, "zero weight gets zero");
                }
              }
              assertEquals(reward, sum);
            });
  }

  @Test
  void leftoverUnitsGoToLargestRemaindersThenListOrder() {
    assertEquals(
        List.of(Amount.ofBaseUnits(34), Amount.ofBaseUnits(33), Amount.ofBaseUnits(33)),
        RewardSplit.splitByWeights(Amount.ofBaseUnits(100), weights(1, 1, 1)));
    // 10 * (1, 2, 4) / 7 = 1.43, 2.86, 5.71: floors 1, 2, 5 and one unit to the 0.86 remainder.
    assertEquals(
        List.of(Amount.ofBaseUnits(1), Amount.ofBaseUnits(3), Amount.ofBaseUnits(6)),
        RewardSplit.splitByWeights(Amount.ofBaseUnits(10), weights(1, 2, 4)));
    assertEquals(
        List.of(Amount.ZERO, Amount.ofBaseUnits(7)),
        RewardSplit.splitByWeights(Amount.ofBaseUnits(7), weights(0, 3)));
  }

  @Test
  void splitsByContributionWeightsWithoutOverflow() {
    DeterministicRandom random = DeterministicRandom.fromSeed(PropertyRuns.seed());
    List<ElectionContribution> block =
        List.of(
            Contributions.random(random, Long.MAX_VALUE, Long.MAX_VALUE),
            Contributions.random(random, Long.MAX_VALUE, Long.MAX_VALUE),
            Contributions.random(random, 5, 0));
    List<Amount> parts = RewardSplit.split(Amount.ofBaseUnits(Long.MAX_VALUE), block);
    assertEquals(Long.MAX_VALUE / 2 + 1, parts.get(0).baseUnits());
    assertEquals(Long.MAX_VALUE / 2, parts.get(1).baseUnits());
    assertEquals(Amount.ZERO, parts.get(2));
  }

  @Test
  void rejectsZeroTotalAndNegativeWeights() {
    assertThrows(
        IllegalArgumentException.class,
        () -> RewardSplit.splitByWeights(Amount.ofBaseUnits(5), weights(0, 0)));
    assertThrows(
        IllegalArgumentException.class,
        () -> RewardSplit.splitByWeights(Amount.ofBaseUnits(5), List.of()));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            RewardSplit.splitByWeights(
                Amount.ofBaseUnits(5), List.of(BigInteger.ONE, BigInteger.valueOf(-1))));
  }

  private static List<BigInteger> weights(long... ws) {
    List<BigInteger> list = new ArrayList<>();
    for (long w : ws) {
      list.add(BigInteger.valueOf(w));
    }
    return list;
  }
}
