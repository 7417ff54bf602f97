package org.cybervein.crypto.merkle;

import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;

/**
 * The root of a growing list of leaves in O(log n) memory: the RFC 6962 Merkle Tree Hash (see
 * {@link MerkleTree} for the rule) over everything appended so far, available at any time.
 *
 * <p>It keeps the frontier: the roots of the perfect subtrees that the binary digits of {@link
 * #size()} decompose the leaves into, at most 63 hashes. Appending costs one leaf hash plus, on
 * average, one node hash; {@link #root()} costs one node hash per set bit of the size. Use it to
 * commit to the labels gamma of proof of space in one pass, or to check a {@link MerkleTree}'s
 * root; it cannot produce proofs.
 *
 * <p>Not thread-safe.
 */
public final class MerkleAccumulator {
  private final NodeHasher hasher = new NodeHasher();
  // frontier[k] is the root of a perfect subtree of 2^k leaves when bit k of size is set.
  private final byte[][] frontier = new byte[64][];
  private final byte[] carry = new byte[Hash.SIZE];
  private long size;

  /** An accumulator over no leaves; its root is {@link MerkleTree#EMPTY_ROOT}. */
  public MerkleAccumulator() {}

  /**
   * Appends a leaf given as raw data, hashed as {@link MerkleTree#leafHash(byte[])}.
   *
   * @param data the leaf's raw data
   * @return this accumulator
   */
  public MerkleAccumulator appendLeaf(byte[] data) {
    return appendLeaf(data, 0, data.length);
  }

  /**
   * Appends a leaf whose raw data is {@code data[offset .. offset + length)}.
   *
   * @param data the array holding the leaf's data
   * @param offset the index of the first data byte
   * @param length the number of data bytes, zero or more
   * @return this accumulator
   * @throws IndexOutOfBoundsException if the range does not lie within {@code data}
   */
  public MerkleAccumulator appendLeaf(byte[] data, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, data.length);
    checkRoom();
    hasher.hashLeaf(data, offset, length, carry, 0);
    push();
    return this;
  }

  /**
   * Appends a leaf given as raw data, hashed as {@link MerkleTree#leafHash(Bytes)}.
   *
   * @param data the leaf's raw data
   * @return this accumulator
   */
  public MerkleAccumulator appendLeaf(Bytes data) {
    return appendLeaf(data.toByteArray());
  }

  /**
   * Appends a precomputed leaf hash, used as it is: it must already be domain-separated (the output
   * of {@link MerkleTree#leafHash(byte[])}).
   *
   * @param leafHash the leaf hash to append
   * @return this accumulator
   */
  public MerkleAccumulator appendLeafHash(Hash leafHash) {
    checkRoom();
    leafHash.copyTo(carry, 0);
    push();
    return this;
  }

  /**
   * Appends the precomputed leaf hash in {@code hash[offset .. offset + 32)}.
   *
   * @param hash the array holding the leaf hash
   * @param offset the index of its first byte; 32 bytes must follow
   * @return this accumulator
   * @throws IndexOutOfBoundsException if 32 bytes do not follow {@code offset}
   */
  public MerkleAccumulator appendLeafHash(byte[] hash, int offset) {
    Objects.checkFromIndexSize(offset, Hash.SIZE, hash.length);
    checkRoom();
    System.arraycopy(hash, offset, carry, 0, Hash.SIZE);
    push();
    return this;
  }

  /**
   * The number of leaves appended.
   *
   * @return the count of appended leaves
   */
  public long size() {
    return size;
  }

  /**
   * The Merkle Tree Hash of the leaves appended so far; {@link MerkleTree#EMPTY_ROOT} if none.
   *
   * @return the root of the leaves appended so far, equal to {@link MerkleTree#root()} over the
   *     same leaves
   */
  public Hash root() {
    if (size == 0) {
      return MerkleTree.EMPTY_ROOT;
    }
    int lowest = Long.numberOfTrailingZeros(size);
    byte[] r = frontier[lowest].clone();
    // The smaller subtrees lie to the right, so each larger one is the left child.
    for (int k = lowest + 1; k < 63; k++) {
      if ((size >>> k & 1) == 1) {
        hasher.hashNode(frontier[k], 0, r, 0, r, 0);
      }
    }
    return Hash.of(r);
  }

  /** Merges the new leaf hash in {@link #carry} with the equal-sized subtrees it completes. */
  private void push() {
    int k = 0;
    for (long s = size; (s & 1) == 1; s >>>= 1) {
      hasher.hashNode(frontier[k], 0, carry, 0, carry, 0);
      k++;
    }
    if (frontier[k] == null) {
      frontier[k] = new byte[Hash.SIZE];
    }
    System.arraycopy(carry, 0, frontier[k], 0, Hash.SIZE);
    size++;
  }

  private void checkRoom() {
    if (size == Long.MAX_VALUE) {
      throw new IllegalStateException("a Merkle accumulator holds at most 2^63 - 1 leaves");
    }
  }

  @Override
  public String toString() {
    return "MerkleAccumulator[" + size + " leaves]";
  }
}
