package org.cybervein.bitcoin.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.bitcoin.InvalidBitcoinDataException;
import org.cybervein.bitcoin.InvalidBitcoinDataException.Reason;
import org.cybervein.bitcoin.transaction.BitcoinTransaction;
import org.cybervein.bitcoin.transaction.TxInput;
import org.cybervein.bitcoin.transaction.TxOutput;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.crypto.hash.Ripemd160;

/**
 * A BIP-199 Hashed Time-Locked Contract script with {@code OP_SHA256} as the hash operation and
 * {@code OP_CHECKLOCKTIMEVERIFY} as the timeout (BIP 199, bitcoin/bips {@code bip-0199.mediawiki}):
 *
 * <pre>
 * OP_IF
 *     OP_SHA256 &lt;digest&gt; OP_EQUALVERIFY OP_DUP OP_HASH160 &lt;recipient pubkey hash&gt;
 * OP_ELSE
 *     &lt;timeout&gt; OP_CHECKLOCKTIMEVERIFY OP_DROP OP_DUP OP_HASH160 &lt;refund pubkey hash&gt;
 * OP_ENDIF
 * OP_EQUALVERIFY
 * OP_CHECKSIG
 * </pre>
 *
 * The recipient ("seller") spends by revealing the preimage of {@code digest}; the refund party
 * ("buyer") spends once the locktime {@code timeout} has passed. The timeout is pushed in its
 * minimal form ({@link ScriptNumber#pushOf}), so each HTLC has exactly one script and one P2SH or
 * P2WSH output script.
 *
 * @param digest the SHA-256 of the preimage, 32 bytes
 * @param recipientPubkeyHash HASH160 of the recipient's public key, 20 bytes
 * @param timeout the CLTV locktime (a height below 500 000 000, else a Unix time), 1 to 2^32 - 1
 * @param refundPubkeyHash HASH160 of the refund party's public key, 20 bytes
 */
