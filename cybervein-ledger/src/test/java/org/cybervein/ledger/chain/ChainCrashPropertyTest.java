package org.cybervein.ledger.chain;

import static org.cybervein.testing.PropertyRuns.qt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.cybervein.api.Hash;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.store.InMemoryKeyValueStore;
import org.cybervein.api.store.KeyValueStore;
import org.cybervein.api.store.StoreException;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.block.Block;
import org.cybervein.ledger.testing.ChainFixture;
import org.cybervein.ledger.testing.FailingKeyValueStore;
import org.cybervein.ledger.testing.PocFixtures;
import org.cybervein.testing.PropertyRuns;
import org.junit.jupiter.api.Test;

/**
 * A node whose store fails (as a crash would) at random writes while three branches reach it in a
 * random order, with reorganisations and now and then a block that lies about its state root:
 * reopened from what the store holds, it always resumes to a consistent chain (state root = its
 * tip's), at the best chain a never-failing node had just before or just after the block it was
 * taking, and then agrees with that node block for block. A second set of runs restarts the node
 * without failures between random blocks: it agrees at every step.
 */
class ChainCrashPropertyTest {
  private static final long NOW = Long.MAX_VALUE / 2;
  private static final ChainFixture FX =
      new ChainFixture(
          PocFixtures.PARAMETERS,
          23,
          new long[] {1 << 10, 1 << 11, 1 << 12, 1 << 11},
          new long[] {4000, 1000, 3000, 2000});
  private static final ChainFixture SHALLOW =
      new ChainFixture(
          new ChainParameters(
              3, 6, PocFixtures.PARAMETERS.blockReward(), 1000, 5000, 2, PocFixtures.RULES),
          23,
          new long[] {1 << 10, 1 << 11, 1 << 12, 1 << 11},
          new long[] {4000, 1000, 3000, 2000});

  @Test
  void aCrashAtAnyWriteResumesBeforeOrAfterTheBlockAndThenAgrees() {
    forRandomBranches(25, (a, b, c, seed) -> crash(FX, a, b, c, seed));
  }

  /**
   * The same with an undo window of 2 blocks: branches are refused as too deep, dropped once below
   * the window, and a switch keeps more undo data than the window until it ends; a crash at any of
   * those writes resumes the same way.
   */
  @Test
  void aCrashAtAnyWriteWithASmallUndoWindowResumesBeforeOrAfterTheBlock() {
    forRandomBranches(
        15,
        (a, b, c, seed) -> {
          crash(SHALLOW, a, b, c, seed);
          restarts(SHALLOW, a, b, c, seed);
        });
  }

  @Test
  void restartsBetweenRandomBlocksChangeNothing() {
    forRandomBranches(10, (a, b, c, seed) -> restarts(FX, a, b, c, seed));
  }

  /** A scenario over three branches of the given lengths, delivered in an order drawn from seed. */
  private interface Scenario {
    void run(int lengthA, int lengthB, int lengthC, long seed) throws InvalidLedgerInputException;
  }

  private static void forRandomBranches(int examples, Scenario scenario) {
    qt(Math.min(examples, PropertyRuns.examples()))
        .forAll(
            integers().between(1, 5),
            integers().between(1, 7),
            integers().between(1, 5),
            longs().all())
        .checkAssert(
            (lengthA, lengthB, lengthC, seed) -> {
              try {
                scenario.run(lengthA, lengthB, lengthC, seed);
              } catch (InvalidLedgerInputException e) {
                throw new AssertionError(e);
              }
            });
  }

  /**
   * Branches A (contributors 0 and 1) and B (2 and 3) from genesis and C (2 and 3) forking from A,
   * delivered in a random order that keeps each branch's order and C after its fork point; a block
   * of C may lie about its state root.
   */
  private static List<Block> deliveries(
      ChainFixture fx, int lengthA, int lengthB, int lengthC, long seed)
      throws InvalidLedgerInputException {
    DeterministicRandom random = DeterministicRandom.fromSeed(seed);
    fx.resetUserNonce(0);
    Chain a = fx.newChain();
    List<Block> branchA = fx.extend(a, List.of(0, 1), lengthA, 1);
    fx.resetUserNonce(0);
    Chain b = fx.newChain();
    List<Block> branchB = fx.extend(b, List.of(2, 3), lengthB, 1);
    int fork = 1 + random.nextInt(lengthA);
    Chain c = fx.newChain();
    for (Block block : branchA.subList(0, fork)) {
      c.submit(block, NOW);
    }
    fx.resetUserNonce(fork);
    List<Block> branchC = new ArrayList<>(fx.extend(c, List.of(2, 3), lengthC, 1));
    if (random.nextInt(3) == 0) {
      int liar = random.nextInt(branchC.size());
      Block good = branchC.get(liar);
      branchC.set(liar, fx.lyingCopy(good, c.sigmaDigestOf(good.parent())));
    }
    List<List<Block>> queues = List.of(branchA, branchB, branchC);
    int[] next = new int[3];
    List<Block> out = new ArrayList<>();
    while (out.size() < lengthA + lengthB + lengthC) {
      int q = random.nextInt(3);
      if (next[q] == queues.get(q).size() || (q == 2 && next[0] < fork)) {
        continue;
      }
      out.add(queues.get(q).get(next[q]++));
    }
    return out;
  }

