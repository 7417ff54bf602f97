package org.cybervein.bitcoin.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.bitcoin.Hash256;
import org.cybervein.bitcoin.InvalidBitcoinDataException;
import org.cybervein.bitcoin.InvalidBitcoinDataException.Reason;
import org.cybervein.bitcoin.transaction.BitcoinTransaction;
import org.cybervein.bitcoin.transaction.TxInput;
import org.cybervein.bitcoin.transaction.TxOutput;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.crypto.hash.Ripemd160;
import org.junit.jupiter.api.Test;

/**
 * The BIP-199 template (bitcoin/bips {@code bip-0199.mediawiki}, commit 21a2fe5) with OP_SHA256 and
 * OP_CHECKLOCKTIMEVERIFY, assembled here by hand from the opcode values, and claims built by hand.
 */
class HtlcScriptTest {
  private static final Bytes PREIMAGE = Bytes.utf8("the secret that unlocks the swap");
  private static final Bytes DIGEST = HashFunction.SHA256.hashUntagged(PREIMAGE).toBytes();
  private static final Bytes RECIPIENT = Bytes.fromHex("22".repeat(20));
  private static final Bytes REFUND = Bytes.fromHex("33".repeat(20));

  private static String template(String timeoutPush) {
    return "63" // OP_IF
        + "a8" // OP_SHA256
        + "20"
        + DIGEST.toHex()
        + "88" // OP_EQUALVERIFY
        + "76" // OP_DUP
        + "a9" // OP_HASH160
        + "14"
        + "22".repeat(20)
        + "67" // OP_ELSE
        + timeoutPush
        + "b1" // OP_CHECKLOCKTIMEVERIFY
        + "75" // OP_DROP
        + "76"
        + "a9"
        + "14"
        + "33".repeat(20)
        + "68" // OP_ENDIF
        + "88" // OP_EQUALVERIFY
        + "ac"; // OP_CHECKSIG
  }

  @Test
  void scriptIsTheBip199TemplateWithMinimalLocktime() throws InvalidBitcoinDataException {
    String[][] cases = {
      {"500000", "0320a107"},
      {"16", "60"},
      {"1", "51"},
      {"17", "0111"},
      {"128", "028000"},
      {"4294967295", "05ffffffff00"},
      {"1700000000", "0400f15365"}
    };
    for (String[] c : cases) {
      HtlcScript h = new HtlcScript(DIGEST, RECIPIENT, Long.parseLong(c[0]), REFUND);
      assertEquals(template(c[1]), h.script().toHex(), c[0]);
      assertEquals(h, HtlcScript.parse(Bytes.fromHex(template(c[1]))));
    }
  }

  @Test
  void refusesOtherScripts() {
    String[] notHtlc = {
      template("0420a10700"), // a non-minimal locktime push
      template("4c0320a107"), // OP_PUSHDATA1 where a direct push fits
      template("0320a1").substring(0, 20), // truncated
      template("0320a107").replace("b175", "b275"), // OP_CHECKSEQUENCEVERIFY
      template("0320a107").replaceFirst("a8", "a9"), // OP_HASH160 as the hash operation
      template("00"), // a zero locktime
      template("4f"), // OP_1NEGATE
      template("0320a107") + "ac", // trailing opcode
      "",
    };
    for (String s : notHtlc) {
      InvalidBitcoinDataException e =
          assertThrows(
              InvalidBitcoinDataException.class, () -> HtlcScript.parse(Bytes.fromHex(s)), s);
      assertEquals(Reason.NOT_HTLC, e.reason());
    }
  }

  @Test
  void outputScriptsArePayToScriptHashAndWitnessScriptHash() {
    HtlcScript h = new HtlcScript(DIGEST, RECIPIENT, 500_000, REFUND);
    assertEquals(
        "a914" + Ripemd160.hash160(h.script()).toHex() + "87", h.p2shOutputScript().toHex());
    assertEquals(
        "0020" + HashFunction.SHA256.hashUntagged(h.script()).toHex(),
        h.p2wshOutputScript().toHex());
  }

  // A funding transaction written byte by byte: version 2, one legacy input, a P2WSH output to
  // the HTLC and a change output, locktime 0.
  @Test
  void findsTheFundingOutputInAHandBuiltTransaction() throws InvalidBitcoinDataException {
    HtlcScript h = new HtlcScript(DIGEST, RECIPIENT, 500_000, REFUND);
    String raw =
        "02000000"
            + "01"
            + "aa".repeat(32)
            + "01000000"
            + "00"
            + "ffffffff"
            + "02"
            + "40420f0000000000" // 1 000 000 sat
            + "22"
            + h.p2wshOutputScript().toHex()
            + "1027000000000000" // 10 000 sat
            + "16"
            + "0014"
            + "44".repeat(20)
            + "00000000";
    BitcoinTransaction tx = BitcoinTransaction.parse(Bytes.fromHex(raw));
    assertEquals(List.of(0), h.fundingOutputs(tx));
    assertEquals(1_000_000, tx.outputs().get(0).value());
    assertEquals(raw, tx.encode().toHex());
    assertEquals(Hash256.of(Bytes.fromHex(raw)), tx.txid());
  }

