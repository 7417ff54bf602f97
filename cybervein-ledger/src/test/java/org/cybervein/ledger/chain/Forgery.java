package org.cybervein.ledger.chain;

import java.util.List;
import java.util.Optional;
import org.cybervein.api.Hash;
import org.cybervein.ledger.block.Block;
import org.cybervein.ledger.block.ContributionProof;
import org.cybervein.ledger.block.HashSubBlock;
import org.cybervein.ledger.block.TransactionSubBlock;
import org.cybervein.ledger.testing.PocFixtures.Contributor;
import org.cybervein.storageproofs.pospace.SpaceProver;

/**
 * Blocks as a dishonest contributor makes them: every stateless rule kept (links, time, challenge,
 * signatures, a real proof of space), the weights claimed at will.
 */
final class Forgery {
  private Forgery() {}

  /** The index of a held block or genesis. */
  static long indexOf(Chain view, Hash id) {
    return view.block(id).map(Block::index).orElse(0L);
  }

  /** {@code c}'s contribution to the round on {@code parent}, with its labels and claimed M. */
  static ContributionProof contribution(
      Chain view, Hash parent, Contributor c, SpaceProver prover, long bandwidth) {
    Hash challenge = view.challengeForChildOf(parent);
    return new ContributionProof(
        c.key().publicKey(),
        prover.commitment(),
        prover.proveStorage(
            ContributionProof.seed(challenge), view.parameters().storageChallenges()),
        bandwidth);
  }

  /** A block on {@code parent} by {@code c} claiming {@code bandwidth}, one interval after it. */
  static Block block(Chain view, Hash parent, Contributor c, long bandwidth) {
    return block(view, parent, contribution(view, parent, c, c.prover(), bandwidth), c, List.of());
  }

  /** A block on {@code parent} with phi's contribution {@code own} and tau's {@code others}. */
  static Block block(
      Chain view,
      Hash parent,
      ContributionProof own,
      Contributor signer,
      List<ContributionProof> others) {
    long index = indexOf(view, parent) + 1;
    HashSubBlock phi =
        HashSubBlock.sign(index, parent, view.challengeForChildOf(parent), own, signer.key());
    TransactionSubBlock tau =
        new TransactionSubBlock(
            index,
            view.timeMillisOf(parent) + view.parameters().blockIntervalMillis(),
            List.of(),
            others,
            Hash.ZERO,
            Optional.empty());
    return Block.sign(phi, tau, view.sigmaDigestOf(parent), signer.key());
  }

  /** {@code good} with phi re-signed over {@code own} (tau kept). */
  static Block withPhi(Chain view, Block good, ContributionProof own, Contributor signer) {
    HashSubBlock p = good.phi();
    HashSubBlock phi = HashSubBlock.sign(p.index(), p.parent(), p.challenge(), own, signer.key());
    return Block.sign(phi, good.tau(), view.sigmaDigestOf(p.parent()), signer.key());
  }

  /** {@code good} with tau replaced, signed again by its contributor. */
  static Block withTau(Chain view, Block good, TransactionSubBlock tau, Contributor signer) {
    return Block.sign(good.phi(), tau, view.sigmaDigestOf(good.parent()), signer.key());
  }

  /** The quality phi's contribution adds to its chain. */
  static long quality(Block b) {
    return ProofQuality.of(b.phi().proof().election(b.phi().challenge()));
  }

  /** The accumulated quality of a held block's chain. */
  static long totalQuality(Chain view, Hash id) {
    long total = 0;
    for (Optional<Block> b = view.block(id); b.isPresent(); b = view.block(b.get().parent())) {
      total += quality(b.get());
    }
    return total;
  }
}
