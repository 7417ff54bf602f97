package org.cybervein.bitcoin.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.cybervein.api.Bytes;
import org.cybervein.bitcoin.InvalidBitcoinDataException;
import org.cybervein.bitcoin.InvalidBitcoinDataException.Reason;
import org.junit.jupiter.api.Test;

/** Refusals of malformed raw transactions, each with its reason. */
class BitcoinTransactionTest {
  private static final String INPUT = "aa".repeat(32) + "00000000" + "00" + "ffffffff";
  private static final String OUTPUT = "e803000000000000" + "0151";
  private static final String LEGACY = "01000000" + "01" + INPUT + "01" + OUTPUT + "00000000";

  private static Reason refusal(String hex) {
    return assertThrows(
            InvalidBitcoinDataException.class, () -> BitcoinTransaction.parse(Bytes.fromHex(hex)))
        .reason();
  }

  @Test
  void parsesAMinimalLegacyTransaction() throws InvalidBitcoinDataException {
    BitcoinTransaction tx = BitcoinTransaction.parse(Bytes.fromHex(LEGACY));
    assertEquals(1000, tx.outputs().get(0).value());
    assertEquals(LEGACY, tx.encode().toHex());
  }

  @Test
  void refusesMalformedTransactions() {
    assertEquals(Reason.TRUNCATED, refusal(LEGACY.substring(0, LEGACY.length() - 2)));
    assertEquals(Reason.MALFORMED, refusal(LEGACY + "00"));
    assertEquals(
        Reason.NON_CANONICAL, refusal("01000000" + "fd0100" + INPUT + "01" + OUTPUT + "00000000"));
    assertEquals(Reason.MALFORMED, refusal("01000000" + "0002" + "01" + INPUT));
    // Segwit marker with every witness empty.
    assertEquals(
        Reason.NON_CANONICAL,
        refusal("01000000" + "0001" + "01" + INPUT + "01" + OUTPUT + "00" + "00000000"));
    // A count no input could fill is refused before anything is allocated.
    assertEquals(Reason.OVERSIZED, refusal("01000000" + "feffffff7f" + INPUT));
    assertEquals(
        Reason.MALFORMED,
        refusal("01000000" + "01" + INPUT + "01" + "ffffffffffffff7f0151" + "00000000"));
    assertEquals(Reason.MALFORMED, refusal("01000000" + "01" + INPUT + "00" + "00000000"));
    assertEquals(Reason.OVERSIZED, refusal("00".repeat(BitcoinTransaction.MAX_SIZE + 1)));
  }

  @Test
  void sixtyFourByteTransactionsAreRefusedForMerkleProofs() throws InvalidBitcoinDataException {
    // 4 + 1 + 41 + 1 + 9 + 4 = 60 bytes; a 4-byte output script makes it 64.
    String raw = "01000000" + "01" + INPUT + "01" + "e803000000000000" + "0451515151" + "00000000";
    BitcoinTransaction tx = BitcoinTransaction.parse(Bytes.fromHex(raw));
    assertEquals(64, tx.encodeWithoutWitness().size());
    assertEquals(
        Reason.AMBIGUOUS_MERKLE_PROOF,
        assertThrows(InvalidBitcoinDataException.class, tx::checkNotMerkleNodeSized).reason());
  }
}