  // A segwit claim written byte by byte: marker and flag, one input spending the P2WSH output with
  // the witness signature, public key, preimage, 0x01, script.
  @Test
  void extractsThePreimageFromAHandBuiltSegwitClaim() throws InvalidBitcoinDataException {
    HtlcScript h = new HtlcScript(DIGEST, RECIPIENT, 500_000, REFUND);
    Bytes sig = Bytes.fromHex("30" + "45".repeat(70) + "01");
    Bytes pub = Bytes.fromHex("02" + "66".repeat(32));
    String nonWitnessBody =
        "01"
            + "bb".repeat(32)
            + "00000000"
            + "00"
            + "fdffffff"
            + "01"
            + "a0860100000000001600"
            + "14"
            + "22".repeat(20);
    String witness =
        "05"
            + "48"
            + sig.toHex()
            + "21"
            + pub.toHex()
            + "20"
            + PREIMAGE.toHex()
            + "0101"
            + String.format("%02x", h.script().size())
            + h.script().toHex();
    String raw = "02000000" + "0001" + nonWitnessBody + witness + "00000000";
    BitcoinTransaction tx = BitcoinTransaction.parse(Bytes.fromHex(raw));
    assertTrue(tx.hasWitness());
    assertEquals(Optional.of(PREIMAGE), h.preimageIn(tx));
    assertEquals(h.claimWitness(sig, pub, PREIMAGE), tx.inputs().get(0).witness());
    assertEquals(raw, tx.encode().toHex());
    // The txid hashes the serialisation without marker, flag and witness.
    assertEquals(Hash256.of(Bytes.fromHex("02000000" + nonWitnessBody + "00000000")), tx.txid());
  }

  @Test
  void extractsThePreimageFromALegacyP2shClaim() {
    HtlcScript h = new HtlcScript(DIGEST, RECIPIENT, 500_000, REFUND);
    Bytes sig = Bytes.fromHex("30" + "45".repeat(70) + "01");
    Bytes pub = Bytes.fromHex("02" + "66".repeat(32));
    Bytes scriptSig =
        Script.pushAll(List.of(sig, pub, PREIMAGE, Bytes.of(new byte[] {1}), h.script()));
    TxInput claim = new TxInput(Hash256.ZERO, 0, scriptSig, 0xffffffffL, List.of());
    assertEquals(Optional.of(PREIMAGE), h.preimageFrom(claim));
    // Another HTLC's script, or a wrong preimage, reveals nothing.
    HtlcScript other = new HtlcScript(DIGEST, RECIPIENT, 500_001, REFUND);
    assertEquals(Optional.empty(), other.preimageFrom(claim));
    Bytes wrong =
        Script.pushAll(
            List.of(sig, pub, Bytes.utf8("guess"), Bytes.of(new byte[] {1}), h.script()));
    assertEquals(
        Optional.empty(), h.preimageFrom(new TxInput(Hash256.ZERO, 0, wrong, 0, List.of())));
    // A refund (OP_0 selects OP_ELSE) carries no preimage.
    Bytes refund = Script.pushAll(List.of(sig, pub, Bytes.EMPTY, h.script()));
    assertEquals(
        Optional.empty(), h.preimageFrom(new TxInput(Hash256.ZERO, 0, refund, 0, List.of())));
    BitcoinTransaction tx =
        new BitcoinTransaction(
            1, List.of(claim), List.of(new TxOutput(1000, Bytes.fromHex("51"))), 0);
    assertEquals(Optional.of(PREIMAGE), h.preimageIn(tx));
  }

  @Test
  void scriptNumbersAreMinimal() throws InvalidBitcoinDataException {
    long[] values = {0, 1, -1, 127, 128, -128, 255, 256, 32767, 32768, 500_000, 0xffffffffL};
    for (long v : values) {
      assertEquals(v, ScriptNumber.decode(ScriptNumber.encode(v), 5), Long.toString(v));
    }
    assertEquals("8000", ScriptNumber.encode(128).toHex());
    assertEquals("8080", ScriptNumber.encode(-128).toHex());
    for (String nonMinimal : new String[] {"00", "80", "0100", "ff0000"}) {
      InvalidBitcoinDataException e =
          assertThrows(
              InvalidBitcoinDataException.class,
              () -> ScriptNumber.decode(Bytes.fromHex(nonMinimal), 5));
      assertEquals(Reason.NON_CANONICAL, e.reason());
    }
    assertEquals(
        Reason.OVERSIZED,
        assertThrows(
                InvalidBitcoinDataException.class,
                () -> ScriptNumber.decode(Bytes.fromHex("010203040506"), 5))
            .reason());
  }
}
