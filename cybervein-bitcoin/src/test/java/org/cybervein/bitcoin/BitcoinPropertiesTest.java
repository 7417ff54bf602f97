package org.cybervein.bitcoin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cybervein.api.Bytes;
import org.cybervein.bitcoin.InvalidBitcoinDataException.Reason;
import org.cybervein.bitcoin.chain.BitcoinParameters;
import org.cybervein.bitcoin.chain.ChainEntry;
import org.cybervein.bitcoin.header.BlockHeader;
import org.cybervein.bitcoin.merkle.TxMerkleProof;
import org.cybervein.bitcoin.merkle.TxMerkleTree;
import org.cybervein.bitcoin.transaction.BitcoinTransaction;
import org.cybervein.bitcoin.transaction.TxInput;
import org.cybervein.bitcoin.transaction.TxOutput;
import org.cybervein.testing.PropertyRuns;
import org.junit.jupiter.api.Test;

/**
 * Laws over many inputs: header and transaction round trips, and that a mutated mainnet header or
 * Merkle proof is always refused. Seeds are printed; {@code -Dqt.seed=N} replays.
 */
class BitcoinPropertiesTest {
  private static Bytes random(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return Bytes.of(b);
  }

  @Test
  void headersRoundTrip() {
    PropertyRuns.qt()
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              Random r = new Random(seed);
              BlockHeader h =
                  new BlockHeader(
                      r.nextInt(),
                      new Hash256(random(r, 32)),
                      new Hash256(random(r, 32)),
                      r.nextLong() >>> 32,
                      r.nextInt(),
                      r.nextLong() >>> 32);
              try {
                assertEquals(h, BlockHeader.parse(h.encode()));
              } catch (InvalidBitcoinDataException e) {
                throw new AssertionError(e);
              }
              assertEquals(BlockHeader.SIZE, h.encode().size());
            });
  }

  // Any single bit flipped in a real mainnet header makes it fail to connect to its parent: the
  // link breaks, nBits stops matching, or (almost surely) the hash misses the target.
  @Test
  void mutatedMainnetHeadersAreRefused() throws InvalidBitcoinDataException {
    Bytes all =
        SpvVectors.hex(
            SpvVectors.group("validateHeaderChain").get(0).getAsJsonObject().get("input"));
    List<BlockHeader> headers = BlockHeader.parseConcatenated(all, 100);
    BitcoinParameters p = BitcoinParameters.MAINNET;
    List<ChainEntry> entries = new ArrayList<>();
    entries.add(ChainEntry.checkpoint(headers.get(0), 1, 0, p));
    for (BlockHeader h : headers.subList(1, headers.size())) {
      entries.add(entries.get(entries.size() - 1).connect(h, p));
    }
    PropertyRuns.qt()
        .forAll(integers().between(1, headers.size() - 1), integers().between(0, 639))
        .checkAssert(
            (index, bit) -> {
              byte[] b = headers.get(index).encode().toByteArray();
              b[bit / 8] ^= (byte) (1 << (bit % 8));
              InvalidBitcoinDataException e =
                  assertThrows(
                      InvalidBitcoinDataException.class,
                      () -> entries.get(index - 1).connect(BlockHeader.parse(Bytes.of(b)), p));
              assertEquals(
                  true,
                  List.of(Reason.BROKEN_LINK, Reason.UNEXPECTED_TARGET, Reason.INSUFFICIENT_WORK)
                      .contains(e.reason()),
                  e.reason().toString());
            });
  }

  @Test
  void merkleProofsVerifyAndMutationsAreRefused() {
    PropertyRuns.qt()
        .forAll(longs().all(), integers().between(1, 70))
        .checkAssert(
            (seed, n) -> {
              Random r = new Random(seed);
              List<Hash256> txids = new ArrayList<>();
              for (int i = 0; i < n; i++) {
                txids.add(new Hash256(random(r, 32)));
              }
              int index = r.nextInt(n);
              Hash256 root = TxMerkleTree.root(txids);
              TxMerkleProof proof = TxMerkleTree.proof(txids, index);
              try {
                proof.verify(txids.get(index), root);
              } catch (InvalidBitcoinDataException e) {
                throw new AssertionError(e);
              }
              if (proof.siblings().isEmpty()) {
                return;
              }
              // Flip one bit of one sibling.
              List<Hash256> siblings = new ArrayList<>(proof.siblings());
              int level = r.nextInt(siblings.size());
              byte[] s = siblings.get(level).wireBytes().toByteArray();
              s[r.nextInt(32)] ^= (byte) (1 << r.nextInt(8));
              siblings.set(level, new Hash256(Bytes.of(s)));
              TxMerkleProof badSibling = new TxMerkleProof(index, siblings);
              assertThrows(
                  InvalidBitcoinDataException.class,
                  () -> badSibling.verify(txids.get(index), root));
              // Claim another position: either another root, or a duplicated node refused.
              long otherIndex = index ^ (1L << r.nextInt(proof.siblings().size()));
              TxMerkleProof badIndex = new TxMerkleProof(otherIndex, proof.siblings());
              assertThrows(
                  InvalidBitcoinDataException.class, () -> badIndex.verify(txids.get(index), root));
            });
  }

  @Test
  void transactionsRoundTrip() {
    PropertyRuns.qt()
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              Random r = new Random(seed);
              boolean segwit = r.nextBoolean();
              List<TxInput> inputs = new ArrayList<>();
              int ins = 1 + r.nextInt(4);
              for (int i = 0; i < ins; i++) {
                List<Bytes> witness = new ArrayList<>();
                int items = segwit ? (i == 0 ? 1 : 0) + r.nextInt(3) : 0;
                for (int j = 0; j < items; j++) {
                  witness.add(random(r, r.nextInt(300)));
                }
                inputs.add(
                    new TxInput(
                        new Hash256(random(r, 32)),
                        r.nextLong() >>> 32,
                        random(r, r.nextInt(260)),
                        r.nextLong() >>> 32,
                        witness));
              }
              List<TxOutput> outputs = new ArrayList<>();
              int outs = 1 + r.nextInt(4);
              for (int i = 0; i < outs; i++) {
                outputs.add(
                    new TxOutput(
                        Math.floorMod(r.nextLong(), TxOutput.MAX_MONEY + 1),
                        random(r, r.nextInt(70000))));
              }
              BitcoinTransaction tx =
                  new BitcoinTransaction(r.nextInt(), inputs, outputs, r.nextLong() >>> 32);
              try {
                BitcoinTransaction back = BitcoinTransaction.parse(tx.encode());
                assertEquals(tx, back);
                assertEquals(tx.txid(), back.txid());
              } catch (InvalidBitcoinDataException e) {
                throw new AssertionError(e);
              }
            });
  }
}
