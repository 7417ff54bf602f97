package org.cybervein.ledger.chain;

import com.google.protobuf.CodedOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.dag.certification.DagCheckpoint;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.block.Block;
import org.cybervein.ledger.block.ContributionProof;
import org.cybervein.ledger.block.HashSubBlock;
import org.cybervein.ledger.block.TransactionSubBlock;
import org.cybervein.ledger.state.BlockContext;
import org.cybervein.ledger.state.BlockEffects;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.cybervein.storageproofs.poc.ElectionContribution;
import org.cybervein.storageproofs.pospace.SpaceProver;

/**
 * Builds a block on the tip of a {@link Chain} for a contributor: answers the round's challenge
 * with its prover, claims the bandwidth the ledger records, keeps the other contributions its proof
 * beats (the reward is split among them), chooses the applicable transactions, computes the state
 * root by applying and reverting the block, and signs phi and sigma. The chain's state is as before
 * when it returns.
 *
 * <p>The transactions are capped by bytes as well as by count: those that apply are taken in order
 * as long as the block stays within {@link Block#MAX_ENCODED_SIZE} and {@link
 * Block#MAX_TRANSACTIONS}, skipping any that would not fit, so a mempool of any size gives a block
 * that can be encoded.
 */
public final class BlockBuilder {
  private BlockBuilder() {}

  /**
   * The contributor's contribution to the round that extends the chain's tip: its storage proof for
   * the challenge of the tip's child and the bandwidth the tip's state records for it.
   *
   * @param chain the chain whose tip the contribution extends; only read
   * @param key the contributor's signing key; its public half names the contributor
   * @param prover the contributor's space prover, holding the plotted space it committed to
   * @return the contribution, unsigned (it is signed as part of the block's phi)
   */
  public static ContributionProof contribution(
      Chain chain, Ed25519PrivateKey key, SpaceProver prover) {
    Hash challenge = chain.challengeForChildOf(chain.tipId());
    return new ContributionProof(
        key.publicKey(),
        prover.commitment(),
        prover.proveStorage(
            ContributionProof.seed(challenge), chain.parameters().storageChallenges()),
        chain.bandwidthForNextBlock(key.publicKey()));
  }

  /**
   * A block on the chain's tip.
   *
   * @param chain the chain whose tip the block extends; its state is applied and reverted to find
   *     the state root, and is as before when this returns
   * @param key the producing contributor's signing key, which signs phi and sigma
   * @param prover the contributor's space prover, which answers the round's challenge
   * @param others contributions of the same round from other contributors (already checked by the
   *     caller); those that beat this contributor's or repeat a contributor are left out, the rest
   *     kept best first, at most {@link Block#MAX_CONTRIBUTIONS}
   * @param candidates transactions to include if they apply and fit (see above), in order
   * @param timeMillis the block's timestamp, in milliseconds since the Unix epoch; validators
   *     require it at least {@link ChainParameters#blockIntervalMillis()} after the parent's
   * @param checkpoint the DAG checkpoint the block anchors in its transaction sub-block, if one is
   *     due
   * @return the signed block, which the chain has not yet been given (pass it to {@link
   *     Chain#submit})
   * @throws InvalidLedgerInputException if the block cannot be applied (e.g. the reward overflows a
   *     balance)
   */
  public static Block build(
      Chain chain,
      Ed25519PrivateKey key,
      SpaceProver prover,
      List<ContributionProof> others,
      List<SignedTransaction> candidates,
      long timeMillis,
      Optional<DagCheckpoint> checkpoint)
      throws InvalidLedgerInputException {
    Objects.requireNonNull(chain, "chain");
    Hash parent = chain.tipId();
    long index = chain.height() + 1;
    Hash challenge = chain.challengeForChildOf(parent);
    ContributionProof own = contribution(chain, key, prover);
    ElectionContribution ownElection = own.election(challenge);
    List<ContributionProof> kept = new ArrayList<>();
    List<Bytes> seen = new ArrayList<>();
    seen.add(key.publicKey().encoded());
    List<ContributionProof> sorted = new ArrayList<>(others);
    sorted.sort(
        Comparator.comparing((ContributionProof c) -> c.election(challenge), ProofQuality.ORDER));
    for (ContributionProof c : sorted) {
      if (kept.size() == Block.MAX_CONTRIBUTIONS
          || seen.contains(c.contributor().encoded())
          || c.bandwidth() == 0
          || ProofQuality.ORDER.compare(ownElection, c.election(challenge)) >= 0) {
        continue;
      }
      seen.add(c.contributor().encoded());
      kept.add(c);
    }
    BlockContext context = chain.blockContext(index, timeMillis, own, kept);
    HashSubBlock phi = HashSubBlock.sign(index, parent, challenge, own, key);
    // The block without transactions fixes the room they have (its state root is a placeholder of
    // the same size, and its length prefix grows by at most SLACK bytes with them).
    long room =
        Block.MAX_ENCODED_SIZE
            - SLACK
            - Block.sign(
                    phi,
                    new TransactionSubBlock(
                        index, timeMillis, List.of(), kept, Hash.ZERO, checkpoint),
                    chain.sigmaDigestOf(parent),
                    key)
                .encoded()
                .size();
    List<SignedTransaction> chosen = chain.state().selectApplicable(context, candidates);
    List<SignedTransaction> fitting = fitting(chosen, room);
    if (fitting.size() < chosen.size()) {
      // Those left out may have enabled later ones (a sender's next nonce): choose again among
      // the ones that fit; a subset of them fits too.
      chosen = chain.state().selectApplicable(context, fitting);
    }
    BlockEffects effects = chain.state().apply(context, chosen);
    chain.state().revert(effects);
    List<Bytes> encoded = new ArrayList<>(chosen.size());
    for (SignedTransaction t : chosen) {
      encoded.add(t.encoded());
    }
    TransactionSubBlock tau =
        new TransactionSubBlock(index, timeMillis, encoded, kept, effects.rootAfter(), checkpoint);
    return Block.sign(phi, tau, chain.sigmaDigestOf(parent), key);
  }

  // The most the encodings of tau and of the block can grow by their length prefixes.
  private static final int SLACK = 16;

  /**
   * The transactions, in order, that fit in {@code room} bytes of a block (each costs its bytes
   * plus its field tag and length) and within {@link Block#MAX_TRANSACTIONS}; one that does not fit
   * is skipped and the next ones tried, as a node's mempool filter does.
   */
  static List<SignedTransaction> fitting(List<SignedTransaction> transactions, long room) {
    List<SignedTransaction> out = new ArrayList<>();
    long left = room;
    for (SignedTransaction t : transactions) {
      if (out.size() == Block.MAX_TRANSACTIONS) {
        break;
      }
      long cost = framedSize(t.encoded().size());
      if (cost <= left) {
        out.add(t);
        left -= cost;
      }
    }
    return out;
  }

  /** The bytes one transaction takes in tau: a one-byte field tag, its varint length, itself. */
  static long framedSize(int size) {
    return 1L + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
  }
}
