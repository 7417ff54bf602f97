package org.cybervein.ledger.block;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.dag.certification.DagCheckpoint;

/**
 * The transaction sub-block {@code tau_i}: the transactions, the round's other contributions among
 * which (with {@code phi_i}'s) the reward is split, the ledger state root after the block, an
 * optional DAG checkpoint and the producer's timestamp.
 *
 * @param index {@code i}, at least 1
 * @param timeMillis the producer's timestamp, milliseconds since the epoch, zero or more
 * @param transactions encoded signed transactions, exactly as their signers encoded them
 * @param contributions the round's other contributions, at most {@link Block#MAX_CONTRIBUTIONS}
 * @param stateRoot the ledger state root after applying the block
 * @param checkpoint the DAG checkpoint the block carries, if any
 */
public record TransactionSubBlock(
    long index,
    long timeMillis,
    List<Bytes> transactions,
    List<ContributionProof> contributions,
    Hash stateRoot,
    Optional<DagCheckpoint> checkpoint) {

  /**
   * Copies the lists and checks the bounds.
   *
   * @param index {@code i}, at least 1
   * @param timeMillis the producer's timestamp, milliseconds since the epoch, zero or more
   * @param transactions encoded signed transactions, exactly as their signers encoded them
   * @param contributions the round's other contributions, at most {@link Block#MAX_CONTRIBUTIONS}
   * @param stateRoot the ledger state root after applying the block
   * @param checkpoint the DAG checkpoint the block carries, if any
   */
  public TransactionSubBlock {
    transactions = List.copyOf(transactions);
    contributions = List.copyOf(contributions);
    Objects.requireNonNull(stateRoot, "stateRoot");
    Objects.requireNonNull(checkpoint, "checkpoint");
    if (index < 1) {
      throw new IllegalArgumentException("block indices start at 1, got " + index);
    }
    if (timeMillis < 0) {
      throw new IllegalArgumentException("negative timestamp");
    }
    if (transactions.size() > Block.MAX_TRANSACTIONS) {
      throw new IllegalArgumentException("at most " + Block.MAX_TRANSACTIONS + " transactions");
    }
    if (contributions.size() > Block.MAX_CONTRIBUTIONS) {
      throw new IllegalArgumentException("at most " + Block.MAX_CONTRIBUTIONS + " contributions");
    }
  }

  /**
   * The digest of {@code tau_i} that {@code sigma_i} signs: a tagged hash of its encoding.
   *
   * @return the tau digest
   */
  public Hash digest() {
    return BlockDigests.of(BlockDigests.TAU, BlockWire.encode(this));
  }
}
