package org.cybervein.ledger.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.TreeSet;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.store.InMemoryKeyValueStore;
import org.cybervein.api.store.KeyValueStore;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.block.Block;
import org.cybervein.ledger.block.ContributionProof;
import org.cybervein.ledger.contract.poc.PocContract;
import org.cybervein.ledger.testing.ChainFixture;
import org.cybervein.ledger.testing.FailingKeyValueStore;
import org.cybervein.ledger.testing.PocFixtures;
import org.cybervein.ledger.testing.PocFixtures.Contributor;
import org.cybervein.ledger.transaction.ContractCall;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.cybervein.ledger.transaction.Transaction;
import org.junit.jupiter.api.Test;

/**
 * What a chain lets in and keeps: weights checked against the parent's state before a block can
 * sway fork choice, branches that can never be adopted refused or dropped, at most {@link
 * Chain#MAX_BLOCKS_PER_CONTRIBUTOR_AT_HEIGHT} blocks per contributor and height, and a switch that
 * fails after more blocks than the undo window restores the old chain. A refusal writes nothing.
 */
class ChainAdmissionTest {
  private static final long NOW = Long.MAX_VALUE / 2;
  // Two strong contributors, a very weak one (512 labels, 1 byte) and a middling one.
  private static final long[] SPACE = {1 << 12, 1 << 12, 1 << 9, 1 << 11};
  private static final long[] BANDWIDTH = {4000, 3000, 1, 2000};
  private static final long HUGE = Long.MAX_VALUE / 4;

  private final ChainFixture fx = new ChainFixture(PocFixtures.PARAMETERS, 42, SPACE, BANDWIDTH);

  private static ChainParameters depth(int maxReorgDepth) {
    return new ChainParameters(
        3, 6, Amount.ofCvt(50), 1000, 5000, maxReorgDepth, PocFixtures.RULES);
  }

  /** A chain whose store counts its writes. */
  private record Node(Chain chain, FailingKeyValueStore store) {
    static Node of(ChainFixture f, boolean durable) {
      FailingKeyValueStore s =
          new FailingKeyValueStore(new InMemoryKeyValueStore(), new TreeSet<>(), false);
      return new Node(durable ? f.openChain(s) : f.newChain(s), s);
    }
  }

  private Contributor c(int i) {
    return fx.contributors.get(i);
  }

  private static Bytes blockKey(Hash id) {
    return Bytes.of(new byte[] {'c', 'b'}).concat(id.toBytes());
  }

  /** {@code bad} is refused for {@code reason} with nothing written and nothing held. */
  private static void assertRefusedUntouched(Node node, Block bad, Reason reason) {
    Chain chain = node.chain();
    long writes = node.store().writes();
    Hash tip = chain.tipId();
    Hash root = chain.state().root();
    int held = chain.blockCount();
    assertEquals(reason, ChainStoreTest.outcome(chain, bad));
    assertEquals(writes, node.store().writes(), "nothing written");
    assertEquals(tip, chain.tipId());
    assertEquals(root, chain.state().root());
    assertEquals(held, chain.blockCount());
    assertFalse(chain.contains(bad.id()));
  }

  @Test
  void refusesAnUnregisteredKeyClaimingAHugeBandwidthBeforeItSwaysForkChoice() {
    Node node = Node.of(fx, false);
    fx.extend(node.chain(), fx.all(), 4, 1);
    Hash parent = node.chain().bestChain().get(1);
    Contributor stranger = PocFixtures.contributor(DeterministicRandom.fromSeed(99), 1 << 12);
    Block lie = Forgery.block(node.chain(), parent, stranger, HUGE);
    assertTrue(
        Forgery.totalQuality(node.chain(), parent) + Forgery.quality(lie)
            > node.chain().totalQuality(),
        "the claim would make it the best block");
    assertRefusedUntouched(node, lie, Reason.NOT_FOUND);
  }

  @Test
  void refusesAnInflatedOrDeflatedClaimInPhiOrTauBeforeItSwaysForkChoice() {
    Node node = Node.of(fx, false);
    Chain chain = node.chain();
    fx.extend(chain, fx.all(), 4, 1);
    Hash parent = chain.bestChain().get(1);
    assertRefusedUntouched(
        node, Forgery.block(chain, parent, c(2), 1_000_000_000_000L), Reason.BAD_PROOF);
    // Phi honest, tau carrying the weak contributor's contribution with M = 2 instead of 1.
    ContributionProof own = Forgery.contribution(chain, parent, c(0), c(0).prover(), 4000);
    ContributionProof other = Forgery.contribution(chain, parent, c(2), c(2).prover(), 2);
    Hash challenge = chain.challengeForChildOf(parent);
    assertTrue(
        ProofQuality.ORDER.compare(own.election(challenge), other.election(challenge)) < 0,
        "phi's contribution wins the round");
    assertRefusedUntouched(
        node, Forgery.block(chain, parent, own, c(0), List.of(other)), Reason.BAD_PROOF);
    // A wrong commitment of a registered key.
    Contributor relabelled =
        new Contributor(
            c(0).key(),
            org.cybervein.storageproofs.pospace.SpaceProver.initInMemory(
                PocContract.mu(c(0).key().publicKey()), 1 << 11, PocFixtures.GRAPH));
    assertRefusedUntouched(node, Forgery.block(chain, parent, relabelled, 4000), Reason.NOT_FOUND);
  }

