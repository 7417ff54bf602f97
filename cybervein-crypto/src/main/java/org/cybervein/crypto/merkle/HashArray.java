package org.cybervein.crypto.merkle;

import org.cybervein.api.Hash;

/**
 * A fixed number of 32-byte hashes in flat storage, addressed by {@code long} index, so that a
 * {@link MerkleTree} over millions of leaves needs no object per node.
 *
 * <p>Implementations: {@link HeapHashArray} (chunked {@code byte[]} on the heap) and {@link
 * FileHashArray} (a memory-mapped file, for commitments larger than the heap). A fresh array holds
 * zero bytes everywhere.
 *
 * <p>Implementations must allow concurrent {@code read}s, and concurrent {@code write}s to distinct
 * indices, when no thread reads an index another thread is writing: {@link
 * MerkleTree.Builder#buildInParallel()} relies on that.
 */
public interface HashArray {
  /**
   * The number of hashes this array holds.
   *
   * @return the capacity in hashes, zero or more
   */
  long size();

  /**
   * Copies the hash at {@code index} into {@code target[offset .. offset + 32)}.
   *
   * @param index the hash's position, from 0
   * @param target the array to copy into
   * @param offset the index in {@code target} of the first of the 32 bytes written
   * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())} or the target
   *     slot does not fit
   */
  void read(long index, byte[] target, int offset);

  /**
   * Stores {@code source[offset .. offset + 32)} as the hash at {@code index}.
   *
   * @param index the hash's position, from 0
   * @param source the array holding the hash
   * @param offset the index in {@code source} of the hash's first byte
   * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())} or the source
   *     slot does not fit
   */
  void write(long index, byte[] source, int offset);

  /**
   * The hash at {@code index}.
   *
   * @param index the hash's position, from 0 to {@code size() - 1}
   * @return the hash stored there (all zeros if never written)
   * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
   */
  default Hash get(long index) {
    byte[] bytes = new byte[Hash.SIZE];
    read(index, bytes, 0);
    return Hash.of(bytes);
  }

  /**
   * Stores {@code hash} at {@code index}.
   *
   * @param index the hash's position, from 0 to {@code size() - 1}
   * @param hash the hash to store
   * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
   */
  default void set(long index, Hash hash) {
    byte[] bytes = new byte[Hash.SIZE];
    hash.copyTo(bytes, 0);
    write(index, bytes, 0);
  }
}
