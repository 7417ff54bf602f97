package org.cybervein.ledger.contract.btcswap;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.bitcoin.Hash256;
import org.cybervein.bitcoin.InvalidBitcoinDataException;
import org.cybervein.bitcoin.chain.BitcoinParameters;
import org.cybervein.bitcoin.chain.ChainEntry;
import org.cybervein.bitcoin.header.BlockHeader;
import org.cybervein.bitcoin.merkle.TxMerkleProof;
import org.cybervein.bitcoin.merkle.TxMerkleTree;
import org.cybervein.bitcoin.transaction.BitcoinTransaction;
import org.cybervein.bitcoin.transaction.TxInput;
import org.cybervein.bitcoin.transaction.TxOutput;
import org.cybervein.ledger.contract.btcrelay.BitcoinRelay;
import org.cybervein.ledger.contract.btcrelay.RelayConfig;

/**
 * Bitcoin data for the swap tests: the real mainnet headers, transaction and Merkle proof of the
 * summa-tx/bitcoin-spv vectors (vectors/bitcoin/README.md), and regtest-like blocks mined here
 * around transactions with chosen outputs.
 */
final class BitcoinFixtures {
  private static final JsonObject VECTORS = load();

  /** The real transaction's output 0: 497 480 sat to a P2WSH script. */
  static final long REAL_VALUE = 497_480L;

  static final Bytes REAL_SCRIPT =
      Bytes.fromHex("0020a4333e5612ab1a1043b25755c89b16d55184a42f81799e623e6bc39db8539c18");

  /** The height the tests give the checkpoint: mid-epoch, where nBits must stay the same. */
  static final long CHECKPOINT_HEIGHT = 2016L * 268 + 1000;

  static final BitcoinParameters REGTEST = BitcoinParameters.regtestLike();

  private BitcoinFixtures() {}

  private static JsonObject load() {
    try (InputStream in =
        BitcoinFixtures.class.getResourceAsStream("/vectors/bitcoin/spv-vectors.json")) {
      return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
          .getAsJsonObject();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static Bytes hex(String s) {
    return Bytes.fromHex(s.substring(2));
  }

  private static JsonObject first(String group) {
    return VECTORS.getAsJsonArray(group).get(0).getAsJsonObject();
  }

  /** Seven consecutive mainnet headers (validateHeaderChain). */
  static List<BlockHeader> mainnetHeaders() {
    try {
      return BlockHeader.parseConcatenated(
          hex(first("validateHeaderChain").get("input").getAsString()), 100);
    } catch (InvalidBitcoinDataException e) {
      throw new AssertionError(e);
    }
  }

  /** The raw bytes of the real transaction (calculateTxId), in the first of those blocks. */
  static Bytes realTransactionBytes() {
    JsonObject parts = first("calculateTxId").getAsJsonObject("input");
    return hex(parts.get("version").getAsString())
        .concat(hex(parts.get("vin").getAsString()))
        .concat(hex(parts.get("vout").getAsString()))
        .concat(hex(parts.get("locktime").getAsString()));
  }

  static BitcoinTransaction realTransaction() {
    try {
      return BitcoinTransaction.parse(realTransactionBytes());
    } catch (InvalidBitcoinDataException e) {
      throw new AssertionError(e);
    }
  }

  /** Its Merkle proof in the first header's block (prove). */
  static TxMerkleProof realProof() {
    JsonObject prove = first("prove").getAsJsonObject("input");
    try {
      return TxMerkleProof.decode(
          prove.get("index").getAsLong(), hex(prove.get("proof").getAsString()));
    } catch (InvalidBitcoinDataException e) {
      throw new AssertionError(e);
    }
  }

  static BitcoinRelay mainnetRelay() {
    try {
      return new BitcoinRelay(
          RelayConfig.mainnet(mainnetHeaders().get(0), CHECKPOINT_HEIGHT, 0, Amount.ZERO));
    } catch (InvalidBitcoinDataException e) {
      throw new AssertionError(e);
    }
  }

  // ---------------------------------------------------------------- regtest-like, synthetic

  /** A transaction paying {@code value} to {@code script}; {@code n} makes it unique. */
  static BitcoinTransaction payment(long value, Bytes script, int n) {
    return new BitcoinTransaction(
        2,
        List.of(
            new TxInput(
                Hash256.of(Bytes.utf8("funding " + n)), n, Bytes.fromHex("51"), 0, List.of())),
        List.of(
            new TxOutput(1_000L, Bytes.fromHex("0014" + "cd".repeat(20))),
            new TxOutput(value, script)),
        0);
  }

  static ChainEntry regtestCheckpoint() {
    for (long nonce = 0; ; nonce++) {
      BlockHeader h =
          new BlockHeader(1, Hash256.ZERO, Hash256.ZERO, 1_700_000_000L, 0x207fffff, nonce);
      try {
        return ChainEntry.checkpoint(h, 0, h.time(), REGTEST);
      } catch (InvalidBitcoinDataException e) {
        // next nonce
      }
    }
  }

  static BitcoinRelay regtestRelay(ChainEntry checkpoint) {
    return new BitcoinRelay(new RelayConfig(REGTEST, checkpoint, 20, 6, 60, 16, Amount.ZERO));
  }

  static Hash256 coinbase(ChainEntry parent, int salt) {
    return Hash256.of(Bytes.utf8("coinbase " + parent.height() + " " + salt));
  }

  /** The txids of the block mined after {@code parent} with {@code txs}: a coinbase first. */
  static List<Hash256> txids(ChainEntry parent, List<BitcoinTransaction> txs, int salt) {
    List<Hash256> ids = new ArrayList<>();
    ids.add(coinbase(parent, salt));
    txs.forEach(t -> ids.add(t.txid()));
    return ids;
  }

  /** Mines the block after {@code parent} holding {@code txs}; returns its chain entry. */
  static ChainEntry mine(ChainEntry parent, List<BitcoinTransaction> txs, int salt) {
    Hash256 root = TxMerkleTree.root(txids(parent, txs, salt));
    for (long nonce = 0; ; nonce++) {
      BlockHeader h =
          new BlockHeader(
              4, parent.hash(), root, parent.header().time() + 600, parent.header().bits(), nonce);
      try {
        h.checkProofOfWork(REGTEST.powLimit());
        return parent.connect(h, REGTEST);
      } catch (InvalidBitcoinDataException e) {
        // next nonce
      }
    }
  }

  /** Mines {@code n} empty blocks after {@code from}. */
  static List<ChainEntry> branch(ChainEntry from, int n, int salt) {
    List<ChainEntry> out = new ArrayList<>();
    ChainEntry e = from;
    for (int i = 0; i < n; i++) {
      e = mine(e, List.of(), salt);
      out.add(e);
    }
    return out;
  }

  static List<BlockHeader> headers(List<ChainEntry> entries) {
    return entries.stream().map(ChainEntry::header).toList();
  }
}
