package org.cybervein.ledger.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.store.StoreException;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.block.Block;
import org.cybervein.ledger.block.ContributionProof;
import org.cybervein.ledger.contract.poc.PocContract;
import org.cybervein.ledger.state.BlockEffects;
import org.cybervein.ledger.state.LedgerState;
import org.cybervein.ledger.testing.ChainFixture;
import org.cybervein.ledger.testing.PocFixtures;
import org.cybervein.ledger.testing.PocFixtures.Contributor;
import org.cybervein.storageproofs.pospace.SpaceProver;
import org.cybervein.storageproofs.pospace.VerifiedSpaceCommitment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The rules of one block, checked without a chain around them: a block a chain accepts on genesis
 * passes each step against a genesis node made by hand, each step refuses what it must, and the
 * weights are read only through the entries it is given.
 */
class BlockValidatorTest {
  private static final long[] SPACE = {1 << 10, 1 << 11, 1 << 12};
  private static final long[] BANDWIDTH = {4000, 1000, 3000};

  private final ChainFixture fx = new ChainFixture(PocFixtures.PARAMETERS, 11, SPACE, BANDWIDTH);
  private final Chain chain = fx.newChain();
  private final BlockValidator validator = new BlockValidator(fx.parameters);
  private final BlockNode genesis = BlockNode.genesis(chain.genesisId(), ChainFixture.GENESIS_TIME);
  private final Block block = fx.nextBlock(chain, fx.all(), List.of());
  private final long now = block.tau().timeMillis();

  private static Function<Bytes, Optional<Bytes>> entries(LedgerState state) {
    return key -> state.contractEntry(PocContract.ID, key);
  }

  private static Reason reason(Executable step) {
    return assertThrows(InvalidLedgerInputException.class, step).reason();
  }

  @Test
  void passesTheBlockAChainAcceptsStepByStep() throws Exception {
    Hash challenge = validator.checkPosition(block, genesis, now);
    assertEquals(chain.challengeForChildOf(chain.genesisId()), challenge);
    BlockNode node = validator.checkProofs(block, genesis, challenge);
    assertEquals(block.id(), node.id);
    assertEquals(Forgery.quality(block), node.totalQuality);
    assertEquals(0, node.nextCheckpoint);
    validator.checkWeights(block, entries(chain.state()));
    BlockValidator.checkStateRoot(block, effectsWithRoot(block.tau().stateRoot()));
    assertEquals(List.of(), BlockValidator.transactions(block));
    assertEquals(node.totalQuality, validator.reload(block, genesis).totalQuality);
    chain.submit(block, now);
    assertEquals(chain.totalQuality(), node.totalQuality);
  }

  @Test
  void refusesABlockOutOfPlace() throws Exception {
    BlockNode child = validator.checkProofs(block, genesis, validator.challenge(genesis, 1));
    assertEquals(Reason.BAD_LINK, reason(() -> validator.checkPosition(block, child, now)));
    BlockNode invalid = BlockNode.genesis(chain.genesisId(), ChainFixture.GENESIS_TIME);
    invalid.invalid = new InvalidLedgerInputException(Reason.BAD_PROOF, "made up");
    assertEquals(Reason.BAD_LINK, reason(() -> validator.checkPosition(block, invalid, now)));
    BlockNode later = BlockNode.genesis(chain.genesisId(), ChainFixture.GENESIS_TIME + 1);
    assertEquals(Reason.BAD_TIME, reason(() -> validator.checkPosition(block, later, now)));
    long tooEarly = now - fx.parameters.maxClockDriftMillis() - 1;
    assertEquals(Reason.BAD_TIME, reason(() -> validator.checkPosition(block, genesis, tooEarly)));
    validator.checkPosition(block, genesis, tooEarly + 1);
    BlockNode other = BlockNode.genesis(Hash.ZERO, ChainFixture.GENESIS_TIME);
    assertEquals(Reason.WRONG_CHALLENGE, reason(() -> validator.checkPosition(block, other, now)));
    assertThrows(StoreException.class, () -> validator.reload(block, other));
    assertThrows(StoreException.class, () -> validator.reload(block, child));
  }

  @Test
  void refusesAContributionThatBreaksAStatelessRule() throws Exception {
    Hash challenge = validator.challenge(genesis, 1);
    ContributionProof good = block.phi().proof();
    validator.checkContribution(good, challenge);
    ContributionProof none =
        new ContributionProof(good.contributor(), good.commitment(), good.proof(), 0);
    assertEquals(Reason.BAD_PROOF, reason(() -> validator.checkContribution(none, challenge)));
    // Labels bound to another key than the contributor's (mu is not its identity).
    Contributor c0 = fx.contributors.get(0);
    SpaceProver foreign =
        SpaceProver.initInMemory(
            PocContract.mu(fx.contributors.get(1).key().publicKey()), 1 << 9, PocFixtures.GRAPH);
    ContributionProof relabelled = Forgery.contribution(chain, chain.genesisId(), c0, foreign, 1);
    assertEquals(
        Reason.CONTRACT_RULE, reason(() -> validator.checkContribution(relabelled, challenge)));
  }

  @Test
  void checksTheProofOfSpaceAgainstTheRegisteredCommitmentWithTheWeights() throws Exception {
    Function<Bytes, Optional<Bytes>> state = entries(chain.state());
    ContributionProof good = block.phi().proof();
    Hash challenge = validator.challenge(genesis, 1);
    validator.checkWeight(good, challenge, 1, state);
    // The proof answers round 1's challenge, not round 2's: refused where the registered (commit-
    // proof-verified) commitment is at hand, since a storage proof alone does not bind mu.
    assertEquals(
        Reason.BAD_PROOF,
        reason(() -> validator.checkWeight(good, validator.challenge(genesis, 2), 1, state)));
    // The stateless step no longer looks at the proof of space.
    validator.checkContribution(good, validator.challenge(genesis, 2));
  }

  @Test
  void readsTheWeightsOnlyThroughTheEntriesItIsGiven() throws Exception {
    List<Bytes> read = new ArrayList<>();
    Function<Bytes, Optional<Bytes>> state = entries(chain.state());
    validator.checkWeights(
        block,
        key -> {
          read.add(key);
          return state.apply(key);
        });
    assertFalse(read.isEmpty());
    assertEquals(
        Reason.NOT_FOUND, reason(() -> validator.checkWeights(block, key -> Optional.empty())));
    Block inflated = Forgery.block(chain, chain.genesisId(), fx.contributors.get(0), 4001);
    assertEquals(Reason.BAD_PROOF, reason(() -> validator.checkWeights(inflated, state)));
    assertEquals(
        fx.contributors.size(),
        fx.contributors.stream()
            .filter(
                c ->
                    validator
                        .registeredCommitment(state, c.key().publicKey())
                        .map(VerifiedSpaceCommitment::commitment)
                        .equals(Optional.of(c.prover().commitment())))
            .count());
    assertEquals(
        BANDWIDTH[2],
        validator.bandwidth(state, fx.contributors.get(2).key().publicKey(), 1),
        "as recorded at genesis");
  }

  @Test
  void refusesAnotherStateRootThanTauClaims() {
    Hash claimed = block.tau().stateRoot();
    assertEquals(
        Reason.BAD_STATE_ROOT,
        reason(() -> BlockValidator.checkStateRoot(block, effectsWithRoot(Hash.ZERO))));
    assertEquals(claimed, effectsWithRoot(claimed).rootAfter());
  }

  private static BlockEffects effectsWithRoot(Hash rootAfter) {
    return new BlockEffects(1, Hash.ZERO, rootAfter, Amount.ZERO, 0, List.of());
  }
}
