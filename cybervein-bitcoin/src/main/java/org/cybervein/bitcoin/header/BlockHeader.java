package org.cybervein.bitcoin.header;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.bitcoin.Hash256;
import org.cybervein.bitcoin.InvalidBitcoinDataException;
import org.cybervein.bitcoin.InvalidBitcoinDataException.Reason;

/**
 * An 80-byte Bitcoin block header: {@code version (4) || previous block hash (32) || Merkle root
 * (32) || time (4) || nBits (4) || nonce (4)}, integers little-endian. Parsing checks only the
 * length; the proof of work is checked by {@link #checkProofOfWork} and the place in a chain by
 * {@code org.cybervein.bitcoin.chain}.
 *
 * @param version the block version (a signed 32-bit value)
 * @param previousBlock the hash of the header this one follows, wire order
 * @param merkleRoot the root of the block's transaction Merkle tree, wire order
 * @param time the block time in seconds since the epoch, 0 to 2^32 - 1
 * @param bits nBits, the compact target, as an unsigned value in an int
 * @param nonce the nonce, 0 to 2^32 - 1
 */
public record BlockHeader(
    int version, Hash256 previousBlock, Hash256 merkleRoot, long time, int bits, long nonce) {
  /** The encoded size of every header. */
  public static final int SIZE = 80;

  /**
   * Checks the ranges.
   *
   * @param version the block version
   * @param previousBlock the hash of the header this one follows
   * @param merkleRoot the Merkle root
   * @param time the block time, 0 to 2^32 - 1
   * @param bits nBits
   * @param nonce the nonce, 0 to 2^32 - 1
   */
  public BlockHeader {
    Objects.requireNonNull(previousBlock, "previousBlock");
    Objects.requireNonNull(merkleRoot, "merkleRoot");
    if (time < 0 || time > 0xffffffffL) {
      throw new IllegalArgumentException("time is an unsigned 32-bit value: " + time);
    }
    if (nonce < 0 || nonce > 0xffffffffL) {
      throw new IllegalArgumentException("nonce is an unsigned 32-bit value: " + nonce);
    }
  }

  /**
   * Parses exactly 80 bytes.
   *
   * @param encoded the header as on the wire
   * @return the header
   * @throws InvalidBitcoinDataException {@code WRONG_LENGTH} unless there are exactly 80 bytes
   */
  public static BlockHeader parse(Bytes encoded) throws InvalidBitcoinDataException {
    Objects.requireNonNull(encoded, "encoded");
    if (encoded.size() != SIZE) {
      throw new InvalidBitcoinDataException(
          Reason.WRONG_LENGTH, "a header is 80 bytes, got " + encoded.size());
    }
    ByteBuffer b = ByteBuffer.wrap(encoded.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
    int version = b.getInt();
    byte[] prev = new byte[32];
    b.get(prev);
    byte[] root = new byte[32];
    b.get(root);
    long time = Integer.toUnsignedLong(b.getInt());
    int bits = b.getInt();
    long nonce = Integer.toUnsignedLong(b.getInt());
    return new BlockHeader(
        version, new Hash256(Bytes.of(prev)), new Hash256(Bytes.of(root)), time, bits, nonce);
  }

  /**
   * Parses headers concatenated back to back, as relayers submit them.
   *
   * @param encoded a multiple of 80 bytes, at most {@code maxHeaders} headers
   * @param maxHeaders the most headers accepted
   * @return the headers in order
   * @throws InvalidBitcoinDataException {@code WRONG_LENGTH} unless a positive multiple of 80
   *     bytes, {@code OVERSIZED} above {@code maxHeaders}
   */
  public static List<BlockHeader> parseConcatenated(Bytes encoded, int maxHeaders)
      throws InvalidBitcoinDataException {
    Objects.requireNonNull(encoded, "encoded");
    int size = encoded.size();
    if (size == 0 || size % SIZE != 0) {
      throw new InvalidBitcoinDataException(
          Reason.WRONG_LENGTH, "headers are 80 bytes each, got " + size + " bytes");
    }
    if (size / SIZE > maxHeaders) {
      throw new InvalidBitcoinDataException(
          Reason.OVERSIZED, (size / SIZE) + " headers, at most " + maxHeaders);
    }
    List<BlockHeader> out = new ArrayList<>(size / SIZE);
    for (int i = 0; i < size; i += SIZE) {
      out.add(parse(encoded.slice(i, i + SIZE)));
    }
    return out;
  }

  /**
   * The 80-byte encoding.
   *
   * @return the header as on the wire
   */
  public Bytes encode() {
    ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(version);
    b.put(previousBlock.wireBytes().toByteArray());
    b.put(merkleRoot.wireBytes().toByteArray());
    b.putInt((int) time);
    b.putInt(bits);
    b.putInt((int) nonce);
    return Bytes.of(b.array());
  }

  /**
   * The block hash: the double SHA-256 of the 80 bytes.
   *
   * @return the block hash, wire order
   */
  public Hash256 hash() {
    return Hash256.of(encode());
  }

  /**
   * Checks that nBits is a valid target no easier than {@code powLimit} and that the hash meets it
   * (Bitcoin Core's {@code CheckProofOfWork}).
   *
   * @param powLimit the chain's proof-of-work limit
   * @return the header's target
   * @throws InvalidBitcoinDataException {@code BAD_TARGET} for an invalid nBits or one above the
   *     limit, {@code INSUFFICIENT_WORK} if the hash is above the target
   */
  public CompactTarget checkProofOfWork(CompactTarget powLimit) throws InvalidBitcoinDataException {
    Objects.requireNonNull(powLimit, "powLimit");
    CompactTarget target = CompactTarget.of(bits);
    if (target.isEasierThan(powLimit)) {
      throw new InvalidBitcoinDataException(
          Reason.BAD_TARGET, "nBits " + target + " is above the proof-of-work limit " + powLimit);
    }
    if (hash().toUnsignedInteger().compareTo(target.target()) > 0) {
      throw new InvalidBitcoinDataException(
          Reason.INSUFFICIENT_WORK, "header hash " + hash() + " is above its target " + target);
    }
    return target;
  }

  @Override
  public String toString() {
    return "BlockHeader[" + hash() + ", prev " + previousBlock + ", time " + time + "]";
  }
}
