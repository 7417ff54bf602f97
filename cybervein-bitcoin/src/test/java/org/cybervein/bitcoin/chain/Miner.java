package org.cybervein.bitcoin.chain;

import org.cybervein.bitcoin.Hash256;
import org.cybervein.bitcoin.InvalidBitcoinDataException;
import org.cybervein.bitcoin.header.BlockHeader;

/** Mines synthetic headers on low-difficulty parameters for tests. */
final class Miner {
  private Miner() {}

  /** A header after {@code parent} with the target the chain expects, at {@code time}. */
  static BlockHeader next(ChainEntry parent, BitcoinParameters p, long time, int salt) {
    try {
      int bits = parent.nextTarget(p).bits();
      Hash256 root =
          Hash256.of(org.cybervein.api.Bytes.utf8("block " + parent.height() + " " + salt));
      for (long nonce = 0; ; nonce++) {
        BlockHeader h = new BlockHeader(4, parent.hash(), root, time, bits, nonce);
        try {
          h.checkProofOfWork(p.powLimit());
          return h;
        } catch (InvalidBitcoinDataException e) {
          // try the next nonce
        }
      }
    } catch (InvalidBitcoinDataException e) {
      throw new AssertionError(e);
    }
  }

  /** A genesis-like checkpoint at height 0 on {@code p}. */
  static ChainEntry checkpoint(BitcoinParameters p, long time) {
    for (long nonce = 0; ; nonce++) {
      BlockHeader h =
          new BlockHeader(1, Hash256.ZERO, Hash256.ZERO, time, p.powLimit().bits(), nonce);
      try {
        return ChainEntry.checkpoint(h, 0, time, p);
      } catch (InvalidBitcoinDataException e) {
        // try the next nonce
      }
    }
  }
}
