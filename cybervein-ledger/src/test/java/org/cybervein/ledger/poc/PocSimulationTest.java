package org.cybervein.ledger.poc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.cybervein.api.Amount;
import org.cybervein.api.Hash;
import org.cybervein.api.NodeId;
import org.cybervein.api.sim.LatencyDistribution;
import org.cybervein.api.sim.LinkConditions;
import org.cybervein.ledger.block.Block;
import org.cybervein.ledger.chain.Chain;
import org.cybervein.testing.PropertyRuns;
import org.junit.jupiter.api.Test;

/**
 * Contributors of different space N and bandwidth M produce blocks on the simulated network: every
 * honest node ends on the same chain, and the number of blocks each contributor won matches its
 * weight share {@code N M / sum N M} (chi-square test, seeded). {@code -Dpoc.blocks=N} runs longer.
 */
class PocSimulationTest {
  private static final int BLOCKS = Integer.getInteger("poc.blocks", 150);
  private static final long[] SPACE = {1 << 10, 1 << 11, 1 << 12, 1 << 11, 1 << 10};
  private static final long[] BANDWIDTH = {4000, 1000, 3000, 2000, 6000};

  /** The chi-square quantile 0.999 with 4 degrees of freedom: a false alarm once in 1000 seeds. */
  private static final double CHI2_4_999 = 18.467;

  private static void checkCommonPrefix(PocCluster c, int depth) {
    long min = Long.MAX_VALUE;
    for (PocNode n : c.nodes) {
      min = Math.min(min, n.chain().height());
    }
    long at = min - depth;
    if (at < 1) {
      return;
    }
    Hash expected = c.nodes.get(0).chain().bestBlockAt(at).orElseThrow().id();
    for (PocNode n : c.nodes) {
      Hash id = n.chain().bestBlockAt(at).orElseThrow().id();
      if (!id.equals(expected)) {
        throw new AssertionError(n.self() + " disagrees at block " + at);
      }
    }
  }

  @Test
  void winsMatchWeightsAndEveryNodeAgreesOnTheChain() {
    long seed = PropertyRuns.seed();
    PocCluster c = new PocCluster(seed, SPACE, BANDWIDTH);
    c.network.addInvariant(() -> checkCommonPrefix(c, 3));
    c.network.addInvariant(() -> checkSupply(c));
    c.startAll();
    Instant start = c.network.now();
    // Stop mid-slot, when the last block has reached everyone.
    c.network.runUntil(start.plusMillis(1000L * BLOCKS + 500));

    Chain reference = c.nodes.get(0).chain();
    assertTrue(reference.height() >= BLOCKS - 2, "only " + reference.height() + " blocks");
    for (PocNode n : c.nodes) {
      assertEquals(reference.bestChain(), n.chain().bestChain(), n.self() + " seed " + seed);
      assertEquals(reference.state().root(), n.chain().state().root());
    }
    int[] wins = new int[SPACE.length];
    for (Hash id : reference.bestChain()) {
      Block b = reference.block(id).orElseThrow();
      wins[c.producerIndex(b.contributor())]++;
    }
    double total = 0;
    for (int i = 0; i < SPACE.length; i++) {
      total += (double) SPACE[i] * BANDWIDTH[i];
    }
    double chi2 = 0;
    int n = reference.bestChain().size();
    StringBuilder report = new StringBuilder();
    for (int i = 0; i < SPACE.length; i++) {
      double expected = n * SPACE[i] * BANDWIDTH[i] / total;
      chi2 += (wins[i] - expected) * (wins[i] - expected) / expected;
      report.append(String.format(" %d/%.1f", wins[i], expected));
    }
    System.out.println("PoC wins (won/expected):" + report + ", chi2 = " + chi2 + ", seed " + seed);
    assertTrue(chi2 < CHI2_4_999, "chi2 " + chi2 + " for" + report + " (seed " + seed + ")");
  }

