package org.cybervein.ledger.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.block.Block;
import org.cybervein.ledger.block.ContributionProof;
import org.cybervein.ledger.block.HashSubBlock;
import org.cybervein.ledger.block.TransactionSubBlock;
import org.cybervein.ledger.testing.ChainFixture;
import org.cybervein.ledger.testing.PocFixtures;
import org.cybervein.ledger.testing.PocFixtures.Contributor;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.junit.jupiter.api.Test;

class ChainTest {
  private static final long[] SPACE = {1 << 10, 1 << 11, 1 << 12, 1 << 11};
  private static final long[] BANDWIDTH = {4000, 1000, 3000, 2000};

  private static ChainFixture fixture(ChainParameters p) {
    return new ChainFixture(p, 42, SPACE, BANDWIDTH);
  }

  private final ChainFixture fx = fixture(PocFixtures.PARAMETERS);

  @Test
  void extendsTheChainAndMintsOnlyTheReward() {
    Chain chain = fx.newChain();
    Amount supply = chain.state().totalSupply();
    fx.extend(chain, fx.all(), 6, 2);
    assertEquals(6, chain.height());
    assertEquals(
        supply.plus(PocFixtures.PARAMETERS.blockReward().times(6)), chain.state().totalSupply());
    // Every contribution of a round is paid: each contributor got part of some reward.
    for (Contributor c : fx.contributors) {
      assertTrue(
          chain
              .state()
              .account(Address.of(c.key().publicKey()))
              .balance()
              .isAtLeast(Amount.ofCvt(1000)));
    }
  }

