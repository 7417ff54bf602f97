package org.cybervein.ledger.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.cybervein.api.Hash;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.block.Block;
import org.cybervein.ledger.block.ContributionProof;
import org.cybervein.ledger.block.HashSubBlock;
import org.cybervein.ledger.block.TransactionSubBlock;
import org.cybervein.ledger.testing.PocFixtures;
import org.cybervein.ledger.testing.PocFixtures.Contributor;
import org.junit.jupiter.api.Test;

/**
 * Fork choice on its own: blocks of chosen qualities hung on a tree, the owner's best chain moved
 * by hand as a chain moves it when it applies and reverts. The blocks are well formed but answer
 * made up challenges: fork choice reads only their links, indices and contributors.
 */
class ForkChoiceTest {
  private static final DomainTag TAG = DomainTag.of("cybervein/test/fork-choice/v1");
  private static final List<Contributor> CONTRIBUTORS;
  private static final List<ContributionProof> PROOFS;

  static {
    DeterministicRandom random = DeterministicRandom.fromSeed(7);
    CONTRIBUTORS =
        List.of(
            PocFixtures.contributor(random, 1 << 9),
            PocFixtures.contributor(random, 1 << 9),
            PocFixtures.contributor(random, 1 << 9));
    PROOFS =
        CONTRIBUTORS.stream()
            .map(
                c ->
                    new ContributionProof(
                        c.key().publicKey(),
                        c.prover().commitment(),
                        c.prover().proveStorage(ContributionProof.seed(Hash.ZERO), 2),
                        1))
            .toList();
  }

  private final BlockNode genesis = BlockNode.genesis(hash(-1), 1_000);
  private final ForkChoice tree = new ForkChoice(genesis, 2);
  private long salt;

  private static Hash hash(long salt) {
    return HashFunction.SHA256.newHasher(TAG).updateLong(salt).digest();
  }

  /** A new block by contributor {@code who} on {@code parent} adding {@code quality}, not held. */
  private BlockNode child(BlockNode parent, int who, long quality) {
    long index = parent.index + 1;
    Contributor c = CONTRIBUTORS.get(who);
    HashSubBlock phi = HashSubBlock.sign(index, parent.id, hash(salt++), PROOFS.get(who), c.key());
    TransactionSubBlock tau =
        new TransactionSubBlock(
            index, parent.timeMillis + 1, List.of(), List.of(), Hash.ZERO, Optional.empty());
    Block block = Block.sign(phi, tau, parent.sigmaDigest, c.key());
    return BlockNode.child(parent, block, quality, parent.nextCheckpoint);
  }

  /** A held block, as a chain holds a checked one. */
  private BlockNode held(BlockNode parent, int who, long quality) {
    BlockNode n = child(parent, who, quality);
    tree.hold(n);
    return n;
  }

  /** A held block that the owner applied on the tip. */
  private BlockNode applied(int who, long quality) {
    BlockNode n = held(tree.tip(), who, quality);
    tree.extendBest(n);
    return n;
  }

  @Test
  void choosesTheBranchOfLargerAccumulatedQualityWithinReach() {
    BlockNode a1 = applied(0, 10);
    BlockNode a2 = applied(1, 10);
    BlockNode b1 = held(genesis, 2, 5);
    BlockNode b2 = held(b1, 0, 30);
    assertEquals(35, b2.totalQuality);
    assertTrue(b2.betterThan(a2));
    assertSame(b2, tree.bestCandidate(2));
    assertSame(genesis, tree.forkOf(b2));
    assertEquals(List.of(b1, b2), tree.branchTo(b2));
    assertEquals(2, tree.depthOf(b2));
    // Adopting b2 would revert two blocks: with undo data for one, the tip stays.
    assertSame(a2, tree.bestCandidate(1));
    // A weaker branch is held but never chosen.
    held(a1, 2, 1);
    assertSame(b2, tree.bestCandidate(16));
  }

  @Test
  void breaksEqualQualityTowardsTheSmallerId() {
    BlockNode x = held(genesis, 0, 10);
    BlockNode y = held(genesis, 1, 10);
    BlockNode smaller = x.id.compareTo(y.id) < 0 ? x : y;
    BlockNode larger = smaller == x ? y : x;
    assertTrue(smaller.betterThan(larger));
    assertFalse(larger.betterThan(smaller));
    assertSame(smaller, tree.bestCandidate(1));
  }