public record HtlcScript(
    Bytes digest, Bytes recipientPubkeyHash, long timeout, Bytes refundPubkeyHash) {
  private static final int OP_IF = 0x63;
  private static final int OP_ELSE = 0x67;
  private static final int OP_ENDIF = 0x68;
  private static final int OP_DROP = 0x75;
  private static final int OP_DUP = 0x76;
  private static final int OP_EQUAL = 0x87;
  private static final int OP_EQUALVERIFY = 0x88;
  private static final int OP_SHA256 = 0xa8;
  private static final int OP_HASH160 = 0xa9;
  private static final int OP_CHECKSIG = 0xac;
  private static final int OP_CHECKLOCKTIMEVERIFY = 0xb1;

  /**
   * Checks the sizes and the timeout range.
   *
   * @param digest the SHA-256 of the preimage, 32 bytes
   * @param recipientPubkeyHash HASH160 of the recipient's key, 20 bytes
   * @param timeout the CLTV locktime, 1 to 2^32 - 1
   * @param refundPubkeyHash HASH160 of the refund party's key, 20 bytes
   */
  public HtlcScript {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(recipientPubkeyHash, "recipientPubkeyHash");
    Objects.requireNonNull(refundPubkeyHash, "refundPubkeyHash");
    if (digest.size() != 32) {
      throw new IllegalArgumentException("the digest is 32 bytes");
    }
    if (recipientPubkeyHash.size() != 20 || refundPubkeyHash.size() != 20) {
      throw new IllegalArgumentException("pubkey hashes are 20 bytes");
    }
    if (timeout < 1 || timeout > 0xffffffffL) {
      throw new IllegalArgumentException("the timeout is a locktime, 1 to 2^32 - 1");
    }
  }

  /**
   * The script bytes (the P2SH redeem script or P2WSH witness script).
   *
   * @return the script, in the one encoding {@link #parse} accepts
   */
  public Bytes script() {
    return op(OP_IF, OP_SHA256)
        .concat(Script.push(digest))
        .concat(op(OP_EQUALVERIFY, OP_DUP, OP_HASH160))
        .concat(Script.push(recipientPubkeyHash))
        .concat(op(OP_ELSE))
        .concat(ScriptNumber.pushOf(timeout))
        .concat(op(OP_CHECKLOCKTIMEVERIFY, OP_DROP, OP_DUP, OP_HASH160))
        .concat(Script.push(refundPubkeyHash))
        .concat(op(OP_ENDIF, OP_EQUALVERIFY, OP_CHECKSIG));
  }

  /**
   * Reads an HTLC from its script. Only the exact template with minimal pushes is accepted.
   *
   * @param script the script bytes
   * @return the HTLC
   * @throws InvalidBitcoinDataException {@code NOT_HTLC} for any other script
   */
  public static HtlcScript parse(Bytes script) throws InvalidBitcoinDataException {
    List<ScriptElement> e;
    try {
      e = Script.parse(script);
    } catch (InvalidBitcoinDataException ex) {
      throw notHtlc(ex.getMessage());
    }
    int[] shape = {
      OP_IF,
      OP_SHA256,
      -32,
      OP_EQUALVERIFY,
      OP_DUP,
      OP_HASH160,
      -20,
      OP_ELSE,
      -1,
      OP_CHECKLOCKTIMEVERIFY,
      OP_DROP,
      OP_DUP,
      OP_HASH160,
      -20,
      OP_ENDIF,
      OP_EQUALVERIFY,
      OP_CHECKSIG
    };
    if (e.size() != shape.length) {
      throw notHtlc("the template has " + shape.length + " elements, got " + e.size());
    }
    for (int i = 0; i < shape.length; i++) {
      int want = shape[i];
      ScriptElement got = e.get(i);
      boolean ok =
          want >= 0
              ? got.opcode() == want
              : want == -1
                  ? got.isDataPush() || (got.opcode() >= 0x51 && got.opcode() <= 0x60)
                  : got.isDataPush() && got.data().size() == -want;
      if (!ok) {
        throw notHtlc("element " + i + " does not fit the template");
      }
    }
    ScriptElement t = e.get(8);
    long timeout;
    if (t.isDataPush()) {
      try {
        timeout = ScriptNumber.decode(t.data(), ScriptNumber.MAX_LOCKTIME_SIZE);
      } catch (InvalidBitcoinDataException ex) {
        throw notHtlc("timeout: " + ex.getMessage());
      }
    } else {
      timeout = t.opcode() - 0x50;
    }
    if (timeout < 1 || timeout > 0xffffffffL) {
      throw notHtlc("timeout " + timeout + " is not a locktime");
    }
    HtlcScript htlc = new HtlcScript(e.get(2).data(), e.get(6).data(), timeout, e.get(13).data());
    if (!htlc.script().equals(script)) {
      throw notHtlc("pushes not in their minimal form");
    }
    return htlc;
  }

  /**
   * The P2SH output script paying to this HTLC: {@code OP_HASH160 <HASH160(script)> OP_EQUAL}.
   *
   * @return the scriptPubKey
   */
  public Bytes p2shOutputScript() {
    return op(OP_HASH160).concat(Script.push(Ripemd160.hash160(script()))).concat(op(OP_EQUAL));
  }

  /**
   * The P2WSH output script paying to this HTLC: {@code OP_0 <SHA256(script)>} (BIP 141).
   *
   * @return the scriptPubKey
   */
  public Bytes p2wshOutputScript() {
    return op(0).concat(Script.push(HashFunction.SHA256.hashUntagged(script()).toBytes()));
  }

  /**
   * The indices of {@code tx}'s outputs that pay to this HTLC, by P2SH or P2WSH.
   *
   * @param tx a funding transaction candidate
   * @return the output indices, ascending; empty if none
   */
  public List<Integer> fundingOutputs(BitcoinTransaction tx) {
    Bytes p2sh = p2shOutputScript();
    Bytes p2wsh = p2wshOutputScript();
    List<Integer> out = new ArrayList<>();
    List<TxOutput> outputs = tx.outputs();
    for (int i = 0; i < outputs.size(); i++) {
      Bytes s = outputs.get(i).script();
      if (s.equals(p2sh) || s.equals(p2wsh)) {
        out.add(i);
      }
    }
    return out;
  }

  /**
   * The preimage revealed by an input that spends this HTLC on its hash path: the input's last
   * stack item (from its witness, or else its push-only scriptSig) must be this script, and one
   * item before it must hash to {@link #digest()} under SHA-256.
   *
   * @param input an input of a claiming transaction
   * @return the preimage, or empty if the input does not spend this HTLC by revealing it
   */
  public Optional<Bytes> preimageFrom(TxInput input) {
    List<Bytes> items = new ArrayList<>(input.witness());
    if (items.isEmpty()) {
      try {
        for (ScriptElement el : Script.parse(input.scriptSig())) {
          if (!el.isDataPush()) {
            return Optional.empty();
          }
          items.add(el.data());
        }
      } catch (InvalidBitcoinDataException e) {
        return Optional.empty();
      }
    }
    if (items.isEmpty() || !items.get(items.size() - 1).equals(script())) {
      return Optional.empty();
    }
    for (int i = items.size() - 2; i >= 0; i--) {
      Bytes candidate = items.get(i);
      if (HashFunction.SHA256.hashUntagged(candidate).toBytes().equals(digest)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * The preimage revealed by any input of {@code tx} (see {@link #preimageFrom(TxInput)}).
   *
   * @param tx a claiming transaction candidate
   * @return the preimage, or empty if no input reveals it
   */
  public Optional<Bytes> preimageIn(BitcoinTransaction tx) {
    for (TxInput in : tx.inputs()) {
      Optional<Bytes> p = preimageFrom(in);
      if (p.isPresent()) {
        return p;
      }
    }
    return Optional.empty();
  }

  /**
   * The witness stack that claims a P2WSH HTLC output on the hash path: {@code signature, public
   * key, preimage, 0x01 (selects OP_IF), script}. For a P2SH output push the same items in the
   * scriptSig ({@link Script#pushAll}).
   *
   * @param signature the recipient's DER signature with its sighash byte
   * @param publicKey the recipient's public key
   * @param preimage the preimage of {@link #digest()}
   * @return the witness items, bottom first
   */
  public List<Bytes> claimWitness(Bytes signature, Bytes publicKey, Bytes preimage) {
    return List.of(signature, publicKey, preimage, Bytes.of(new byte[] {1}), script());
  }

  private static Bytes op(int... opcodes) {
    byte[] b = new byte[opcodes.length];
    for (int i = 0; i < opcodes.length; i++) {
      b[i] = (byte) opcodes[i];
    }
    return Bytes.of(b);
  }

  private static InvalidBitcoinDataException notHtlc(String why) {
    return new InvalidBitcoinDataException(Reason.NOT_HTLC, "not a BIP-199 HTLC: " + why);
  }
}