  @Test
  void changingTauChangesNoFutureChallenge() {
    Chain withTransfers = fx.newChain();
    List<Block> a = fx.extend(withTransfers, fx.all(), 8, 3);
    Chain without = fx.newChain();
    List<Block> b = fx.extend(without, fx.all(), 8, 0);
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i).phi().challenge(), b.get(i).phi().challenge(), "challenge " + i);
      assertEquals(a.get(i).id(), b.get(i).id(), "block id " + i);
      assertNotEquals(a.get(i).tau().digest(), b.get(i).tau().digest());
    }
    assertEquals(
        withTransfers.challengeForChildOf(withTransfers.tipId()),
        without.challengeForChildOf(without.tipId()));
    assertNotEquals(withTransfers.state().root(), without.state().root());
  }

  @Test
  void aReorganisationEndsInTheStateBuiltDirectlyOnTheWinningBranch() throws Exception {
    Chain left = fx.newChain();
    List<Block> branchA = fx.extend(left, List.of(0, 1), 3, 2);
    fx.resetUserNonce(0);
    Chain right = fx.newChain();
    List<Block> branchB = fx.extend(right, List.of(2, 3), 7, 1);
    assertTrue(right.totalQuality() > left.totalQuality());

    Chain observer = fx.newChain();
    for (Block b : branchA) {
      observer.submit(b, b.tau().timeMillis());
    }
    Hash rootA = observer.state().root();
    assertEquals(left.state().root(), rootA);
    ChainUpdate last = ChainUpdate.NONE;
    for (Block b : branchB) {
      ChainUpdate u = observer.submit(b, b.tau().timeMillis());
      if (u.changedBest()) {
        last = u;
      }
    }
    assertEquals(right.bestChain(), observer.bestChain());
    assertEquals(right.state().root(), observer.state().root());
    assertEquals(right.state().totalSupply(), observer.state().totalSupply());
    for (Contributor c : fx.contributors) {
      Address a = Address.of(c.key().publicKey());
      assertEquals(right.state().account(a), observer.state().account(a));
    }
    assertEquals(branchB.get(branchB.size() - 1), last.applied().get(last.applied().size() - 1));

    // And back: the left node, given the right branch, switches and agrees too.
    for (Block b : branchB) {
      left.submit(b, b.tau().timeMillis());
    }
    assertEquals(right.state().root(), left.state().root());
    assertEquals(right.bestChain(), left.bestChain());
  }

  @Test
  void aBetterBranchWithAnInvalidBlockIsNotAdoptedPastThatBlock() throws Exception {
    Chain left = fx.newChain();
    List<Block> branchA = fx.extend(left, List.of(0, 1), 2, 1);
    fx.resetUserNonce(0);
    Chain right = fx.newChain();
    List<Block> branchB = new ArrayList<>(fx.extend(right, List.of(2, 3), 7, 1));
    // Block 3 of the right branch keeps its phi (so its id, and its children's links) but lies
    // about the state root: only applying it can tell.
    Block good = branchB.get(2);
    branchB.set(
        2,
        Block.sign(
            good.phi(),
            withRoot(good.tau(), Hash.ZERO),
            right.sigmaDigestOf(good.parent()),
            owner(good.contributor()).key()));

    Chain observer = fx.newChain();
    Chain reference = fx.newChain();
    for (Block b : branchA) {
      observer.submit(b, Long.MAX_VALUE / 2);
      reference.submit(b, Long.MAX_VALUE / 2);
    }
    for (Block b : branchB.subList(0, 2)) {
      reference.submit(b, Long.MAX_VALUE / 2);
    }
    boolean refused = false;
    for (Block b : branchB) {
      try {
        observer.submit(b, Long.MAX_VALUE / 2);
      } catch (InvalidLedgerInputException e) {
        assertTrue(
            e.reason() == Reason.BAD_STATE_ROOT || e.reason() == Reason.BAD_LINK, e.getMessage());
        refused = true;
      }
    }
    assertTrue(refused);
    assertEquals(reference.bestChain(), observer.bestChain());
    assertEquals(reference.state().root(), observer.state().root());
  }

  @Test
  void reorganisesTheSameOnAnLmdbState(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    Chain left = fx.newChain();
    List<Block> branchA = fx.extend(left, List.of(0, 1), 3, 2);
    fx.resetUserNonce(0);
    Chain right = fx.newChain();
    List<Block> branchB = fx.extend(right, List.of(2, 3), 7, 1);
    try (org.cybervein.store.lmdb.LmdbKeyValueStore store =
        org.cybervein.store.lmdb.LmdbKeyValueStore.builder(dir)
            .durability(org.cybervein.store.lmdb.LmdbKeyValueStore.Durability.NO_SYNC)
            .open()) {
      Chain durable = fx.newChain(store);
      for (Block b : branchA) {
        durable.submit(b, Long.MAX_VALUE / 2);
      }
      for (Block b : branchB) {
        durable.submit(b, Long.MAX_VALUE / 2);
      }
      assertEquals(right.bestChain(), durable.bestChain());
      assertEquals(right.state().root(), durable.state().root());
    }
  }

  @Test
  void aWeakerBranchIsStoredButNotAdopted() throws Exception {
    Chain strong = fx.newChain();
    List<Block> branchA = fx.extend(strong, List.of(0, 1, 2, 3), 5, 1);
    fx.resetUserNonce(0);
    Chain weak = fx.newChain();
    List<Block> branchB = fx.extend(weak, List.of(1), 2, 1);
    Hash root = strong.state().root();
    for (Block b : branchB) {
      assertEquals(ChainUpdate.NONE, strong.submit(b, b.tau().timeMillis()));
    }
    assertEquals(root, strong.state().root());
    assertEquals(branchA.get(4).id(), strong.tipId());
    assertEquals(7, strong.blockCount());
  }

  @Test
  void refusesAReorganisationDeeperThanItsUndoData() throws Exception {
    ChainParameters shallow =
        new ChainParameters(3, 6, Amount.ofCvt(50), 1000, 5000, 2, PocFixtures.RULES);
    ChainFixture f = fixture(shallow);
    Chain node = f.newChain();
    f.extend(node, List.of(0, 1), 4, 0);
    Chain other = f.newChain();
    List<Block> longer = f.extend(other, List.of(2, 3), 9, 0);
    Hash root = node.state().root();
    Hash tip = node.tipId();
    boolean refused = false;
    for (Block b : longer) {
      try {
        node.submit(b, b.tau().timeMillis());
      } catch (InvalidLedgerInputException e) {
        assertEquals(Reason.REORG_TOO_DEEP, e.reason());
        refused = true;
        break;
      }
    }
    assertTrue(refused);
    assertEquals(tip, node.tipId());
    assertEquals(root, node.state().root());
  }

  // ------------------------------------------------------------------ rejection with state kept

  private interface Forge {
    Block make(Chain chain, Block good) throws Exception;
  }

  private void assertRefused(Reason reason, Forge forge) throws Exception {
    Chain chain = fx.newChain();
    fx.extend(chain, fx.all(), 4, 1);
    Block good =
        fx.nextBlock(chain, fx.all(), List.of(fx.transfer(Address.of(fx.user.publicKey()), 5)));
    Hash root = chain.state().root();
    Hash tip = chain.tipId();
    Amount supply = chain.state().totalSupply();
    Block bad = forge.make(chain, good);
    InvalidLedgerInputException e =
        assertThrows(
            InvalidLedgerInputException.class,
            () -> chain.submit(bad.encoded(), good.tau().timeMillis()));
    assertEquals(reason, e.reason(), e.getMessage());
    assertEquals(root, chain.state().root());
    assertEquals(tip, chain.tipId());
    assertEquals(supply, chain.state().totalSupply());
    // The good block is still accepted afterwards (unless the bad one took its id).
    if (!bad.id().equals(good.id())) {
      chain.submit(good, good.tau().timeMillis());
      assertEquals(good.id(), chain.tipId());
    }
  }

  private Block resign(Chain chain, HashSubBlock phi, TransactionSubBlock tau) {
    Contributor c = owner(phi.proof().contributor());
    return Block.sign(phi, tau, chain.sigmaDigestOf(phi.parent()), c.key());
  }

  private Contributor owner(org.cybervein.api.PublicKey key) {
    for (Contributor c : fx.contributors) {
      if (c.key().publicKey().equals(key)) {
        return c;
      }
    }
    throw new AssertionError();
  }

  private static TransactionSubBlock withRoot(TransactionSubBlock t, Hash root) {
    return new TransactionSubBlock(
        t.index(), t.timeMillis(), t.transactions(), t.contributions(), root, t.checkpoint());
  }

  @Test
  void refusesAWrongStateRoot() throws Exception {
    assertRefused(
        Reason.BAD_STATE_ROOT,
        (chain, good) -> resign(chain, good.phi(), withRoot(good.tau(), Hash.ZERO)));
  }

  @Test
  void refusesATransactionThatDoesNotApply() throws Exception {
    assertRefused(
        Reason.BAD_NONCE,
        (chain, good) -> {
          fx.resetUserNonce(0);
          SignedTransaction replay = fx.transfer(Address.of(fx.user.publicKey()), 1);
          TransactionSubBlock t = good.tau();
          return resign(
              chain,
              good.phi(),
              new TransactionSubBlock(
                  t.index(),
                  t.timeMillis(),
                  List.of(replay.encoded()),
                  t.contributions(),
                  t.stateRoot(),
                  t.checkpoint()));
        });
  }

  @Test
  void refusesGarbageTransactionBytes() throws Exception {
    assertRefused(
        Reason.MALFORMED,
        (chain, good) -> {
          TransactionSubBlock t = good.tau();
          return resign(
              chain,
              good.phi(),
              new TransactionSubBlock(
                  t.index(),
                  t.timeMillis(),
                  List.of(Bytes.of(new byte[] {9, 9, 9})),
                  t.contributions(),
                  t.stateRoot(),
                  t.checkpoint()));
        });
  }

  @Test
  void refusesAWrongChallenge() throws Exception {
    assertRefused(
        Reason.WRONG_CHALLENGE,
        (chain, good) -> {
          HashSubBlock p = good.phi();
          Contributor c = owner(p.proof().contributor());
          Hash other = Hash.fromHex("55".repeat(32));
          ContributionProof proof =
              new ContributionProof(
                  c.key().publicKey(),
                  c.prover().commitment(),
                  c.prover().proveStorage(ContributionProof.seed(other), 6),
                  p.proof().bandwidth());
          return resign(
              chain, HashSubBlock.sign(p.index(), p.parent(), other, proof, c.key()), good.tau());
        });
  }

  @Test
  void refusesAProofForAnotherChallenge() throws Exception {
    assertRefused(
        Reason.BAD_PROOF,
        (chain, good) -> {
          HashSubBlock p = good.phi();
          Contributor c = owner(p.proof().contributor());
          ContributionProof proof =
              new ContributionProof(
                  c.key().publicKey(),
                  c.prover().commitment(),
                  c.prover().proveStorage(Bytes.utf8("elsewhere"), 6),
                  p.proof().bandwidth());
          return resign(
              chain,
              HashSubBlock.sign(p.index(), p.parent(), p.challenge(), proof, c.key()),
              good.tau());
        });
  }

  @Test
  void refusesAnInflatedBandwidthClaim() throws Exception {
    assertRefused(
        Reason.BAD_PROOF,
        (chain, good) -> {
          HashSubBlock p = good.phi();
          Contributor c = owner(p.proof().contributor());
          ContributionProof proof =
              new ContributionProof(
                  c.key().publicKey(),
                  c.prover().commitment(),
                  p.proof().proof(),
                  p.proof().bandwidth() * 1000);
          // Keep phi the round's winner among tau's contributions despite the new digest.
          return resign(
              chain,
              HashSubBlock.sign(p.index(), p.parent(), p.challenge(), proof, c.key()),
              new TransactionSubBlock(
                  good.tau().index(),
                  good.tau().timeMillis(),
                  good.tau().transactions(),
                  List.of(),
                  good.tau().stateRoot(),
                  Optional.empty()));
        });
  }

  @Test
  void refusesAnUnregisteredContributor() throws Exception {
    Contributor stranger = PocFixtures.contributor(DeterministicRandom.fromSeed(99), 1 << 10);
    assertRefused(
        Reason.NOT_FOUND,
        (chain, good) -> {
          HashSubBlock p = good.phi();
          ContributionProof proof =
              new ContributionProof(
                  stranger.key().publicKey(),
                  stranger.prover().commitment(),
                  stranger.prover().proveStorage(ContributionProof.seed(p.challenge()), 6),
                  5000);
          HashSubBlock phi =
              HashSubBlock.sign(p.index(), p.parent(), p.challenge(), proof, stranger.key());
          TransactionSubBlock t = good.tau();
          TransactionSubBlock tau =
              new TransactionSubBlock(
                  t.index(), t.timeMillis(), List.of(), List.of(), t.stateRoot(), t.checkpoint());
          return Block.sign(phi, tau, chain.sigmaDigestOf(p.parent()), stranger.key());
        });
  }

  @Test
  void refusesABlockWhoseTauCarriesABetterContribution() throws Exception {
    assertRefused(
        Reason.NOT_ELECTED,
        (chain, good) -> {
          // The round's best loser signs a block that carries the winner's contribution.
          List<Integer> rest = new ArrayList<>(fx.all());
          int winner = fx.winner(chain, fx.all());
          rest.remove(Integer.valueOf(winner));
          int second = fx.winner(chain, rest);
          Contributor c = fx.contributors.get(second);
          ContributionProof own = fx.contribution(chain, second);
          HashSubBlock p = good.phi();
          HashSubBlock phi = HashSubBlock.sign(p.index(), p.parent(), p.challenge(), own, c.key());
          TransactionSubBlock t = good.tau();
          TransactionSubBlock tau =
              new TransactionSubBlock(
                  t.index(),
                  t.timeMillis(),
                  List.of(),
                  List.of(fx.contribution(chain, winner)),
                  t.stateRoot(),
                  t.checkpoint());
          return Block.sign(phi, tau, chain.sigmaDigestOf(p.parent()), c.key());
        });
  }

  @Test
  void refusesATimestampTooSoonOrInTheFuture() throws Exception {
    assertRefused(
        Reason.BAD_TIME,
        (chain, good) -> {
          TransactionSubBlock t = good.tau();
          return resign(
              chain,
              good.phi(),
              new TransactionSubBlock(
                  t.index(),
                  chain.tipTimeMillis() + 1,
                  t.transactions(),
                  t.contributions(),
                  t.stateRoot(),
                  t.checkpoint()));
        });
    assertRefused(
        Reason.BAD_TIME,
        (chain, good) -> {
          TransactionSubBlock t = good.tau();
          return resign(
              chain,
              good.phi(),
              new TransactionSubBlock(
                  t.index(),
                  t.timeMillis() + 60_000,
                  t.transactions(),
                  t.contributions(),
                  t.stateRoot(),
                  t.checkpoint()));
        });
  }

  @Test
  void refusesAForgedSignature() throws Exception {
    assertRefused(
        Reason.BAD_SIGNATURE,
        (chain, good) ->
            new Block(good.phi(), fx.nextBlock(chain, fx.all(), List.of()).sigma(), good.tau()));
  }

  @Test
  void refusesGarbageAndUnknownParents() throws Exception {
    Chain chain = fx.newChain();
    fx.extend(chain, fx.all(), 2, 0);
    Hash root = chain.state().root();
    DeterministicRandom random = DeterministicRandom.fromSeed(3);
    for (int i = 0; i < 50; i++) {
      byte[] junk = new byte[random.nextInt(2000)];
      random.nextBytes(junk);
      assertThrows(
          InvalidLedgerInputException.class, () -> chain.submit(Bytes.of(junk), Long.MAX_VALUE));
    }
    Chain other = fx.newChain();
    List<Block> blocks = fx.extend(other, List.of(3), 4, 0);
    InvalidLedgerInputException e =
        assertThrows(
            InvalidLedgerInputException.class,
            () -> chain.submit(blocks.get(3), Long.MAX_VALUE / 2));
    assertEquals(Reason.BAD_LINK, e.reason());
    assertEquals(root, chain.state().root());
    assertEquals(2, chain.height());
  }
}
