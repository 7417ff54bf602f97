package org.cybervein.crypto.merkle;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.LongStream;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;

/**
 * A binary SHA-256 Merkle tree that keeps every level, so that it can hand out an inclusion proof
 * for any leaf: the commitment to the labels gamma of proof of space, a batch of DAG attestations,
 * a block's transactions.
 *
 * <h2>Hashing rule</h2>
 *
 * Exactly the Merkle Tree Hash (MTH) of RFC 6962 (Certificate Transparency), restated in RFC 9162
 * section 2.1.1:
 *
 * <ul>
 *   <li>leaf hash = SHA-256(0x00 || leaf data) — {@link #leafHash(byte[])};
 *   <li>interior node = SHA-256(0x01 || left || right) — {@link #nodeHash(Hash, Hash)};
 *   <li>a tree of n &gt; 1 leaves is split at k, the largest power of two smaller than n: MTH(D[n])
 *       = node(MTH(D[0:k]), MTH(D[k:n])). Built level by level this means: a lone last node of a
 *       level is <em>promoted</em> unchanged to the next level. It is never paired with a copy of
 *       itself, as Bitcoin does, since duplication lets two different leaf lists share one root
 *       (CVE-2012-2459);
 *   <li>the root of the empty tree is SHA-256 of the empty string, {@link #EMPTY_ROOT} ({@code
 *       e3b0c442...b855}); the root of one leaf is its leaf hash.
 * </ul>
 *
 * The two prefixes keep a leaf from ever being taken for an interior node (second-preimage attacks
 * that present a subtree as a leaf).
 *
 * <h2>Leaves</h2>
 *
 * Leaves are given either as raw data, which the tree hashes with the 0x00 prefix, or as
 * precomputed leaf hashes. A precomputed leaf hash must already be domain-separated, i.e. be the
 * output of {@link #leafHash(byte[])} (or of the same rule computed elsewhere); the tree stores it
 * as it is.
 *
 * <h2>Memory</h2>
 *
 * All levels live in one {@link HashArray} of {@link #storageSize(long) storageSize(n)} hashes,
 * about {@code 2 * n * 32} bytes for n leaves (64 MiB for 2^20 leaves, 4 GiB for 2^26). Use {@link
 * #builder(long)} for a heap array or {@link #builder(long, HashArray)} with a {@link
 * FileHashArray} to keep the tree in a file. For a root alone, {@link MerkleAccumulator} needs only
 * O(log n) memory.
 *
 * <p>A built tree is immutable as long as nobody writes its {@link HashArray}; then {@link
 * #proof(long)} may be called from several threads at once.
 */
public final class MerkleTree {
  /** SHA-256 of the empty string: the root of a tree with no leaves. */
  public static final Hash EMPTY_ROOT =
      Hash.fromHex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

  /** The most leaves a tree may have (2^62), so that every level count fits in a {@code long}. */
  public static final long MAX_LEAVES = 1L << 62;

  /** Pairs per task when a level is hashed in parallel; smaller levels are hashed serially. */
  private static final long PARALLEL_GRAIN = 1L << 13;

  private final long size;
  private final HashArray store;
  private final long[] levelStart;
  private final long[] levelSize;
  private final Hash root;

  private MerkleTree(long size, HashArray store, long[] levelSize) {
    this.size = size;
    this.store = store;
    this.levelSize = levelSize;
    this.levelStart = new long[levelSize.length];
    for (int k = 1; k < levelSize.length; k++) {
      levelStart[k] = levelStart[k - 1] + levelSize[k - 1];
    }
    this.root = size == 0 ? EMPTY_ROOT : store.get(levelStart[levelSize.length - 1]);
  }

  /**
   * SHA-256(0x00 || data): the hash of one leaf.
   *
   * @param data the leaf's raw data
   * @return the leaf hash
   */
  public static Hash leafHash(byte[] data) {
    Objects.requireNonNull(data, "data");
    byte[] out = new byte[Hash.SIZE];
    new NodeHasher().hashLeaf(data, 0, data.length, out, 0);
    return Hash.of(out);
  }

  /**
   * SHA-256(0x00 || data): the hash of one leaf.
   *
   * @param data the leaf's raw data
   * @return the leaf hash
   */
  public static Hash leafHash(Bytes data) {
    return leafHash(data.toByteArray());
  }

