package org.cybervein.bitcoin.chain;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.bitcoin.Hash256;
import org.cybervein.bitcoin.InvalidBitcoinDataException;
import org.cybervein.bitcoin.InvalidBitcoinDataException.Reason;
import org.cybervein.bitcoin.header.BlockHeader;
import org.cybervein.bitcoin.header.CompactTarget;

/**
 * A header placed in a chain: its height, the chainwork accumulated up to it (from the checkpoint
 * the chain started at) and the time of the first block of its difficulty epoch, which is all the
 * next header's checks need. {@link #connect} is the one rule for extending a chain.
 *
 * @param header the header
 * @param hash the header's hash
 * @param height the header's height
 * @param chainWork the sum of the work of every header from the checkpoint up to this one
 * @param epochStartTime the time of the first block of this header's difficulty epoch
 */
public record ChainEntry(
    BlockHeader header, Hash256 hash, long height, BigInteger chainWork, long epochStartTime) {
  /** Size of {@link #encode()}: header, height, chainwork and epoch start time. */
  public static final int ENCODED_SIZE = BlockHeader.SIZE + 8 + 32 + 8;

  /**
   * Checks the fields against each other.
   *
   * @param header the header
   * @param hash the header's hash
   * @param height the header's height, zero or more
   * @param chainWork the accumulated work, positive and below 2^256
   * @param epochStartTime the time of the first block of the epoch, 0 to 2^32 - 1
   */
  public ChainEntry {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(chainWork, "chainWork");
    if (!hash.equals(header.hash())) {
      throw new IllegalArgumentException("hash is not the header's hash");
    }
    if (height < 0) {
      throw new IllegalArgumentException("height is zero or more");
    }
    if (chainWork.signum() <= 0 || chainWork.bitLength() > 256) {
      throw new IllegalArgumentException("chainwork is in (0, 2^256)");
    }
    if (epochStartTime < 0 || epochStartTime > 0xffffffffL) {
      throw new IllegalArgumentException("epochStartTime is an unsigned 32-bit time");
    }
  }

  /**
   * The trusted starting point of a chain: a header at a known height, checked for its own proof of
   * work. Its chainwork is its own work only; every later comparison is relative to it.
   *
   * @param header the checkpoint header
   * @param height its height
   * @param epochStartTime the time of the first block of its epoch ({@code header.time()} if the
   *     checkpoint itself starts an epoch)
   * @param parameters the chain's parameters
   * @return the entry
   * @throws InvalidBitcoinDataException if the header fails its proof of work
   * @throws IllegalArgumentException if the checkpoint starts an epoch but {@code epochStartTime}
   *     is not its own time
   */
  public static ChainEntry checkpoint(
      BlockHeader header, long height, long epochStartTime, BitcoinParameters parameters)
      throws InvalidBitcoinDataException {
    CompactTarget target = header.checkProofOfWork(parameters.powLimit());
    if (parameters.startsEpoch(height) && epochStartTime != header.time()) {
      throw new IllegalArgumentException("a checkpoint that starts an epoch is its own start");
    }
    return new ChainEntry(header, header.hash(), height, target.work(), epochStartTime);
  }

  /**
   * The target the header after this one must carry: the same nBits inside an epoch, the retargeted
   * one ({@link BitcoinParameters#nextTarget}) when the next header starts an epoch.
   *
   * @param parameters the chain's parameters
   * @return the expected nBits of the next header
   * @throws InvalidBitcoinDataException {@code BAD_TARGET} if this header's own nBits is invalid
   */
  public CompactTarget nextTarget(BitcoinParameters parameters) throws InvalidBitcoinDataException {
    CompactTarget own = CompactTarget.of(header.bits());
    if (!parameters.startsEpoch(height + 1)) {
      return own;
    }
    return parameters.nextTarget(own, epochStartTime, header.time());
  }

  /**
   * Places {@code child} after this entry: checks the previous-hash link, that nBits is the
   * expected target and that the hash meets it; the child's chainwork adds its work to ours.
   *
   * @param child the next header
   * @param parameters the chain's parameters
   * @return the child's entry
   * @throws InvalidBitcoinDataException {@code BROKEN_LINK}, {@code UNEXPECTED_TARGET}, {@code
   *     BAD_TARGET} or {@code INSUFFICIENT_WORK}
   */
  public ChainEntry connect(BlockHeader child, BitcoinParameters parameters)
      throws InvalidBitcoinDataException {
    Objects.requireNonNull(child, "child");
    if (!child.previousBlock().equals(hash)) {
      throw new InvalidBitcoinDataException(
          Reason.BROKEN_LINK, "header " + child.hash() + " does not follow " + hash);
    }
    CompactTarget expected = nextTarget(parameters);
    if (child.bits() != expected.bits()) {
      throw new InvalidBitcoinDataException(
          Reason.UNEXPECTED_TARGET,
          String.format(
              "header at height %d has nBits 0x%08x, the chain requires %s",
              height + 1, child.bits(), expected));
    }
    CompactTarget target = child.checkProofOfWork(parameters.powLimit());
    long childHeight = height + 1;
    long epochStart = parameters.startsEpoch(childHeight) ? child.time() : epochStartTime;
    return new ChainEntry(
        child, child.hash(), childHeight, chainWork.add(target.work()), epochStart);
  }

  /**
   * A fixed-size encoding for storage: header, height (8 bytes), chainwork (32 bytes, big-endian)
   * and epoch start time (8 bytes).
   *
   * @return {@value #ENCODED_SIZE} bytes
   */
  public Bytes encode() {
    ByteBuffer b = ByteBuffer.allocate(ENCODED_SIZE);
    b.put(header.encode().toByteArray());
    b.putLong(height);
    byte[] work = chainWork.toByteArray();
    int len = Math.min(work.length, 32);
    b.position(b.position() + 32 - len);
    b.put(work, work.length - len, len);
    b.putLong(epochStartTime);
    return Bytes.of(b.array());
  }

  /**
   * Decodes {@link #encode()}.
   *
   * @param encoded the bytes
   * @return the entry
   * @throws InvalidBitcoinDataException {@code WRONG_LENGTH} or {@code MALFORMED} if they are not
   *     an encoded entry
   */
  public static ChainEntry decode(Bytes encoded) throws InvalidBitcoinDataException {
    if (encoded.size() != ENCODED_SIZE) {
      throw new InvalidBitcoinDataException(
          Reason.WRONG_LENGTH, "a chain entry is " + ENCODED_SIZE + " bytes");
    }
    BlockHeader header = BlockHeader.parse(encoded.slice(0, BlockHeader.SIZE));
    ByteBuffer b = ByteBuffer.wrap(encoded.toByteArray(), BlockHeader.SIZE, 48);
    long height = b.getLong();
    byte[] work = new byte[32];
    b.get(work);
    long epochStart = b.getLong();
    try {
      return new ChainEntry(header, header.hash(), height, new BigInteger(1, work), epochStart);
    } catch (IllegalArgumentException e) {
      throw new InvalidBitcoinDataException(Reason.MALFORMED, "chain entry: " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "ChainEntry[" + hash + " at " + height + ", work 0x" + chainWork.toString(16) + "]";
  }
}
