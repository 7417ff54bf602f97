package org.cybervein.ledger.chain;

import static org.cybervein.testing.PropertyRuns.qt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.block.Block;
import org.cybervein.ledger.testing.ChainFixture;
import org.cybervein.ledger.testing.PocFixtures;
import org.cybervein.ledger.testing.PocFixtures.Contributor;
import org.cybervein.testing.PropertyRuns;
import org.junit.jupiter.api.Test;

/**
 * Two branches from genesis, built by disjoint sets of contributors, reach an observer in a random
 * interleaving, with damaged copies (refused, nothing changed) and replays (no effect) mixed in:
 * the observer ends on the branch of larger accumulated quality, in exactly the state of the node
 * that built that branch directly.
 */
class ReorgPropertyTest {
  private static final ChainFixture FX =
      new ChainFixture(
          PocFixtures.PARAMETERS,
          17,
          new long[] {1 << 10, 1 << 11, 1 << 12, 1 << 11},
          new long[] {4000, 1000, 3000, 2000});

  @Test
  void theObserverEndsInTheStateOfTheBetterBranch() {
    qt(Math.min(12, PropertyRuns.examples()))
        .forAll(integers().between(1, 6), integers().between(1, 6), longs().all())
        .checkAssert(
            (lengthA, lengthB, order) -> {
              try {
                check(lengthA, lengthB, order);
              } catch (InvalidLedgerInputException e) {
                throw new AssertionError(e);
              }
            });
  }

  private static void check(int lengthA, int lengthB, long order)
      throws InvalidLedgerInputException {
    FX.resetUserNonce(0);
    Chain a = FX.newChain();
    List<Block> branchA = FX.extend(a, List.of(0, 1), lengthA, 2);
    FX.resetUserNonce(0);
    Chain b = FX.newChain();
    List<Block> branchB = FX.extend(b, List.of(2, 3), lengthB, 1);
    Chain expected =
        a.totalQuality() != b.totalQuality()
            ? (a.totalQuality() > b.totalQuality() ? a : b)
            : (a.tipId().compareTo(b.tipId()) < 0 ? a : b);

    Chain observer = FX.newChain();
    DeterministicRandom random = DeterministicRandom.fromSeed(order);
    List<Block> left = new ArrayList<>(branchA);
    List<Block> right = new ArrayList<>(branchB);
    List<Block> delivered = new ArrayList<>();
    while (!left.isEmpty() || !right.isEmpty()) {
      boolean takeLeft = right.isEmpty() || (!left.isEmpty() && random.nextInt(2) == 0);
      Block next = takeLeft ? left.remove(0) : right.remove(0);
      if (random.nextInt(3) == 0) {
        assertRefusedUnchanged(observer, damaged(next.encoded(), random));
      }
      observer.submit(next, Long.MAX_VALUE / 2);
      delivered.add(next);
      if (random.nextInt(4) == 0) {
        // A replayed block changes nothing.
        Hash root = observer.state().root();
        Block again = delivered.get(random.nextInt(delivered.size()));
        assertEquals(ChainUpdate.NONE, observer.submit(again.encoded(), Long.MAX_VALUE / 2));
        assertEquals(root, observer.state().root());
      }
    }
    assertEquals(expected.bestChain(), observer.bestChain());
    assertEquals(expected.state().root(), observer.state().root());
    assertEquals(expected.state().totalSupply(), observer.state().totalSupply());
    for (Contributor c : FX.contributors) {
      Address addr = Address.of(c.key().publicKey());
      assertEquals(expected.state().account(addr), observer.state().account(addr));
    }
  }

  /**
   * A block as a faulty link or a forger delivers it: one byte changed, truncated, or a byte
   * appended. Nobody but the contributor can sign a changed block, so every one must be refused.
   */
  private static Bytes damaged(Bytes encoded, DeterministicRandom random) {
    byte[] b = encoded.toByteArray();
    switch (random.nextInt(3)) {
      case 0 -> {
        b[random.nextInt(b.length)] ^= (byte) (1 + random.nextInt(255));
        return Bytes.of(b);
      }
      case 1 -> {
        return Bytes.of(Arrays.copyOf(b, random.nextInt(b.length)));
      }
      default -> {
        return Bytes.of(Arrays.copyOf(b, b.length + 1));
      }
    }
  }

  private static void assertRefusedUnchanged(Chain chain, Bytes bad) {
    Hash root = chain.state().root();
    Hash tip = chain.tipId();
    Amount supply = chain.state().totalSupply();
    int known = chain.blockCount();
    assertThrows(InvalidLedgerInputException.class, () -> chain.submit(bad, Long.MAX_VALUE / 2));
    assertEquals(root, chain.state().root());
    assertEquals(tip, chain.tipId());
    assertEquals(supply, chain.state().totalSupply());
    assertEquals(known, chain.blockCount());
  }
}