  /**
   * SHA-256(0x01 || left || right): the hash of an interior node.
   *
   * @param left the hash of the left child
   * @param right the hash of the right child
   * @return the parent's hash
   */
  public static Hash nodeHash(Hash left, Hash right) {
    NodeHasher hasher = new NodeHasher();
    left.copyTo(hasher.pair, NodeHasher.LEFT);
    right.copyTo(hasher.pair, NodeHasher.RIGHT);
    byte[] out = new byte[Hash.SIZE];
    hasher.hashPair(out, 0);
    return Hash.of(out);
  }

  /**
   * The number of hashes a {@link HashArray} needs to hold a tree of {@code leafCount} leaves with
   * all its levels: {@code leafCount} plus each level above it, about {@code 2 * leafCount}.
   *
   * @param leafCount the number of leaves, from 0 to {@link #MAX_LEAVES}
   * @return the number of 32-byte hashes the store needs
   * @throws IllegalArgumentException if {@code leafCount} is negative or above {@link #MAX_LEAVES}
   */
  public static long storageSize(long leafCount) {
    long total = 0;
    for (long s : levelSizes(leafCount)) {
      total += s;
    }
    return total;
  }

  /**
   * The tree over these leaves' data, each hashed as {@link #leafHash(Bytes)}, on the heap.
   *
   * @param leaves the raw data of each leaf, in order
   * @return the tree over them
   */
  public static MerkleTree ofLeaves(List<Bytes> leaves) {
    Builder builder = builder(leaves.size());
    for (Bytes leaf : leaves) {
      builder.appendLeaf(leaf);
    }
    return builder.build();
  }

  /**
   * The tree over these precomputed, already domain-separated leaf hashes (see {@link
   * #leafHash(byte[])}), on the heap.
   *
   * @param leafHashes the leaf hashes, in order
   * @return the tree over them
   */
  public static MerkleTree ofLeafHashes(List<Hash> leafHashes) {
    Builder builder = builder(leafHashes.size());
    for (Hash leafHash : leafHashes) {
      builder.appendLeafHash(leafHash);
    }
    return builder.build();
  }

  /**
   * A builder for a tree of exactly {@code leafCount} leaves, in a new {@link HeapHashArray} of
   * {@link #storageSize(long)} hashes.
   *
   * @param leafCount the exact number of leaves that will be appended, from 0 to {@link
   *     #MAX_LEAVES}
   * @return a builder on the heap
   */
  public static Builder builder(long leafCount) {
    return new Builder(leafCount, new HeapHashArray(storageSize(leafCount)));
  }

  /**
   * A builder for a tree of exactly {@code leafCount} leaves that writes all levels into {@code
   * store}, from index 0 on. The tree reads {@code store} for as long as it is used, so keep a
   * {@link FileHashArray} open until then.
   *
   * @param leafCount the exact number of leaves that will be appended, from 0 to {@link
   *     #MAX_LEAVES}
   * @param store where the leaf hashes and every level above them are written
   * @return a builder writing into {@code store}
   * @throws IllegalArgumentException if {@code store} holds fewer than {@link #storageSize(long)
   *     storageSize(leafCount)} hashes
   */
  public static Builder builder(long leafCount, HashArray store) {
    return new Builder(leafCount, checkCapacity(leafCount, store));
  }

  /**
   * Reopens a tree of {@code leafCount} leaves that a {@link Builder} built into {@code store}
   * earlier, e.g. a proof-of-space commitment kept in a {@link FileHashArray} across a restart.
   * Nothing is recomputed: the root is read from the store, so this trusts the store's content;
   * compare {@link #root()} with the root committed to before handing out proofs.
   *
   * @param leafCount the number of leaves the tree was built with
   * @param store the store the tree was built into
   * @return the tree, reading {@code store}
   * @throws IllegalArgumentException if {@code store} holds fewer than {@link #storageSize(long)
   *     storageSize(leafCount)} hashes
   */
  public static MerkleTree open(long leafCount, HashArray store) {
    return new MerkleTree(leafCount, checkCapacity(leafCount, store), levelSizes(leafCount));
  }