  private static void crash(ChainFixture fx, int lengthA, int lengthB, int lengthC, long seed)
      throws InvalidLedgerInputException {
    List<Block> blocks = deliveries(fx, lengthA, lengthB, lengthC, seed);
    // The never-failing node's best chain after each block (index 0: genesis).
    Chain reference = fx.newChain();
    List<Hash> tips = new ArrayList<>(List.of(reference.tipId()));
    List<Hash> roots = new ArrayList<>(List.of(reference.state().root()));
    List<List<Hash>> bests = new ArrayList<>(List.of(reference.bestChain()));
    for (Block b : blocks) {
      ChainStoreTest.outcome(reference, b);
      tips.add(reference.tipId());
      roots.add(reference.state().root());
      bests.add(reference.bestChain());
    }
    // How many writes a durable node makes, to pick the failures among them.
    FailingKeyValueStore counting =
        new FailingKeyValueStore(new InMemoryKeyValueStore(), new TreeSet<>(), false);
    Chain counted = fx.openChain(counting);
    for (Block b : blocks) {
      ChainStoreTest.outcome(counted, b);
    }
    fx.assertSameChain(reference, counted);
    DeterministicRandom random = DeterministicRandom.fromSeed(seed ^ 0x5a5a);
    TreeSet<Long> failAt = new TreeSet<>();
    int failures = 1 + random.nextInt(3);
    for (int k = 0; k < failures; k++) {
      failAt.add(1 + random.nextLong(counting.writes()));
    }
    KeyValueStore underlying = new InMemoryKeyValueStore();
    FailingKeyValueStore store =
        new FailingKeyValueStore(underlying, failAt, random.nextInt(2) == 0);

    int taken = 0; // blocks the failing node has taken; blocks.get(taken) is the next one
    int crashes = 0;
    Chain node = null;
    while (node == null || taken < blocks.size()) {
      try {
        if (node == null) {
          node = fx.openChain(store);
          assertEquals(fx.tipRoot(node), node.state().root(), "the resumed state is the tip's");
          int at = node.tipId().equals(tips.get(taken)) ? taken : taken + 1;
          assertTrue(
              at < tips.size() && node.tipId().equals(tips.get(at)),
              "resumed at "
                  + node.tipId()
                  + ", neither before nor after block "
                  + taken
                  + " "
                  + tips.subList(taken, Math.min(taken + 2, tips.size())));
          assertEquals(bests.get(at), node.bestChain());
          assertEquals(roots.get(at), node.state().root());
          continue;
        }
        // After a restart the block being taken is offered again, as a peer would resend it.
        ChainStoreTest.outcome(node, blocks.get(taken));
        taken++;
        assertEquals(tips.get(taken), node.tipId(), "tip after block " + taken);
        assertEquals(bests.get(taken), node.bestChain());
        assertEquals(roots.get(taken), node.state().root());
      } catch (StoreException e) {
        assertTrue(e.getMessage().startsWith("injected"), e.getMessage());
        crashes++;
        node = null;
      }
    }
    assertTrue(crashes >= 1, "a failure was injected");
    fx.assertSameChain(reference, node);
    fx.assertSameChain(reference, fx.openChain(underlying));
  }

  private static void restarts(ChainFixture fx, int lengthA, int lengthB, int lengthC, long seed)
      throws InvalidLedgerInputException {
    List<Block> blocks = deliveries(fx, lengthA, lengthB, lengthC, seed);
    DeterministicRandom random = DeterministicRandom.fromSeed(seed ^ 0x3c3c);
    Chain reference = fx.newChain();
    KeyValueStore store = new InMemoryKeyValueStore();
    Chain node = fx.openChain(store);
    for (Block b : blocks) {
      if (random.nextInt(2) == 0) {
        node = fx.openChain(store);
      }
      Object expected = ChainStoreTest.outcome(reference, b);
      Object actual = ChainStoreTest.outcome(node, b);
      if (expected instanceof ChainUpdate) {
        assertEquals(expected, actual);
      } else if (!(actual instanceof InvalidLedgerInputException.Reason)) {
        fail("the reference refused a block the restarted node took: " + expected);
      }
      fx.assertSameChain(reference, node);
    }
  }
}
