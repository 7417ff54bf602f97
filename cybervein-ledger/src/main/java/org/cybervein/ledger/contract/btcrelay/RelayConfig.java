package org.cybervein.ledger.contract.btcrelay;

import java.util.Objects;
import org.cybervein.api.Amount;
import org.cybervein.bitcoin.InvalidBitcoinDataException;
import org.cybervein.bitcoin.chain.BitcoinParameters;
import org.cybervein.bitcoin.chain.ChainEntry;
import org.cybervein.bitcoin.header.BlockHeader;

/**
 * The fixed configuration of one {@link BitcoinRelay}, the same on every node of a chain: the
 * Bitcoin parameters, the trusted checkpoint the relay starts from, and its bounds and fee.
 *
 * @param parameters the Bitcoin chain's parameters ({@link BitcoinParameters#MAINNET} for real use)
 * @param checkpoint the trusted starting header, its height and its epoch's start time
 * @param maxHeadersPerCall the most headers one call may submit
 * @param maxReorgDepth how far below the best tip a submitted branch may start
 * @param retainedBlocks how many best-chain headers are kept (older ones are deleted); more than
 *     {@code maxReorgDepth}
 * @param sideBranchCapacity how many headers off the best chain are kept (oldest deleted first)
 * @param feePerHeader the network fee a caller pays per newly stored header, on top of the
 *     transaction fee
 */
public record RelayConfig(
    BitcoinParameters parameters,
    ChainEntry checkpoint,
    int maxHeadersPerCall,
    int maxReorgDepth,
    int retainedBlocks,
    int sideBranchCapacity,
    Amount feePerHeader) {

  /**
   * Checks the bounds.
   *
   * @param parameters the Bitcoin chain's parameters
   * @param checkpoint the trusted starting entry
   * @param maxHeadersPerCall 1 to 1000
   * @param maxReorgDepth 1 or more
   * @param retainedBlocks above {@code maxReorgDepth + maxHeadersPerCall}
   * @param sideBranchCapacity 1 or more
   * @param feePerHeader the network fee per stored header
   */
  public RelayConfig {
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(feePerHeader, "feePerHeader");
    if (maxHeadersPerCall < 1 || maxHeadersPerCall > 1000) {
      throw new IllegalArgumentException("maxHeadersPerCall is 1 to 1000");
    }
    if (maxReorgDepth < 1 || sideBranchCapacity < 1) {
      throw new IllegalArgumentException("maxReorgDepth and sideBranchCapacity are 1 or more");
    }
    // A branch's fork point and the headers of one call must still be stored while it is checked.
    if ((long) retainedBlocks <= (long) maxReorgDepth + maxHeadersPerCall) {
      throw new IllegalArgumentException(
          "retainedBlocks must exceed maxReorgDepth + maxHeadersPerCall");
    }
  }

  /**
   * A mainnet relay with default bounds: 144 headers per call (a day), forks up to 144 blocks deep,
   * 4032 best-chain headers (four weeks) and 1024 side-branch headers kept.
   *
   * @param checkpoint a mainnet header the deployers trust
   * @param height its height
   * @param epochStartTime the time of the first block of its difficulty epoch (height rounded down
   *     to a multiple of 2016)
   * @param feePerHeader the network fee per stored header
   * @return the configuration
   * @throws InvalidBitcoinDataException if the checkpoint fails its own proof of work
   */
  public static RelayConfig mainnet(
      BlockHeader checkpoint, long height, long epochStartTime, Amount feePerHeader)
      throws InvalidBitcoinDataException {
    BitcoinParameters p = BitcoinParameters.MAINNET;
    return new RelayConfig(
        p,
        ChainEntry.checkpoint(checkpoint, height, epochStartTime, p),
        144,
        144,
        4032,
        1024,
        feePerHeader);
  }
}
