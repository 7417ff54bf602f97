package org.cybervein.ledger.poc;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.cybervein.api.PublicKey;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.dag.certification.DagCheckpoint;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.block.Block;
import org.cybervein.ledger.block.ContributionProof;
import org.cybervein.ledger.chain.BlockBuilder;
import org.cybervein.ledger.chain.Chain;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.cybervein.storageproofs.pospace.SpaceProver;

/**
 * A contributor of Proof of Contribution: its signing key and the prover of the space it
 * registered. It answers each round's challenge with a storage proof (its contribution) and, when
 * it wins, builds the block: {@code phi} with its proof, {@code tau} with the transactions that
 * apply ({@code LedgerState.selectApplicable}) and the round's other contributions, {@code sigma}
 * signed with its key.
 */
public final class BlockProducer {
  private final Ed25519PrivateKey key;
  private final SpaceProver prover;

  /**
   * A producer for the commitment {@code prover} holds, registered by {@code key}.
   *
   * @param key the contributor's signing key; its commitment is registered under it
   * @param prover the proof-of-space prover holding the registered commitment
   */
  public BlockProducer(Ed25519PrivateKey key, SpaceProver prover) {
    this.key = Objects.requireNonNull(key, "key");
    this.prover = Objects.requireNonNull(prover, "prover");
  }

  /**
   * The contributor's key.
   *
   * @return the contributor's public key
   */
  public PublicKey publicKey() {
    return key.publicKey();
  }

  /**
   * This contributor's answer to the round that extends the chain's tip.
   *
   * @param chain the chain whose tip the round extends
   * @return the contribution proof for the round's challenge
   */
  public ContributionProof contribute(Chain chain) {
    return BlockBuilder.contribution(chain, key, prover);
  }

  /**
   * The block on the chain's tip.
   *
   * @param chain the chain whose tip the block extends
   * @param others the other contributions of the round, which share the reward
   * @param candidates the transactions to try, in order; invalid ones are left out
   * @param timeMillis the block's timestamp in milliseconds since the epoch
   * @param checkpoint the DAG checkpoint to anchor, if one is due
   * @return the signed block
   * @throws InvalidLedgerInputException if the block cannot be applied
   */
  public Block produce(
      Chain chain,
      List<ContributionProof> others,
      List<SignedTransaction> candidates,
      long timeMillis,
      Optional<DagCheckpoint> checkpoint)
      throws InvalidLedgerInputException {
    return BlockBuilder.build(chain, key, prover, others, candidates, timeMillis, checkpoint);
  }

  @Override
  public String toString() {
    return "BlockProducer[" + key.publicKey() + "]";
  }
}