  private static HashArray checkCapacity(long leafCount, HashArray store) {
    Objects.requireNonNull(store, "store");
    long needed = storageSize(leafCount);
    if (store.size() < needed) {
      throw new IllegalArgumentException(
          "a tree of "
              + leafCount
              + " leaves needs "
              + needed
              + " hashes, store has "
              + store.size());
    }
    return store;
  }

  /**
   * The number of leaves n.
   *
   * @return the number of leaves, zero or more
   */
  public long size() {
    return size;
  }

  /**
   * The Merkle Tree Hash of all leaves; {@link #EMPTY_ROOT} if there are none.
   *
   * @return the root hash
   */
  public Hash root() {
    return root;
  }

  /**
   * The (domain-separated) hash of leaf {@code index}.
   *
   * @param index the leaf's position, from 0
   * @return the leaf hash stored for it
   * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
   */
  public Hash leafHashAt(long index) {
    Objects.checkIndex(index, size);
    return store.get(index);
  }

  /**
   * The inclusion proof (RFC 6962 audit path) of leaf {@code index}: the sibling of each node on
   * the way from the leaf to the root, lowest first, skipping levels where the node is promoted.
   *
   * @param index the leaf's position, from 0
   * @return the proof that leaf {@code index} is in the tree with this root
   * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
   */
  public MerkleProof proof(long index) {
    Objects.checkIndex(index, size);
    List<Hash> path = new ArrayList<>();
    long j = index;
    for (int k = 0; k < levelSize.length - 1; k++) {
      long sibling = j ^ 1;
      if (sibling < levelSize[k]) {
        path.add(store.get(levelStart[k] + sibling));
      }
      j >>>= 1;
    }
    return new MerkleProof(index, size, path);
  }

  @Override
  public String toString() {
    return "MerkleTree[" + size + " leaves, root " + root + "]";
  }

  /** Level sizes from the leaves up to the root: n, ceil(n/2), ..., 1 (just [0] if n = 0). */
  static long[] levelSizes(long leafCount) {
    if (leafCount < 0 || leafCount > MAX_LEAVES) {
      throw new IllegalArgumentException("leaf count must be in [0, 2^62], got " + leafCount);
    }
    int levels = 1;
    for (long s = leafCount; s > 1; s = (s + 1) >>> 1) {
      levels++;
    }
    long[] sizes = new long[levels];
    long s = leafCount;
    for (int k = 0; k < levels; k++) {
      sizes[k] = s;
      s = (s + 1) >>> 1;
    }
    return sizes;
  }

  /**
   * Collects the leaves of a {@link MerkleTree} of a size fixed in advance, then hashes the levels
   * above them. One builder builds one tree. Not thread-safe.
   */
  public static final class Builder {
    private final long leafCount;
    private final HashArray store;
    private final long[] levelSize;
    private final NodeHasher hasher = new NodeHasher();
    private final byte[] scratch = new byte[Hash.SIZE];
    private long appended;
    private boolean built;

    private Builder(long leafCount, HashArray store) {
      this.levelSize = levelSizes(leafCount);
      this.leafCount = leafCount;
      this.store = store;
    }

    /**
     * Appends a leaf given as raw data; the builder hashes it as {@link #leafHash(byte[])}.
     *
     * @param data the leaf's raw data
     * @return this builder
     * @throws IllegalStateException if all announced leaves have been appended already
     */
    public Builder appendLeaf(byte[] data) {
      return appendLeaf(data, 0, data.length);
    }

    /**
     * Appends a leaf whose raw data is {@code data[offset .. offset + length)}.
     *
     * @param data the array holding the leaf's data
     * @param offset the index of the first data byte
     * @param length the number of data bytes, zero or more
     * @return this builder
     * @throws IndexOutOfBoundsException if the range does not lie within {@code data}
     * @throws IllegalStateException if all announced leaves have been appended already
     */
    public Builder appendLeaf(byte[] data, int offset, int length) {
      Objects.checkFromIndexSize(offset, length, data.length);
      checkRoom();
      hasher.hashLeaf(data, offset, length, scratch, 0);
      store.write(appended++, scratch, 0);
      return this;
    }

    /**
     * Appends a leaf given as raw data; the builder hashes it as {@link #leafHash(Bytes)}.
     *
     * @param data the leaf's raw data
     * @return this builder
     * @throws IllegalStateException if all announced leaves have been appended already
     */
    public Builder appendLeaf(Bytes data) {
      return appendLeaf(data.toByteArray());
    }

