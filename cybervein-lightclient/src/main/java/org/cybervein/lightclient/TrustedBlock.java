package org.cybervein.lightclient;

import java.util.Objects;
import org.cybervein.api.Hash;

/**
 * The consensus state of one trusted height (ICS-02's {@code ConsensusState}): what the client
 * keeps of a verified header to check its children and proofs against it. Height 0 is the genesis,
 * whose id also stands for its sigma digest.
 *
 * @param height the block index, 0 for the genesis
 * @param blockId the block id (the hash of phi), or the genesis id
 * @param sigmaDigest the digest of sigma the child's sigma signs
 * @param timeMillis the block's timestamp
 * @param stateRoot the ledger state root after the block
 * @param nextCheckpoint the number the next carried DAG checkpoint must have
 */
public record TrustedBlock(
    long height,
    Hash blockId,
    Hash sigmaDigest,
    long timeMillis,
    Hash stateRoot,
    long nextCheckpoint) {
  /**
   * Rejects nulls and negative numbers.
   *
   * @param height the block index, zero or more
   * @param blockId the block id
   * @param sigmaDigest the sigma digest
   * @param timeMillis the timestamp, zero or more
   * @param stateRoot the state root
   * @param nextCheckpoint the next checkpoint number, zero or more
   * @throws IllegalArgumentException if a number is negative
   */
  public TrustedBlock {
    Objects.requireNonNull(blockId, "blockId");
    Objects.requireNonNull(sigmaDigest, "sigmaDigest");
    Objects.requireNonNull(stateRoot, "stateRoot");
    if (height < 0 || timeMillis < 0 || nextCheckpoint < 0) {
      throw new IllegalArgumentException("height, time and checkpoint number are never negative");
    }
  }

  /**
   * The genesis's consensus state.
   *
   * @param genesisRoot the state root after the genesis transactions
   * @param genesisTimeMillis the genesis time
   * @return height 0, id {@code TH("cybervein/ledger/chain-genesis/v1", root || u64be(time))}
   */
  public static TrustedBlock genesis(Hash genesisRoot, long genesisTimeMillis) {
    Hash id = HeaderRules.genesisId(genesisRoot, genesisTimeMillis);
    return new TrustedBlock(0, id, id, genesisTimeMillis, genesisRoot, 0);
  }

  /**
   * The consensus state of a verified header.
   *
   * @param header the header, verified against its parent
   * @param parent the parent's consensus state
   * @return the header's consensus state
   */
  static TrustedBlock of(LedgerHeader header, TrustedBlock parent) {
    return new TrustedBlock(
        header.index(),
        header.id(),
        header.sigmaDigest(),
        header.timeMillis(),
        header.stateRoot(),
        header.checkpointNumber().isPresent() ? parent.nextCheckpoint + 1 : parent.nextCheckpoint);
  }

  @Override
  public String toString() {
    return "TrustedBlock[" + height + ", id=" + blockId.toHex().substring(0, 12) + "]";
  }
}
