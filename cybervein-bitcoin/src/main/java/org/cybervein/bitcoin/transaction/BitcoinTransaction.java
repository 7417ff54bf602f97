package org.cybervein.bitcoin.transaction;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.bitcoin.Hash256;
import org.cybervein.bitcoin.InvalidBitcoinDataException;
import org.cybervein.bitcoin.InvalidBitcoinDataException.Reason;

/**
 * A raw Bitcoin transaction, parsed enough to find its outputs and to read its inputs' scriptSigs
 * and witnesses. Scripts and signatures are not checked: a light client learns that a transaction
 * is valid from the proof of work of the block that includes it.
 *
 * <p>Two serialisations (BIP 144): legacy {@code version || inputs || outputs || locktime}, and
 * segwit {@code version || 0x00 || 0x01 || inputs || outputs || witnesses || locktime}. The txid is
 * the double SHA-256 of the legacy form in both cases.
 *
 * @param version the transaction version (signed 32-bit)
 * @param inputs the inputs, at least one
 * @param outputs the outputs, at least one
 * @param lockTime the locktime, 0 to 2^32 - 1
 */
public record BitcoinTransaction(
    int version, List<TxInput> inputs, List<TxOutput> outputs, long lockTime) {
  /** The largest serialisation accepted: a transaction cannot exceed a block's 4 MB weight. */
  public static final int MAX_SIZE = 4_000_000;

  // The smallest input is 41 bytes (outpoint 36, empty script 1, sequence 4), the smallest output
  // 9 bytes, so counts above remaining / size are refused before anything is allocated.
  private static final int MIN_INPUT_SIZE = 41;
  private static final int MIN_OUTPUT_SIZE = 9;

  /**
   * Checks the shape.
   *
   * @param version the transaction version
   * @param inputs the inputs, at least one
   * @param outputs the outputs, at least one
   * @param lockTime the locktime, 0 to 2^32 - 1
   */
  public BitcoinTransaction {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    if (inputs.isEmpty() || outputs.isEmpty()) {
      throw new IllegalArgumentException("a transaction has at least one input and one output");
    }
    if (lockTime < 0 || lockTime > 0xffffffffL) {
      throw new IllegalArgumentException("lockTime is an unsigned 32-bit value");
    }
  }

  /**
   * Parses a raw transaction in either serialisation. The whole input must be one transaction.
   *
   * @param raw the transaction bytes, at most {@value #MAX_SIZE}
   * @return the transaction
   * @throws InvalidBitcoinDataException {@code OVERSIZED}, {@code TRUNCATED}, {@code NON_CANONICAL}
   *     (a CompactSize not in its shortest form, a witness marker with every witness empty) or
   *     {@code MALFORMED} (an unknown segwit flag, no inputs or outputs, an amount out of range,
   *     trailing bytes)
   */
  public static BitcoinTransaction parse(Bytes raw) throws InvalidBitcoinDataException {
    Objects.requireNonNull(raw, "raw");
    if (raw.size() > MAX_SIZE) {
      throw new InvalidBitcoinDataException(
          Reason.OVERSIZED, "a transaction is at most " + MAX_SIZE + " bytes");
    }
    WireReader r = new WireReader(raw);
    int version = (int) r.readUint32("version");
    boolean segwit = false;
    int inputCount = r.readCompactSize(r.remaining() / MIN_INPUT_SIZE, "input count");
    if (inputCount == 0) {
      int flag = r.readByte("segwit flag");
      if (flag != 1) {
        throw new InvalidBitcoinDataException(
            Reason.MALFORMED, "no inputs, or an unknown segwit flag " + flag);
      }
      segwit = true;
      inputCount = r.readCompactSize(r.remaining() / MIN_INPUT_SIZE, "input count");
      if (inputCount == 0) {
        throw new InvalidBitcoinDataException(Reason.MALFORMED, "a transaction has no inputs");
      }
    }
    List<Hash256> prevTxids = new ArrayList<>(inputCount);
    List<Long> prevIndices = new ArrayList<>(inputCount);
    List<Bytes> scriptSigs = new ArrayList<>(inputCount);
    List<Long> sequences = new ArrayList<>(inputCount);
    for (int i = 0; i < inputCount; i++) {
      prevTxids.add(new Hash256(r.readBytes(32, "outpoint txid")));
      prevIndices.add(r.readUint32("outpoint index"));
      int len = r.readCompactSize(r.remaining(), "scriptSig length");
      scriptSigs.add(r.readBytes(len, "scriptSig"));
      sequences.add(r.readUint32("sequence"));
    }
    int outputCount = r.readCompactSize(r.remaining() / MIN_OUTPUT_SIZE, "output count");
    if (outputCount == 0) {
      throw new InvalidBitcoinDataException(Reason.MALFORMED, "a transaction has no outputs");
    }
    List<TxOutput> outputs = new ArrayList<>(outputCount);
    for (int i = 0; i < outputCount; i++) {
      long value = r.readInt64("output value");
      int len = r.readCompactSize(r.remaining(), "script length");
      Bytes script = r.readBytes(len, "output script");
      if (value < 0 || value > TxOutput.MAX_MONEY) {
        throw new InvalidBitcoinDataException(Reason.MALFORMED, "output value out of range");
      }
      outputs.add(new TxOutput(value, script));
    }
    List<List<Bytes>> witnesses = new ArrayList<>(inputCount);
    boolean anyWitness = false;
    for (int i = 0; i < inputCount; i++) {
      List<Bytes> stack = new ArrayList<>();
      if (segwit) {
        int items = r.readCompactSize(r.remaining(), "witness item count");
        for (int j = 0; j < items; j++) {
          int len = r.readCompactSize(r.remaining(), "witness item length");
          stack.add(r.readBytes(len, "witness item"));
        }
        anyWitness |= items > 0;
      }
      witnesses.add(stack);
    }
    if (segwit && !anyWitness) {
      throw new InvalidBitcoinDataException(
          Reason.NON_CANONICAL, "segwit serialisation with every witness empty");
    }
    long lockTime = r.readUint32("locktime");
    if (r.remaining() != 0) {
      throw new InvalidBitcoinDataException(
          Reason.MALFORMED, r.remaining() + " bytes after the transaction");
    }
    List<TxInput> inputs = new ArrayList<>(inputCount);
    for (int i = 0; i < inputCount; i++) {
      inputs.add(
          new TxInput(
              prevTxids.get(i),
              prevIndices.get(i),
              scriptSigs.get(i),
              sequences.get(i),
              witnesses.get(i)));
    }
    return new BitcoinTransaction(version, inputs, outputs, lockTime);
  }

  /**
   * True if any input carries a witness.
   *
   * @return true for a segwit transaction
   */
  public boolean hasWitness() {
    return inputs.stream().anyMatch(i -> !i.witness().isEmpty());
  }

  /**
   * The legacy serialisation, without witnesses: what the txid hashes.
   *
   * @return the bytes
   */
  public Bytes encodeWithoutWitness() {
    return encode(false);
  }

  /**
   * The serialisation a node relays: segwit if any input has a witness, legacy otherwise.
   *
   * @return the bytes; {@link #parse} of them gives this transaction
   */
  public Bytes encode() {
    return encode(hasWitness());
  }

  private Bytes encode(boolean withWitness) {
    WireWriter w = new WireWriter().uint32(version & 0xffffffffL);
    if (withWitness) {
      w.bytes(Bytes.of(new byte[] {0, 1}));
    }
    w.compactSize(inputs.size());
    for (TxInput in : inputs) {
      w.bytes(in.previousTxid().wireBytes())
          .uint32(in.previousIndex())
          .varBytes(in.scriptSig())
          .uint32(in.sequence());
    }
    w.compactSize(outputs.size());
    for (TxOutput out : outputs) {
      w.int64(out.value()).varBytes(out.script());
    }
    if (withWitness) {
      for (TxInput in : inputs) {
        w.compactSize(in.witness().size());
        for (Bytes item : in.witness()) {
          w.varBytes(item);
        }
      }
    }
    return w.uint32(lockTime).toBytes();
  }

  /**
   * The transaction id: the double SHA-256 of the legacy serialisation.
   *
   * @return the txid, wire order (explorers show it reversed)
   */
  public Hash256 txid() {
    return Hash256.of(encodeWithoutWitness());
  }

  /**
   * Refuses a transaction whose legacy serialisation is 64 bytes, the size of an inner Merkle node
   * (CVE-2017-12842); such a "transaction" could stand for two txids. Call it before trusting a
   * Merkle proof of this transaction (see {@code org.cybervein.bitcoin.merkle.TxMerkleProof}).
   *
   * @throws InvalidBitcoinDataException {@code AMBIGUOUS_MERKLE_PROOF} for 64 bytes
   */
  public void checkNotMerkleNodeSized() throws InvalidBitcoinDataException {
    if (encodeWithoutWitness().size() == 64) {
      throw new InvalidBitcoinDataException(
          Reason.AMBIGUOUS_MERKLE_PROOF, "a 64-byte transaction could be an inner Merkle node");
    }
  }

  @Override
  public String toString() {
    return "BitcoinTransaction["
        + txid()
        + ", "
        + inputs.size()
        + " in, "
        + outputs.size()
        + " out]";
  }
}