  @Test
  void neverChoosesABlockMarkedInvalidNorItsDescendants() {
    applied(0, 10);
    BlockNode b1 = held(genesis, 1, 8);
    BlockNode b2 = held(b1, 2, 8);
    BlockNode b3 = held(b2, 0, 8);
    BlockNode c2 = held(b1, 0, 1);
    assertSame(b3, tree.bestCandidate(1));
    InvalidLedgerInputException e =
        new InvalidLedgerInputException(Reason.BAD_STATE_ROOT, "made up");
    assertEquals(List.of(b2.id, b3.id), tree.markInvalid(b2, e));
    assertSame(e, b3.invalid);
    assertEquals(null, c2.invalid, "a sibling's subtree is not marked");
    // b1 + c2 (9) is weaker than the tip (10): nothing better is left.
    assertSame(tree.tip(), tree.bestCandidate(1));
    assertEquals(List.of(b1.id, c2.id), tree.markInvalid(b1, e));
    assertEquals(5, tree.heldCount(), "marked blocks stay held, to be refused again");
  }

  @Test
  void prunesTheSideBranchesThatForkBelowTheUndoWindow() throws Exception {
    BlockNode a1 = applied(0, 10);
    BlockNode a2 = applied(0, 10);
    BlockNode a3 = applied(0, 10);
    applied(0, 10);
    BlockNode s1 = held(genesis, 1, 1);
    BlockNode s1child = held(s1, 1, 1);
    BlockNode s2 = held(a1, 1, 1);
    BlockNode s3 = held(a3, 2, 1);
    assertEquals(8, tree.heldCount());
    // Undo data for two blocks: the lowest revertible index is 2, so s1 and s2 fork below it.
    assertEquals(Set.of(s1.id, s1child.id, s2.id), Set.copyOf(tree.prune(2)));
    assertEquals(5, tree.heldCount());
    assertTrue(tree.node(s1child.id).isEmpty());
    assertTrue(tree.node(s3.id).isPresent());
    assertEquals(List.of(a1), genesis.children);
    assertEquals(List.of(a2), a1.children);
    assertTrue(a3.children.contains(s3));
    assertEquals(List.of(), tree.prune(2), "the same window drops nothing more");
    // The dropped blocks no longer count against their contributor at heights 1 and 2.
    tree.admit(genesis, child(genesis, 1, 1).block, 4);
    tree.admit(a1, child(a1, 1, 1).block, 4);
  }

  @Test
  void refusesABranchThatForksBelowTheUndoWindow() throws Exception {
    applied(0, 10);
    BlockNode a2 = applied(0, 10);
    applied(0, 10);
    BlockNode onGenesis = child(genesis, 1, 100);
    InvalidLedgerInputException e =
        assertThrows(
            InvalidLedgerInputException.class, () -> tree.admit(genesis, onGenesis.block, 2));
    assertEquals(Reason.REORG_TOO_DEEP, e.reason());
    tree.admit(genesis, onGenesis.block, 3);
    tree.admit(a2, child(a2, 1, 1).block, 1);
  }

  @Test
  void refusesMoreBlocksOfOneContributorAtOneHeightThanTheBound() throws Exception {
    held(genesis, 0, 1);
    BlockNode second = held(genesis, 0, 2);
    tree.markInvalid(second, new InvalidLedgerInputException(Reason.BAD_PROOF, "made up"));
    InvalidLedgerInputException e =
        assertThrows(
            InvalidLedgerInputException.class,
            () -> tree.admit(genesis, child(genesis, 0, 3).block, 16));
    assertEquals(Reason.DUPLICATE, e.reason(), "blocks found invalid count too");
    // Another contributor at that height, and the same one a height above, are not held back.
    tree.admit(genesis, child(genesis, 1, 3).block, 16);
    BlockNode a1 = applied(2, 1);
    tree.admit(a1, child(a1, 0, 1).block, 16);
  }

  @Test
  void movesTheBestChainOnlyAsTheOwnerAppliesAndReverts() {
    BlockNode side = held(genesis, 1, 50);
    assertSame(genesis, tree.tip(), "holding a better block does not adopt it");
    assertThrows(IllegalStateException.class, tree::retractBest);
    BlockNode a1 = applied(0, 1);
    assertThrows(IllegalArgumentException.class, () -> tree.extendBest(side));
    assertThrows(IllegalArgumentException.class, () -> tree.extendBest(child(a1, 0, 1)));
    assertThrows(IllegalArgumentException.class, () -> tree.hold(a1));
    assertSame(a1, tree.retractBest());
    tree.extendBest(side);
    assertTrue(tree.onBest(side));
    assertFalse(tree.onBest(a1));
    assertEquals(List.of(side), tree.bestAbove(0));
    assertEquals(Optional.of(side), tree.bestAt(1));
    assertEquals(Optional.empty(), tree.bestAt(2));
    assertThrows(IllegalArgumentException.class, () -> tree.known(hash(12345)));
  }
}