    /**
     * Appends a precomputed leaf hash, stored as it is: it must already be domain-separated (the
     * output of {@link #leafHash(byte[])}).
     *
     * @param leafHash the leaf hash to store
     * @return this builder
     * @throws IllegalStateException if all announced leaves have been appended already
     */
    public Builder appendLeafHash(Hash leafHash) {
      leafHash.copyTo(scratch, 0);
      return appendLeafHash(scratch, 0);
    }

    /**
     * Appends the precomputed, domain-separated leaf hash in {@code hash[offset .. offset + 32)}
     * without allocating.
     *
     * @param hash the array holding the leaf hash
     * @param offset the index of its first byte; 32 bytes must follow
     * @return this builder
     * @throws IndexOutOfBoundsException if 32 bytes do not follow {@code offset}
     * @throws IllegalStateException if all announced leaves have been appended already
     */
    public Builder appendLeafHash(byte[] hash, int offset) {
      Objects.checkFromIndexSize(offset, Hash.SIZE, hash.length);
      checkRoom();
      store.write(appended++, hash, offset);
      return this;
    }

    /**
     * How many leaves have been appended so far.
     *
     * @return the count of appended leaves, from 0 to the announced count
     */
    public long appended() {
      return appended;
    }

    /**
     * Hashes all levels on the calling thread and returns the tree.
     *
     * @return the tree over the appended leaves
     * @throws IllegalStateException if fewer leaves than announced were appended, or if this
     *     builder has built already
     */
    public MerkleTree build() {
      return build(false);
    }

    /**
     * Like {@link #build()}, but hashes large levels on the common fork-join pool. The tree is
     * identical to the one {@link #build()} gives; only the wall-clock time differs. The store must
     * accept concurrent writes to distinct indices (both implementations here do).
     *
     * @return the tree over the appended leaves
     * @throws IllegalStateException if fewer leaves than announced were appended, or if this
     *     builder has built already
     */
    public MerkleTree buildInParallel() {
      return build(true);
    }

    private MerkleTree build(boolean parallel) {
      if (built) {
        throw new IllegalStateException("this builder has already built its tree");
      }
      if (appended != leafCount) {
        throw new IllegalStateException(
            "announced " + leafCount + " leaves but appended " + appended);
      }
      built = true;
      long start = 0;
      for (int k = 0; k + 1 < levelSize.length; k++) {
        long size = levelSize[k];
        long next = start + size;
        long pairs = size >>> 1;
        if (parallel && pairs >= 2 * PARALLEL_GRAIN) {
          long src = start;
          long tasks = (pairs + PARALLEL_GRAIN - 1) / PARALLEL_GRAIN;
          LongStream.range(0, tasks)
              .parallel()
              .forEach(
                  t -> {
                    long from = t * PARALLEL_GRAIN;
                    long to = Math.min(pairs, from + PARALLEL_GRAIN);
                    hashPairs(new NodeHasher(), src, next, from, to);
                  });
        } else {
          hashPairs(hasher, start, next, 0, pairs);
        }
        if ((size & 1) == 1) {
          // The lone last node is promoted unchanged, never paired with a copy of itself.
          store.read(start + size - 1, scratch, 0);
          store.write(next + pairs, scratch, 0);
        }
        start = next;
      }
      return new MerkleTree(leafCount, store, levelSize);
    }

    /** Writes node p of the level at {@code dst} for every p in [from, to). */
    private void hashPairs(NodeHasher h, long src, long dst, long from, long to) {
      byte[] pair = h.pair;
      byte[] out = new byte[Hash.SIZE];
      for (long p = from; p < to; p++) {
        store.read(src + 2 * p, pair, NodeHasher.LEFT);
        store.read(src + 2 * p + 1, pair, NodeHasher.RIGHT);
        h.hashPair(out, 0);
        store.write(dst + p, out, 0);
      }
    }

    private void checkRoom() {
      if (built) {
        throw new IllegalStateException("this builder has already built its tree");
      }
      if (appended == leafCount) {
        throw new IllegalStateException("all " + leafCount + " announced leaves are appended");
      }
    }
  }
}
