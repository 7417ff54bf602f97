package org.cybervein.lightclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cybervein.api.Hash;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.block.Block;
import org.cybervein.ledger.block.ContributionProof;
import org.cybervein.ledger.block.HashSubBlock;
import org.cybervein.ledger.block.SignatureSubBlock;
import org.cybervein.ledger.block.TransactionSubBlock;
import org.cybervein.ledger.chain.Chain;
import org.cybervein.ledger.contract.poc.PocContract;
import org.cybervein.ledger.state.StateKeys;
import org.cybervein.storageproofs.pospace.SpaceProver;
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
    BlockHeader h = BlockHeader.decode(b.encoded());
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

  /** The block at index k (k - 1 blocks below it), mutated, and the clock both sides are given. */
  private record Case(String name, Block block, long nowMillis) {}

  private static Ed25519PrivateKey keyOf(Block b) {
    for (LedgerChains.Contributor c : fx.contributors) {
      if (c.key().publicKey().equals(b.contributor())) {
        return c.key();
      }
    }
    throw new AssertionError();
  }

  private static Block resign(
      Block good, HashSubBlock phi, TransactionSubBlock tau, Hash prev, Ed25519PrivateKey key) {
    return Block.sign(phi, tau, prev, key);
  }

  private static TransactionSubBlock withTau(
      TransactionSubBlock t, long time, List<ContributionProof> contributions, Hash root) {
    return new TransactionSubBlock(
        t.index(), time, t.transactions(), contributions, root, t.checkpoint());
  }

  private static HashSubBlock phiWith(
      HashSubBlock phi, Hash parent, Hash challenge, ContributionProof proof, Ed25519PrivateKey k) {
    return HashSubBlock.sign(phi.index(), parent, challenge, proof, k);
  }

  private static ContributionProof withBandwidth(ContributionProof c, long m) {
    return new ContributionProof(c.contributor(), c.commitment(), c.proof(), m);
  }

  private static List<Case> cases(int k) throws Exception {
    Chain node = nodeAt(k - 1);
    Block good = blocks.get(k - 1);
    HashSubBlock phi = good.phi();
    TransactionSubBlock tau = good.tau();
    Hash prev = node.sigmaDigestOf(good.parent());
    Ed25519PrivateKey key = keyOf(good);
    long t = tau.timeMillis();
    List<Case> out = new ArrayList<>();
    out.add(new Case("honest", good, t));
    out.add(
        new Case(
            "too soon after the parent",
            resign(good, phi, withTau(tau, t - 1, tau.contributions(), tau.stateRoot()), prev, key),
            t));
    out.add(
        new Case("from the future", good, t - LedgerChains.PARAMETERS.maxClockDriftMillis() - 1));
    HashSubBlock wrongChallenge = phiWith(phi, phi.parent(), Hash.ZERO, phi.proof(), key);
    out.add(new Case("wrong challenge", resign(good, wrongChallenge, tau, prev, key), t));
    Hash grandparent = blocks.get(k - 3).id();
    out.add(
        new Case(
            "names its grandparent",
            resign(
                good, phiWith(phi, grandparent, phi.challenge(), phi.proof(), key), tau, prev, key),
            t));
    out.add(
        new Case(
            "unknown parent",
            resign(
                good, phiWith(phi, Hash.ZERO, phi.challenge(), phi.proof(), key), tau, prev, key),
            t));
    Ed25519PrivateKey other =
        fx.contributors.get(0).key().equals(key)
            ? fx.contributors.get(1).key()
            : fx.contributors.get(0).key();
    out.add(
        new Case(
            "phi signed by another key",
            new Block(
                new HashSubBlock(
                    phi.index(),
                    phi.parent(),
                    HashSubBlock.sign(
                            phi.index(),
                            phi.parent(),
                            phi.challenge(),
                            new ContributionProof(
                                other.publicKey(),
                                phi.proof().commitment(),
                                phi.proof().proof(),
                                phi.proof().bandwidth()),
                            other)
                        .parentSignature(),
                    phi.challenge(),
                    phi.proof()),
                good.sigma(),
                tau),
            t));
    out.add(
        new Case(
            "sigma signed by another key",
            new Block(
                phi,
                SignatureSubBlock.sign(phi.index(), good.id(), good.tauDigest(), prev, other),
                tau),
            t));
    out.add(
        new Case("sigma over another previous sigma", resign(good, phi, tau, Hash.ZERO, key), t));
    out.add(
        new Case(
            "claims more bandwidth than recorded",
            resign(
                good,
                phiWith(
                    phi,
                    phi.parent(),
                    phi.challenge(),
                    withBandwidth(phi.proof(), phi.proof().bandwidth() + 1),
                    key),
                tau,
                prev,
                key),
            t));
    out.add(
        new Case(
            "claims no bandwidth",
            resign(
                good,
                phiWith(phi, phi.parent(), phi.challenge(), withBandwidth(phi.proof(), 0), key),
                tau,
                prev,
                key),
            t));
    List<ContributionProof> withSelf = new ArrayList<>(tau.contributions());
    withSelf.add(phi.proof());
    out.add(
        new Case(
            "phi's contributor again in tau",
            resign(good, phi, withTau(tau, t, withSelf, tau.stateRoot()), prev, key),
            t));
    if (!tau.contributions().isEmpty()) {
      // A loser signs phi with its own contribution and carries the winner's in tau.
      ContributionProof loser = tau.contributions().get(0);
      Ed25519PrivateKey loserKey = null;
      for (LedgerChains.Contributor c : fx.contributors) {
        if (c.key().publicKey().equals(loser.contributor())) {
          loserKey = c.key();
        }
      }
      List<ContributionProof> swapped = new ArrayList<>(tau.contributions());
      swapped.set(0, phi.proof());
      out.add(
          new Case(
              "a loser's block carrying the winner in tau",
              Block.sign(
                  phiWith(phi, phi.parent(), phi.challenge(), loser, loserKey),
                  withTau(tau, t, swapped, tau.stateRoot()),
                  prev,
                  loserKey),
              t));
    }
    Block older = blocks.get(k - 2);
    out.add(
        new Case(
            "a proof of space for another round",
            Block.sign(
                phiWith(phi, phi.parent(), phi.challenge(), older.phi().proof(), keyOf(older)),
                withTau(tau, t, List.of(), tau.stateRoot()),
                prev,
                keyOf(older)),
            t));
    out.add(
        new Case(
            "another key's commitment",
            Block.sign(
                phiWith(
                    phi,
                    phi.parent(),
                    phi.challenge(),
                    new ContributionProof(
                        other.publicKey(),
                        phi.proof().commitment(),
                        phi.proof().proof(),
                        phi.proof().bandwidth()),
                    other),
                withTau(tau, t, List.of(), tau.stateRoot()),
                prev,
                other),
            t));
    SpaceProver unregistered =
        SpaceProver.initInMemory(PocContract.mu(key.publicKey()), 1 << 9, LedgerChains.GRAPH);
    ContributionProof fresh =
        new ContributionProof(
            key.publicKey(),
            unregistered.commitment(),
            unregistered.proveStorage(
                ContributionProof.seed(phi.challenge()),
                LedgerChains.PARAMETERS.storageChallenges()),
            phi.proof().bandwidth());
    out.add(
        new Case(
            "an unregistered commitment",
            Block.sign(
                phiWith(phi, phi.parent(), phi.challenge(), fresh, key),
                withTau(tau, t, List.of(), tau.stateRoot()),
                prev,
                key),
            t));
    return out;
  }

  private static Optional<String> nodeVerdict(int k, Case c) throws Exception {
    Chain node = nodeAt(k - 1);
    try {
      node.submit(c.block(), c.nowMillis());
      return Optional.empty();
    } catch (InvalidLedgerInputException e) {
      return Optional.of(e.reason().name());
    }
  }

  private static Optional<String> clientVerdict(int k, Case c) throws Exception {
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
      for (Case c : cases(k)) {
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
            withTau(good.tau(), good.tau().timeMillis(), good.tau().contributions(), Hash.ZERO),
            node.sigmaDigestOf(good.parent()),
            keyOf(good));
    assertEquals(
        Optional.of("BAD_STATE_ROOT"),
        nodeVerdict(k, new Case("lying root", lying, good.tau().timeMillis())));
    assertEquals(
        Optional.empty(), clientVerdict(k, new Case("lying root", lying, good.tau().timeMillis())));
  }
}
