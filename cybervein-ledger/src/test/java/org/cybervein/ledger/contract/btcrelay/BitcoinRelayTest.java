package org.cybervein.ledger.contract.btcrelay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
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
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.contract.Keys;
import org.cybervein.ledger.contract.TestLedger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relay on real mainnet headers (the {@code validateHeaderChain} vectors) and on synthetic
 * regtest-like headers for reorganisations and bounds.
 */
class BitcoinRelayTest {
  private static final JsonObject VECTORS = load();
  private static final Amount FEE_PER_HEADER = Amount.ofBaseUnits(7);
  private static final int CALLER = 1;

  private TestLedger ledger;

  private static JsonObject load() {
    try (InputStream in =
        BitcoinRelayTest.class.getResourceAsStream("/vectors/bitcoin/spv-vectors.json")) {
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

  private static List<BlockHeader> mainnetHeaders() throws InvalidBitcoinDataException {
    return BlockHeader.parseConcatenated(
        hex(first("validateHeaderChain").get("input").getAsString()), 100);
  }

  @BeforeEach
  void fund() {
    ledger = new TestLedger();
    ledger.fund(Keys.address(CALLER), Amount.ofBaseUnits(1_000_000));
  }

  private Function<Bytes, Optional<Bytes>> entries() {
    return ledger.entries(BitcoinRelay.ID);
  }

  private void submit(BitcoinRelay relay, List<BlockHeader> headers)
      throws InvalidLedgerInputException {
    ledger.call(relay, Keys.key(CALLER), BitcoinRelay.submitHeadersCall(headers));
  }

  private Reason refusal(BitcoinRelay relay, Bytes input) {
    String before = ledger.fingerprint();
    Reason r =
        assertThrows(
                InvalidLedgerInputException.class,
                () -> ledger.call(relay, Keys.key(CALLER), input))
            .reason();
    assertEquals(before, ledger.fingerprint(), "a refused call leaves no trace");
    return r;
  }

  // The vectors give no heights. The seven headers share one nBits, so they lie inside one
  // difficulty epoch; the checkpoint is labelled with a height in the middle of an epoch, where
  // the mainnet rules ask exactly that nBits stay the same.
  private static BitcoinRelay mainnetRelay(BlockHeader checkpoint)
      throws InvalidBitcoinDataException {
    return new BitcoinRelay(RelayConfig.mainnet(checkpoint, 2016L * 268 + 1000, 0, FEE_PER_HEADER));
  }

  @Test
  void followsRealMainnetHeadersAndProvesARealTransaction() throws Exception {
    List<BlockHeader> headers = mainnetHeaders();
    BitcoinRelay relay = mainnetRelay(headers.get(0));
    submit(relay, headers.subList(1, headers.size()));
    ChainEntry tip = BitcoinRelay.bestTip(entries()).orElseThrow();
    assertEquals(headers.get(6).hash(), tip.hash());
    assertEquals(relay.config().checkpoint().height() + 6, tip.height());
    assertEquals(Amount.ofBaseUnits(6 * 7), ledger.networkFees());

    // The transaction of the calculateTxId vector is in the checkpoint block (the prove vector).
    JsonObject parts = first("calculateTxId").getAsJsonObject("input");
    BitcoinTransaction tx =
        BitcoinTransaction.parse(
            hex(parts.get("version").getAsString())
                .concat(hex(parts.get("vin").getAsString()))
                .concat(hex(parts.get("vout").getAsString()))
                .concat(hex(parts.get("locktime").getAsString())));
    JsonObject prove = first("prove").getAsJsonObject("input");
    TxMerkleProof proof =
        TxMerkleProof.decode(prove.get("index").getAsLong(), hex(prove.get("proof").getAsString()));
    Hash256 block = headers.get(0).hash();
    assertEquals(7, BitcoinRelay.confirmations(entries(), block));
    assertTrue(BitcoinRelay.isIncluded(entries(), tx.txid(), block, proof, 7));
    assertFalse(BitcoinRelay.isIncluded(entries(), tx.txid(), block, proof, 8));
    assertEquals(7, BitcoinRelay.checkInclusion(entries(), tx, block, proof, 6));
    InvalidLedgerInputException tooFew =
        assertThrows(
            InvalidLedgerInputException.class,
            () -> BitcoinRelay.checkInclusion(entries(), tx, block, proof, 8));
    assertEquals(Reason.CONTRACT_RULE, tooFew.reason());
    // The proof does not place the transaction in another block.
    Hash256 other = headers.get(1).hash();
    assertFalse(BitcoinRelay.isIncluded(entries(), tx.txid(), other, proof, 1));
    assertEquals(
        Reason.BAD_PROOF,
        assertThrows(
                InvalidLedgerInputException.class,
                () -> BitcoinRelay.checkInclusion(entries(), tx, other, proof, 1))
            .reason());
    // Submitting known headers again stores nothing and costs no header fee.
    submit(relay, headers.subList(1, 3));
    assertEquals(Amount.ofBaseUnits(6 * 7), ledger.networkFees());
  }

  @Test
  void refusesInvalidHeadersAndLeavesNoTrace() throws Exception {
    List<BlockHeader> headers = mainnetHeaders();
    BitcoinRelay relay = mainnetRelay(headers.get(0));
    submit(relay, headers.subList(1, 2));

    // The vectors' broken chains: a length that is not a multiple of 80, and a broken link. The
    // relay looks a header's parent up by its previous-block hash, so a broken link is a header
    // whose parent it does not hold; the whole call is undone, the headers before it too.
    List<com.google.gson.JsonElement> errors =
        VECTORS.getAsJsonArray("validateHeaderChainError").asList();
    Bytes badLength = hex(errors.get(0).getAsJsonObject().get("input").getAsString());
    assertEquals(Reason.MALFORMED, refusal(relay, call(badLength)));
    List<BlockHeader> unlinked =
        BlockHeader.parseConcatenated(
            hex(errors.get(1).getAsJsonObject().get("input").getAsString()), 100);
    BitcoinRelay relayOnUnlinked = mainnetRelay(unlinked.get(0));
    assertEquals(
        Reason.NOT_FOUND,
        refusal(
            relayOnUnlinked, BitcoinRelay.submitHeadersCall(unlinked.subList(1, unlinked.size()))));

    // A real header with its nonce changed misses its target; the valid header before it in the
    // same call is undone with it.
    BlockHeader h = headers.get(3);
    BlockHeader ground =
        new BlockHeader(
            h.version(), h.previousBlock(), h.merkleRoot(), h.time(), h.bits(), h.nonce() ^ 1);
    assertEquals(
        Reason.BAD_PROOF,
        refusal(relay, BitcoinRelay.submitHeadersCall(List.of(headers.get(2), ground))));
    // A header whose parent the relay does not hold.
    assertEquals(
        Reason.NOT_FOUND, refusal(relay, BitcoinRelay.submitHeadersCall(List.of(headers.get(4)))));
    // nBits changed inside an epoch.
    BlockHeader easier =
        new BlockHeader(
            h.version(), headers.get(1).hash(), h.merkleRoot(), h.time(), 0x1d00ffff, h.nonce());
    assertEquals(Reason.BAD_PROOF, refusal(relay, BitcoinRelay.submitHeadersCall(List.of(easier))));
    // Too many headers for one call, an empty call, bytes that are not a call.
    List<BlockHeader> many = new ArrayList<>();
    for (int i = 0; i < 145; i++) {
      many.add(headers.get(2));
    }
    assertEquals(Reason.OVERSIZED, refusal(relay, BitcoinRelay.submitHeadersCall(many)));
    assertEquals(Reason.MALFORMED, refusal(relay, Bytes.EMPTY));
    assertEquals(Reason.MALFORMED, refusal(relay, Bytes.fromHex("0a03010203")));
    assertEquals(Reason.MALFORMED, refusal(relay, call(Bytes.EMPTY)));
    assertEquals(headers.get(1).hash(), BitcoinRelay.bestTip(entries()).orElseThrow().hash());
  }

  private static Bytes call(Bytes concatenatedHeaders) {
    return Bytes.of(
        org.cybervein.api.wire.v1.BtcRelayProto.BtcRelayCall.newBuilder()
            .setSubmitHeaders(
                org.cybervein.api.wire.v1.BtcRelayProto.BtcRelaySubmitHeaders.newBuilder()
                    .setHeaders(
                        com.google.protobuf.ByteString.copyFrom(concatenatedHeaders.toByteArray())))
            .build()
            .toByteArray());
  }

  // ------------------------------------------------------------------ regtest-like, synthetic

  private static final BitcoinParameters REGTEST = BitcoinParameters.regtestLike();

  private static BitcoinTransaction payment(int n) {
    return new BitcoinTransaction(
        2,
        List.of(
            new TxInput(
                Hash256.of(Bytes.utf8("funding " + n)), n, Bytes.fromHex("51"), 0, List.of())),
        List.of(new TxOutput(10_000L + n, Bytes.fromHex("0014" + "ab".repeat(20)))),
        0);
  }

  /** Mines a header after {@code parent} whose block holds {@code txs}. */
  private static BlockHeader mine(ChainEntry parent, List<BitcoinTransaction> txs, int salt) {
    List<Hash256> txids = new ArrayList<>();
    txids.add(Hash256.of(Bytes.utf8("coinbase " + parent.height() + " " + salt)));
    txs.forEach(t -> txids.add(t.txid()));
    Hash256 root = TxMerkleTree.root(txids);
    for (long nonce = 0; ; nonce++) {
      BlockHeader h =
          new BlockHeader(
              4, parent.hash(), root, parent.header().time() + 600, parent.header().bits(), nonce);
      try {
        h.checkProofOfWork(REGTEST.powLimit());
        return h;
      } catch (InvalidBitcoinDataException e) {
        // next nonce
      }
    }
  }

  private static ChainEntry regtestCheckpoint() throws InvalidBitcoinDataException {
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

  /** Mines {@code n} empty blocks after {@code from}. */
  private static List<BlockHeader> branch(ChainEntry from, int n, int salt)
      throws InvalidBitcoinDataException {
    List<BlockHeader> out = new ArrayList<>();
    ChainEntry e = from;
    for (int i = 0; i < n; i++) {
      BlockHeader h = mine(e, List.of(), salt);
      out.add(h);
      e = e.connect(h, REGTEST);
    }
    return out;
  }

  private static ChainEntry after(ChainEntry e, BlockHeader h) throws InvalidBitcoinDataException {
    return e.connect(h, REGTEST);
  }

  @Test
  void reorganisesToAHeavierBranchAndMovesTheInclusion() throws Exception {
    ChainEntry cp = regtestCheckpoint();
    BitcoinRelay relay = new BitcoinRelay(new RelayConfig(REGTEST, cp, 10, 6, 40, 16, Amount.ZERO));
    BitcoinTransaction pay = payment(1);

    // Main branch: 1..4, the payment in block 2.
    ChainEntry e1 = after(cp, mine(cp, List.of(), 0));
    BlockHeader b2 = mine(e1, List.of(pay), 0);
    ChainEntry e2 = after(e1, b2);
    List<BlockHeader> rest = branch(e2, 2, 0);
    List<BlockHeader> main = new ArrayList<>(List.of(e1.header(), b2));
    main.addAll(rest);
    submit(relay, main);
    TxMerkleProof proofInB2 = TxMerkleTree.proof(List.of(coinbaseOf(e1, 0), pay.txid()), 1);
    assertEquals(3, BitcoinRelay.confirmations(entries(), b2.hash()));
    assertTrue(BitcoinRelay.isIncluded(entries(), pay.txid(), b2.hash(), proofInB2, 3));

    // A competing branch from block 1 that carries the payment in its block 3 and is longer: the
    // relay follows it once it has more chainwork, and not before.
    ChainEntry f2 = after(e1, mine(e1, List.of(), 1));
    BlockHeader f3 = mine(f2, List.of(pay), 1);
    ChainEntry f3e = after(f2, f3);
    List<BlockHeader> fork = new ArrayList<>(List.of(f2.header(), f3));
    fork.addAll(branch(f3e, 1, 1)); // heights 2..4: equal work, the first seen stays
    submit(relay, fork);
    assertEquals(rest.get(1).hash(), BitcoinRelay.bestTip(entries()).orElseThrow().hash());
    List<BlockHeader> heavier = branch(after(f3e, fork.get(2)), 1, 1);
    submit(relay, heavier); // height 5 on the fork
    assertEquals(heavier.get(0).hash(), BitcoinRelay.bestTip(entries()).orElseThrow().hash());
    assertEquals(0, BitcoinRelay.confirmations(entries(), b2.hash()));
    assertFalse(BitcoinRelay.isIncluded(entries(), pay.txid(), b2.hash(), proofInB2, 1));
    TxMerkleProof proofInF3 = TxMerkleTree.proof(List.of(coinbaseOf(f2, 1), pay.txid()), 1);
    assertEquals(3, BitcoinRelay.confirmations(entries(), f3.hash()));
    assertTrue(BitcoinRelay.isIncluded(entries(), pay.txid(), f3.hash(), proofInF3, 3));
    // The old branch is still stored (a side branch) and can win back with more work.
    assertTrue(BitcoinRelay.block(entries(), b2.hash()).isPresent());
    ChainEntry oldTip = BitcoinRelay.block(entries(), rest.get(1).hash()).orElseThrow();
    submit(relay, branch(oldTip, 2, 0));
    assertEquals(5, BitcoinRelay.confirmations(entries(), b2.hash()));
    assertEquals(0, BitcoinRelay.confirmations(entries(), f3.hash()));
  }

  private static Hash256 coinbaseOf(ChainEntry parent, int salt) {
    return Hash256.of(Bytes.utf8("coinbase " + parent.height() + " " + salt));
  }

  @Test
  void storageStaysBoundedAndDeepForksAreRefused() throws Exception {
    ChainEntry cp = regtestCheckpoint();
    RelayConfig config = new RelayConfig(REGTEST, cp, 4, 2, 8, 3, Amount.ZERO);
    BitcoinRelay relay = new BitcoinRelay(config);
    ChainEntry tip = cp;
    List<ChainEntry> bestChain = new ArrayList<>(List.of(cp));
    int maxEntries = 0;
    for (int round = 0; round < 12; round++) {
      List<BlockHeader> next = branch(tip, 3, 0);
      submit(relay, next);
      for (BlockHeader h : next) {
        tip = after(tip, h);
        bestChain.add(tip);
      }
      // A one-block fork off the block below the tip, each round.
      ChainEntry below = bestChain.get(bestChain.size() - 2);
      submit(relay, branch(below, 1, 100 + round));
      maxEntries = Math.max(maxEntries, ledger.entryCount(BitcoinRelay.ID));
    }
    assertEquals(tip.hash(), BitcoinRelay.bestTip(entries()).orElseThrow().hash());
    // 2 * (retained 8 + side 3) + 4 entries at most, however long the chain grows.
    assertTrue(maxEntries <= 2 * (8 + 3) + 4, "entries: " + maxEntries);
    // Old best-chain blocks fell out of the window; recent ones are answered.
    assertEquals(0, BitcoinRelay.confirmations(entries(), bestChain.get(1).hash()));
    assertTrue(BitcoinRelay.block(entries(), cp.hash()).isEmpty());
    assertEquals(
        8, BitcoinRelay.confirmations(entries(), bestChain.get(bestChain.size() - 8).hash()));
    // A fork from 3 blocks below the tip is deeper than maxReorgDepth 2.
    ChainEntry deep = bestChain.get(bestChain.size() - 4);
    assertEquals(
        Reason.REORG_TOO_DEEP,
        refusal(relay, BitcoinRelay.submitHeadersCall(branch(deep, 1, 999))));
  }

  @Test
  void mainnetParametersAreTheDefault() throws Exception {
    BitcoinRelay relay = mainnetRelay(mainnetHeaders().get(0));
    assertEquals(BitcoinParameters.MAINNET, relay.config().parameters());
    // A regtest header cannot be a mainnet checkpoint: its target is above the mainnet limit.
    BlockHeader regtest = regtestCheckpoint().header();
    assertThrows(
        InvalidBitcoinDataException.class,
        () -> RelayConfig.mainnet(regtest, 0, regtest.time(), Amount.ZERO));
  }
}
