package org.cybervein.crypto.merkle;

import java.util.Objects;
import org.cybervein.api.Hash;

/**
 * A {@link HashArray} on the heap, in chunks of 2^16 hashes (2 MiB) so that it can hold more than
 * 2^31 bytes in total and never asks the garbage collector for one huge array. It takes {@code 32 *
 * size} bytes of heap, allocated when it is created.
 */
public final class HeapHashArray implements HashArray {
  static final int DEFAULT_CHUNK_BITS = 16;

  private final long size;
  private final int chunkBits;
  private final long chunkMask;
  private final byte[][] chunks;

  /**
   * Creates an array of {@code size} zero hashes.
   *
   * @param size the number of hashes, zero or more
   * @throws IllegalArgumentException if {@code size} is negative
   */
  public HeapHashArray(long size) {
    this(size, DEFAULT_CHUNK_BITS);
  }

  /** Tests use small chunks to exercise chunk boundaries. */
  HeapHashArray(long size, int chunkBits) {
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative, got " + size);
    }
    if (chunkBits < 0 || chunkBits > 24) {
      throw new IllegalArgumentException("chunkBits must be in [0, 24], got " + chunkBits);
    }
    this.size = size;
    this.chunkBits = chunkBits;
    this.chunkMask = (1L << chunkBits) - 1;
    long chunkCount = (size + chunkMask) >>> chunkBits;
    if (chunkCount > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("too many hashes for the heap: " + size);
    }
    chunks = new byte[(int) chunkCount][];
    for (int c = 0; c < chunks.length; c++) {
      long hashesInChunk = Math.min(1L << chunkBits, size - ((long) c << chunkBits));
      chunks[c] = new byte[(int) hashesInChunk * Hash.SIZE];
    }
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public void read(long index, byte[] target, int offset) {
    Objects.checkIndex(index, size);
    System.arraycopy(
        chunks[(int) (index >>> chunkBits)],
        (int) (index & chunkMask) * Hash.SIZE,
        target,
        offset,
        Hash.SIZE);
  }

  @Override
  public void write(long index, byte[] source, int offset) {
    Objects.checkIndex(index, size);
    System.arraycopy(
        source,
        offset,
        chunks[(int) (index >>> chunkBits)],
        (int) (index & chunkMask) * Hash.SIZE,
        Hash.SIZE);
  }

  @Override
  public String toString() {
    return "HeapHashArray[" + size + " hashes]";
  }
}