  @Test
  void checksASideBlockAgainstItsParentsStateNotTheTips() throws Exception {
    Node node = Node.of(fx, false);
    Chain chain = node.chain();
    fx.extend(chain, fx.all(), 1, 0);
    Hash b1 = chain.tipId();
    // Block 2 records 5000 more bytes for the weak contributor: its M becomes 5001 after it.
    SignedTransaction record =
        SignedTransaction.sign(
            new Transaction(
                fx.user.publicKey(),
                chain.state().account(Address.of(fx.user.publicKey())).nonce(),
                ChainFixture.FEE,
                new ContractCall(
                    PocContract.ID,
                    PocContract.recordBandwidthCall(
                        PocFixtures.receipts(c(2), fx.downloader, 5000, 0, 1, 777)))),
            fx.user);
    Block b2 = fx.nextBlock(chain, List.of(0, 1, 3), List.of(record));
    chain.submit(b2, NOW);
    assertEquals(b2.id(), chain.tipId());
    assertEquals(1, b2.tau().transactions().size());
    assertEquals(5001, chain.bandwidthForNextBlock(c(2).key().publicKey()));
    // A sibling of block 2 is weighed in block 1's state, where M is still 1.
    assertRefusedUntouched(node, Forgery.block(chain, b1, c(2), 5001), Reason.BAD_PROOF);
    Block right = Forgery.block(chain, b1, c(2), 1);
    assertTrue(
        Forgery.totalQuality(chain, b1) + Forgery.quality(right) < chain.totalQuality(),
        "the sibling is weaker and only stored");
    assertEquals(ChainUpdate.NONE, chain.submit(right, NOW));
    assertTrue(chain.contains(right.id()));
  }

  @Test
  void aLieOnAParentNeverAppliedIsFoundWhenTriedAndTheNextOneAtOnce() throws Exception {
    Node node = Node.of(fx, true);
    Chain chain = node.chain();
    Chain side = fx.newChain();
    Block p = fx.nextBlock(side, List.of(2), List.of());
    side.submit(p, NOW);
    Block a1 = fx.nextBlock(chain, List.of(0, 1), List.of());
    chain.submit(a1, NOW);
    assertTrue(Forgery.quality(a1) > Forgery.quality(p), "the weak block loses the round");
    assertEquals(ChainUpdate.NONE, chain.submit(p, NOW));
    // Its parent's state was never seen: the lie is stored and only applying its branch finds it.
    Block lie = Forgery.block(side, p.id(), c(0), HUGE);
    long writes = node.store().writes();
    Hash root = chain.state().root();
    assertEquals(Reason.BAD_PROOF, ChainStoreTest.outcome(chain, lie));
    assertTrue(node.store().writes() > writes, "the branch was tried");
    assertEquals(a1.id(), chain.tipId());
    assertEquals(root, chain.state().root());
    // The weak block was applied on the way: the next lie on it is refused before anything.
    assertRefusedUntouched(node, Forgery.block(side, p.id(), c(1), HUGE), Reason.BAD_PROOF);
    fx.assertSameChain(chain, fx.openChain(node.store()));
  }

  @Test
  void aBlockStoredBeforeItsParentWasAppliedIsCheckedBeforeAnyRevert() throws Exception {
    Node node = Node.of(fx, false);
    Chain chain = node.chain();
    fx.extend(chain, List.of(0, 1), 2, 0);
    Chain side = fx.newChain();
    Block p = fx.nextBlock(side, List.of(2), List.of());
    side.submit(p, NOW);
    assertEquals(ChainUpdate.NONE, chain.submit(p, NOW));
    // A lie on P while P was never applied: stored unchecked (it does not beat the tip).
    Block lie = Forgery.block(side, p.id(), c(3), 1);
    assertEquals(ChainUpdate.NONE, chain.submit(lie, NOW));
    // An honest branch on P wins: P is applied.
    Block q = fx.nextBlock(side, List.of(0), List.of());
    side.submit(q, NOW);
    chain.submit(q, NOW);
    Block q2 = fx.nextBlock(side, List.of(1), List.of());
    side.submit(q2, NOW);
    chain.submit(q2, NOW);
    assertEquals(q2.id(), chain.tipId(), "the honest branch on P won");
    // A child of the lie makes its branch the best: the lie is found before Q and Q2 are reverted.
    Block child = Forgery.block(chain, lie.id(), c(1), HUGE);
    long writes = node.store().writes();
    Hash root = chain.state().root();
    assertEquals(Reason.BAD_PROOF, ChainStoreTest.outcome(chain, child));
    assertEquals(writes, node.store().writes(), "nothing reverted");
    assertEquals(q2.id(), chain.tipId());
    assertEquals(root, chain.state().root());
    assertEquals(Reason.BAD_PROOF, ChainStoreTest.outcome(chain, lie), "the lie is known invalid");
  }

