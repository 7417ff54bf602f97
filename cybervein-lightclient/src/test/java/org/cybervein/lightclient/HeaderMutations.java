package org.cybervein.lightclient;

import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Hash;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.ledger.block.Block;
import org.cybervein.ledger.block.ContributionProof;
import org.cybervein.ledger.block.HashSubBlock;
import org.cybervein.ledger.block.SignatureSubBlock;
import org.cybervein.ledger.block.TransactionSubBlock;
import org.cybervein.ledger.chain.Chain;
import org.cybervein.ledger.contract.poc.PocContract;
import org.cybervein.storageproofs.pospace.SpaceProver;

/**
 * Mutations of a real block, each re-signed by a contributor where the mutation needs it, so that
 * every one breaks exactly one header rule: the honest block first, then one case per rule. Used by
 * the agreement test and by the vector generator.
 */
final class HeaderMutations {
  private final LedgerChains fx;
  private final List<Block> blocks;

  HeaderMutations(LedgerChains fx, List<Block> blocks) {
    this.fx = fx;
    this.blocks = blocks;
  }

  /** The block at index k (k - 1 blocks below it), mutated, and the clock both sides are given. */
  /** A mutated block at index k and the clock both sides are given. */
  record Case(String name, Block block, long nowMillis) {}

  Ed25519PrivateKey keyOf(Block b) {
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

  static TransactionSubBlock withTau(
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

  List<Case> cases(Chain node, int k) {
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
}
