package org.cybervein.ledger.contract.btcrelay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.List;
import java.util.TreeMap;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.bitcoin.Hash256;
import org.cybervein.bitcoin.InvalidBitcoinDataException;
import org.cybervein.bitcoin.chain.BitcoinParameters;
import org.cybervein.bitcoin.chain.ChainEntry;
import org.cybervein.bitcoin.header.BlockHeader;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.ContractRegistry;
import org.cybervein.ledger.contract.Keys;
import org.cybervein.ledger.state.BlockContext;
import org.cybervein.ledger.state.Genesis;
import org.cybervein.ledger.state.LedgerState;
import org.cybervein.ledger.state.RewardShare;
import org.cybervein.ledger.transaction.ContractCall;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.cybervein.ledger.transaction.Transaction;
import org.junit.jupiter.api.Test;

/**
 * The relay registered in a real ledger: headers arrive in signed transactions, the caller pays the
 * transaction fee and the per-header network fee (both go to the block's contributor), a refused
 * call rejects its block, and the queries read the committed contract entries.
 */
class BitcoinRelayThroughLedgerStateTest {
  private static final Amount TX_FEE = Amount.ofBaseUnits(10);
  private static final Amount PER_HEADER = Amount.ofBaseUnits(3);
  private static final long START = 1_000_000;

  @Test
  void headersInTransactionsPayFeesAndMoveTheTip() throws Exception {
    BitcoinParameters p = BitcoinParameters.regtestLike();
    ChainEntry cp = mineCheckpoint(p);
    BitcoinRelay relay = new BitcoinRelay(new RelayConfig(p, cp, 10, 6, 40, 16, PER_HEADER));
    TreeMap<Address, Amount> alloc = new TreeMap<>();
    alloc.put(Keys.address(1), Amount.ofBaseUnits(START));
    LedgerState state =
        LedgerState.inMemory(new Genesis(alloc, TX_FEE), ContractRegistry.of(relay));

    ChainEntry e1 = cp.connect(mine(cp, p), p);
    ChainEntry e2 = e1.connect(mine(e1, p), p);
    state.apply(
        block(1),
        List.of(tx(0, BitcoinRelay.submitHeadersCall(List.of(e1.header(), e2.header())))));

    assertEquals(
        e2.hash(),
        BitcoinRelay.bestTip(k -> state.contractEntry(BitcoinRelay.ID, k)).orElseThrow().hash());
    assertEquals(
        3, BitcoinRelay.confirmations(k -> state.contractEntry(BitcoinRelay.ID, k), cp.hash()));
    assertEquals(Amount.ofBaseUnits(START - 10 - 2 * 3), state.account(Keys.address(1)).balance());
    assertEquals(Amount.ofBaseUnits(10 + 2 * 3), state.account(Keys.address(9)).balance());

    // A header that does not meet its target rejects the whole block.
    BlockHeader bad = null;
    for (long nonce = 0; bad == null; nonce++) {
      BlockHeader h =
          new BlockHeader(4, e2.hash(), Hash256.ZERO, e2.header().time() + 1, 0x207fffff, nonce);
      try {
        h.checkProofOfWork(p.powLimit());
      } catch (InvalidBitcoinDataException ex) {
        bad = h;
      }
    }
    BlockHeader refused = bad;
    InvalidLedgerInputException ex =
        assertThrows(
            InvalidLedgerInputException.class,
            () ->
                state.apply(
                    block(2), List.of(tx(1, BitcoinRelay.submitHeadersCall(List.of(refused))))));
    assertEquals(Reason.BAD_PROOF, ex.reason());
  }

  private static BlockContext block(long index) {
    return new BlockContext(
        index,
        1_700_000_000_000L + index,
        Amount.ZERO,
        List.of(new RewardShare(Keys.address(9), BigInteger.ONE)));
  }

  private static SignedTransaction tx(long nonce, Bytes input) {
    Ed25519PrivateKey key = Keys.privateKey(1);
    return SignedTransaction.sign(
        new Transaction(key.publicKey(), nonce, TX_FEE, new ContractCall(BitcoinRelay.ID, input)),
        key);
  }

  private static ChainEntry mineCheckpoint(BitcoinParameters p) {
    for (long nonce = 0; ; nonce++) {
      BlockHeader h =
          new BlockHeader(1, Hash256.ZERO, Hash256.ZERO, 1_700_000_000L, 0x207fffff, nonce);
      try {
        return ChainEntry.checkpoint(h, 0, h.time(), p);
      } catch (InvalidBitcoinDataException e) {
        // next nonce
      }
    }
  }

  private static BlockHeader mine(ChainEntry parent, BitcoinParameters p) {
    for (long nonce = 0; ; nonce++) {
      BlockHeader h =
          new BlockHeader(
              4, parent.hash(), Hash256.ZERO, parent.header().time() + 600, 0x207fffff, nonce);
      try {
        h.checkProofOfWork(p.powLimit());
        return h;
      } catch (InvalidBitcoinDataException e) {
        // next nonce
      }
    }
  }
}