  private static void checkSupply(PocCluster c) {
    for (PocNode n : c.nodes) {
      Chain chain = n.chain();
      Amount expected =
          c.initialSupply.plus(PocCluster.PARAMETERS.blockReward().times(chain.height()));
      if (!chain.state().totalSupply().equals(expected)) {
        throw new AssertionError(n.self() + " supply " + chain.state().totalSupply());
      }
    }
  }

  @Test
  void agreesOverALossyReorderingNetwork() {
    long seed = PropertyRuns.seed() + 2;
    PocCluster c =
        new PocCluster(
            seed,
            SPACE,
            BANDWIDTH,
            LinkConditions.reliable(
                    LatencyDistribution.uniform(Duration.ofMillis(5), Duration.ofMillis(60)))
                .withDropProbability(0.05)
                .withDuplicateProbability(0.02)
                .withReorder(0.1, Duration.ofMillis(80)));
    c.network.addInvariant(() -> checkCommonPrefix(c, 4));
    c.network.addInvariant(() -> checkSupply(c));
    c.startAll();
    Instant start = c.network.now();
    c.network.runUntil(start.plusMillis(40_500));
    long min = Long.MAX_VALUE;
    long max = 0;
    for (PocNode n : c.nodes) {
      min = Math.min(min, n.chain().height());
      max = Math.max(max, n.chain().height());
    }
    assertTrue(min >= 30, "only " + min + " blocks (seed " + seed + ")");
    assertTrue(max - min <= 2, "heights " + min + ".." + max + " (seed " + seed + ")");
  }

  @Test
  void theOthersProduceWhileTheStrongestContributorIsDown() {
    long seed = PropertyRuns.seed() + 3;
    PocCluster c = new PocCluster(seed, SPACE, BANDWIDTH);
    c.network.addInvariant(() -> checkSupply(c));
    c.startAll();
    Instant start = c.network.now();
    // Mid-slot: its contribution for the coming round is out, its block will never be.
    c.network.at(start.plusMillis(5600), () -> c.crashAndRestart(2, Duration.ofSeconds(8)));
    c.network.runUntil(start.plusMillis(13_500));
    long during = c.nodes.get(0).chain().height();
    assertTrue(during >= 11, "height " + during + " while node 2 was down (seed " + seed + ")");
    c.network.runUntil(start.plusMillis(25_500));
    Chain reference = c.nodes.get(0).chain();
    for (PocNode n : c.nodes) {
      assertEquals(reference.bestChain(), n.chain().bestChain(), n.self() + " seed " + seed);
    }
    assertTrue(reference.height() >= 22, "height " + reference.height());
  }

  @Test
  void nodesConvergeAfterAPartitionHeals() {
    long seed = PropertyRuns.seed() + 1;
    PocCluster c = new PocCluster(seed, SPACE, BANDWIDTH);
    c.startAll();
    Instant start = c.network.now();
    Set<NodeId> left = Set.copyOf(c.ids.subList(0, 3));
    Set<NodeId> right = Set.copyOf(c.ids.subList(3, 5));
    c.network.at(start.plusMillis(3500), () -> c.network.partition(left, right));
    c.network.at(start.plusMillis(9500), () -> c.network.heal());
    c.network.runUntil(start.plusMillis(9400));
    // During the partition both sides made progress on their own branches.
    Hash leftTip = c.nodes.get(0).chain().tipId();
    Hash rightTip = c.nodes.get(4).chain().tipId();
    assertTrue(!leftTip.equals(rightTip), "the partition did not fork the chain");
    c.network.runUntil(start.plusMillis(20_500));
    Chain reference = c.nodes.get(0).chain();
    for (PocNode n : c.nodes) {
      assertEquals(reference.bestChain(), n.chain().bestChain(), n.self() + " seed " + seed);
      assertEquals(reference.state().root(), n.chain().state().root());
    }
    assertTrue(reference.height() >= 15, "height " + reference.height());
    List<Hash> best = reference.bestChain();
    assertTrue(best.contains(leftTip) || best.contains(rightTip));
  }
}