  @Test
  void aSwitchThatFailsAfterMoreBlocksThanTheUndoWindowRestoresTheOldChain() throws Exception {
    ChainFixture f = new ChainFixture(depth(2), 42, SPACE, BANDWIDTH);
    Node node = Node.of(f, true);
    Chain chain = node.chain();
    List<Block> a = f.extend(chain, List.of(0, 1), 4, 0);
    Chain side = f.newChain();
    side.submit(a.get(0), NOW);
    side.submit(a.get(1), NOW);
    List<Block> weak = f.extend(side, List.of(2), 3, 0);
    for (Block b : weak) {
      assertEquals(ChainUpdate.NONE, chain.submit(b, NOW), "the weak branch is only stored");
    }
    Hash root = chain.state().root();
    // A lie on the weak branch's tip makes it the best: three blocks apply, the fourth fails.
    Block lie = Forgery.block(side, weak.get(2).id(), f.contributors.get(0), HUGE);
    assertEquals(Reason.BAD_PROOF, ChainStoreTest.outcome(chain, lie));
    assertEquals(a.get(3).id(), chain.tipId());
    assertEquals(root, chain.state().root());
    f.assertSameChain(chain, f.openChain(node.store()));
    // The chain goes on, and a switch within the window still works.
    List<Block> more = f.extend(chain, List.of(0, 1), 1, 0);
    assertEquals(more.get(0).id(), chain.tipId());
    f.assertSameChain(chain, f.openChain(node.store()));
  }

  @Test
  void refusesABranchForkingBelowTheUndoWindowWithoutStoringIt() {
    ChainFixture f = new ChainFixture(depth(2), 42, SPACE, BANDWIDTH);
    Node node = Node.of(f, true);
    f.extend(node.chain(), List.of(0, 1), 4, 0);
    Block early = f.nextBlock(f.newChain(), List.of(2), List.of());
    assertRefusedUntouched(node, early, Reason.REORG_TOO_DEEP);
    assertTrue(node.store().get(blockKey(early.id())).isEmpty());
  }

  @Test
  void dropsSideBranchesOnceTheyForkBelowTheUndoWindow() throws Exception {
    ChainFixture f = new ChainFixture(depth(2), 42, SPACE, BANDWIDTH);
    KeyValueStore store = new InMemoryKeyValueStore();
    Chain chain = f.openChain(store);
    List<Block> a = f.extend(chain, List.of(0, 1), 2, 0);
    Chain side = f.newChain();
    side.submit(a.get(0), NOW);
    Block sibling = f.nextBlock(side, List.of(2), List.of());
    assertEquals(ChainUpdate.NONE, chain.submit(sibling, NOW));
    f.extend(chain, List.of(0, 1), 1, 0);
    assertTrue(chain.contains(sibling.id()), "still within reach");
    assertTrue(store.get(blockKey(sibling.id())).isPresent());
    f.extend(chain, List.of(0, 1), 1, 0);
    assertFalse(chain.contains(sibling.id()), "forks below the window now");
    assertTrue(store.get(blockKey(sibling.id())).isEmpty());
    assertEquals(4, chain.blockCount());
    assertEquals(Reason.REORG_TOO_DEEP, ChainStoreTest.outcome(chain, sibling));
    Chain reopened = f.openChain(store);
    f.assertSameChain(chain, reopened);
    assertEquals(4, reopened.blockCount());
  }

  @Test
  void boundsTheBlocksOneContributorSignsAtOneHeight() throws Exception {
    Node node = Node.of(fx, true);
    Chain chain = node.chain();
    fx.extend(chain, List.of(0, 1), 2, 0);
    Chain side = fx.newChain();
    Block p = fx.nextBlock(side, List.of(2), List.of());
    side.submit(p, NOW);
    assertEquals(ChainUpdate.NONE, chain.submit(p, NOW));
    // On a parent whose state it never saw, a contributor grinds its claimed M for new block ids.
    int bound = Chain.MAX_BLOCKS_PER_CONTRIBUTOR_AT_HEIGHT;
    for (long m = 1; m <= bound + 3; m++) {
      Block ground = Forgery.block(side, p.id(), c(3), m);
      if (m <= bound) {
        assertTrue(
            Forgery.quality(p) + Forgery.quality(ground) < chain.totalQuality(),
            "the ground blocks are weaker and only stored");
        assertEquals(ChainUpdate.NONE, chain.submit(ground, NOW));
      } else {
        assertRefusedUntouched(node, ground, Reason.DUPLICATE);
      }
    }
    assertEquals(3 + bound, chain.blockCount());
    Chain reopened = fx.openChain(node.store());
    assertEquals(3 + bound, reopened.blockCount());
    assertEquals(
        Reason.DUPLICATE, ChainStoreTest.outcome(reopened, Forgery.block(side, p.id(), c(3), 99)));
    // Other contributors at that height are not held back.
    assertEquals(ChainUpdate.NONE, chain.submit(Forgery.block(side, p.id(), c(1), 1), NOW));
  }
}
