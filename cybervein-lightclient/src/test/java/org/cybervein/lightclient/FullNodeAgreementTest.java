package org.cybervein.lightclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.cybervein.api.Hash;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.block.Block;
import org.cybervein.ledger.chain.Chain;
import org.cybervein.ledger.contract.poc.PocContract;
import org.cybervein.ledger.state.StateKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The light client against the full node (cybervein-ledger) on real chains: it accepts every block
 * the node accepts, and refuses the node's refusals with the reason the node gives, the one
 * documented exception being a lie in tau that only executing the transactions can find.
 */
class FullNodeAgreementTest {
  private static final int HEIGHT = 6;
  private static LedgerChains fx;
  private static Chain chain;
  private static List<Block> blocks;

  @BeforeAll
  static void buildChain() {
    fx = LedgerChains.standard();
    chain = fx.newChain();
    blocks = fx.extend(chain, fx.all(), HEIGHT, 2);
  }

  /** A client that followed blocks 1 .. n. */
  private static LightClientState clientAt(int n) throws InvalidLightClientInputException {
    LightClientState s = fx.newClient();
    for (Block b : blocks.subList(0, n)) {
      s = LightClient.update(s, fx.update(chain, b), b.tau().timeMillis());
    }
    return s;
  }

  /** A full node that holds blocks 1 .. n. */
  private static Chain nodeAt(int n) throws InvalidLedgerInputException {
    Chain node = fx.newChain();
    for (Block b : blocks.subList(0, n)) {
      node.submit(b, b.tau().timeMillis());
    }
    return node;
  }

  @Test
  void followsTheChainTheFullNodeBuiltAndTrustsItsRoots() throws Exception {
    LightClientState s = clientAt(HEIGHT);
    assertEquals(HEIGHT, s.latestHeight());
    assertEquals(chain.genesisId(), s.genesisId());
    for (Block b : blocks) {
      TrustedBlock t = s.consensusState(b.index()).orElseThrow();
      assertEquals(b.id(), t.blockId());
      assertEquals(b.sigmaDigest(), t.sigmaDigest());
      assertEquals(b.tau().stateRoot(), t.stateRoot());
    }
    assertEquals(chain.state().root(), s.consensusState(HEIGHT).orElseThrow().stateRoot());
    assertFalse(s.isFrozen());
  }

  @Test
  void keysAndDigestsAreTheLedgersOwn() throws Exception {
    Block b = blocks.get(2);
    LedgerHeader h = LedgerHeader.decode(b.encoded());
    assertEquals(b.id(), h.id());
    assertEquals(b.tauDigest(), h.tauDigest());
    assertEquals(b.sigmaDigest(), h.sigmaDigest());
    assertEquals(b.tau().stateRoot(), h.stateRoot());
    var pk = b.contributor();
    assertEquals(
        StateKeys.account(org.cybervein.ledger.account.Address.of(pk)),
        LedgerStateKeys.account(LedgerStateKeys.address(pk)));
    assertEquals(StateKeys.totalSupply(), LedgerStateKeys.totalSupply());
    assertEquals(
        PocContract.commitmentId(b.phi().proof().commitment()),
        HeaderRules.commitmentId(h.winner().commitment()));
    assertEquals(PocContract.mu(pk), HeaderRules.mu(pk));
  }

  @Test
  void anUpdateAlreadyTrustedChangesNothingAndSkippingAheadIsRefused() throws Exception {
    LightClientState s = clientAt(3);
    assertEquals(s, LightClient.update(s, fx.update(chain, blocks.get(1)), Long.MAX_VALUE / 2));
    InvalidLightClientInputException e =
        assertThrows(
            InvalidLightClientInputException.class,
            () -> LightClient.update(s, fx.update(chain, blocks.get(4)), Long.MAX_VALUE / 2));
    assertEquals(InvalidLightClientInputException.Reason.BAD_LINK, e.reason());
  }

  // ------------------------------------------------------------------ mutations, node vs client

  private static Optional<String> nodeVerdict(int k, HeaderMutations.Case c) throws Exception {
    Chain node = nodeAt(k - 1);
    try {
      node.submit(c.block(), c.nowMillis());
      return Optional.empty();
    } catch (InvalidLedgerInputException e) {
      return Optional.of(e.reason().name());
    }
  }

  private static Optional<String> clientVerdict(int k, HeaderMutations.Case c) throws Exception {
    LightClientState s = clientAt(k - 1);
    Chain node = nodeAt(k - 1);
    try {
      LightClientState after = LightClient.update(s, fx.update(node, c.block()), c.nowMillis());
      assertEquals(k, after.latestHeight(), c.name());
      return Optional.empty();
    } catch (InvalidLightClientInputException e) {
      return Optional.of(e.reason().name());
    }
  }

  @Test
  void refusesWhatTheFullNodeRefusesForTheSameReason() throws Exception {
    // Block 5 is in the second bandwidth window, so the client reads two bandwidth entries.
    for (int k : new int[] {3, 5}) {
      for (HeaderMutations.Case c : new HeaderMutations(fx, blocks).cases(nodeAt(k - 1), k)) {
        Optional<String> node = nodeVerdict(k, c);
        Optional<String> client = clientVerdict(k, c);
        assertEquals(node, client, "block " + k + ": " + c.name());
        assertEquals(c.name().equals("honest"), node.isEmpty(), "block " + k + ": " + c.name());
      }
    }
  }

  @Test
  void aLieAboutTheStateRootIsTheOneRefusalOnlyTheFullNodeCanMake() throws Exception {
    int k = 4;
    Chain node = nodeAt(k - 1);
    Block good = blocks.get(k - 1);
    Block lying =
        Block.sign(
            good.phi(),
            HeaderMutations.withTau(
                good.tau(), good.tau().timeMillis(), good.tau().contributions(), Hash.ZERO),
            node.sigmaDigestOf(good.parent()),
            new HeaderMutations(fx, blocks).keyOf(good));
    assertEquals(
        Optional.of("BAD_STATE_ROOT"),
        nodeVerdict(k, new HeaderMutations.Case("lying root", lying, good.tau().timeMillis())));
    assertEquals(
        Optional.empty(),
        clientVerdict(k, new HeaderMutations.Case("lying root", lying, good.tau().timeMillis())));
  }
}
