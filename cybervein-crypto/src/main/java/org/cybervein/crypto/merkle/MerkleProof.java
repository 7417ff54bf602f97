package org.cybervein.crypto.merkle;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.InvalidCryptoInputException.Reason;

/**
 * An inclusion proof: the RFC 6962 audit path of leaf {@code leafIndex} in a {@link MerkleTree} of
 * {@code treeSize} leaves. Verification is the algorithm of RFC 9162 section 2.1.3.2.
 *
 * <p>The path holds the siblings of the nodes on the way from the leaf up to the root, lowest
 * first. Its length is fixed by {@code (leafIndex, treeSize)} — see {@link #pathLength(long, long)}
 * — and is at most 63.
 *
 * <h2>Encoding</h2>
 *
 * {@link #encode()} gives, with integers big-endian:
 *
 * <pre>
 * offset  size    field
 * 0       1       version, 0x01
 * 1       8       leafIndex, uint64, below treeSize
 * 9       8       treeSize, uint64, at least 1 and below 2^63
 * 17      1       count of siblings, equal to pathLength(leafIndex, treeSize)
 * 18      32*c    the siblings, lowest first
 * </pre>
 *
 * {@link #decode(Bytes)} accepts exactly that and nothing else. Decoding checks the structure only;
 * whether the proof is the one asked for is settled by {@link #verify(Hash, long, long, Hash)}, to
 * which the verifier passes the tree size and leaf index it expects.
 *
 * @param leafIndex the index of the proved leaf, in {@code [0, treeSize)}
 * @param treeSize the number of leaves n of the tree, at least 1
 * @param path the siblings, lowest first; exactly {@link #pathLength(long, long)} of them
 */
public record MerkleProof(long leafIndex, long treeSize, List<Hash> path) {
  /** The version byte {@link #encode()} writes and {@link #decode(Bytes)} requires. */
  public static final byte VERSION = 1;

  /** The most siblings any proof has: a tree below 2^63 leaves is at most 63 levels high. */
  public static final int MAX_PATH_LENGTH = 63;

  private static final int HEADER_SIZE = 1 + 8 + 8 + 1;

  /**
   * Validates and copies the path.
   *
   * @param leafIndex the index of the proved leaf, in {@code [0, treeSize)}
   * @param treeSize the number of leaves n of the tree, at least 1
   * @param path the siblings, lowest first; exactly {@link #pathLength(long, long)} of them
   * @throws IllegalArgumentException if {@code treeSize < 1}, {@code leafIndex} is not in {@code
   *     [0, treeSize)}, or the path does not have {@link #pathLength(long, long)} siblings
   */
  public MerkleProof {
    if (treeSize < 1) {
      throw new IllegalArgumentException("tree size must be at least 1, got " + treeSize);
    }
    if (leafIndex < 0 || leafIndex >= treeSize) {
      throw new IllegalArgumentException(
          "leaf index must be in [0, " + treeSize + "), got " + leafIndex);
    }
    path = List.copyOf(path);
    int expected = pathLength(leafIndex, treeSize);
    if (path.size() != expected) {
      throw new IllegalArgumentException(
          "leaf "
              + leafIndex
              + " of "
              + treeSize
              + " needs "
              + expected
              + " siblings, got "
              + path.size());
    }
  }

  /**
   * The number of siblings in the audit path of leaf {@code leafIndex} of a tree of {@code
   * treeSize} leaves: one per level where the node on the way up has a sibling (a lone last node is
   * promoted without one).
   *
   * @param leafIndex the leaf's position, from 0
   * @param treeSize the number of leaves, greater than {@code leafIndex}
   * @return the number of sibling hashes, from 0 to 63
   * @throws IllegalArgumentException if {@code leafIndex} is not in {@code [0, treeSize)}
   */
  public static int pathLength(long leafIndex, long treeSize) {
    if (leafIndex < 0 || leafIndex >= treeSize) {
      throw new IllegalArgumentException(
          "leaf index must be in [0, " + treeSize + "), got " + leafIndex);
    }
    int count = 0;
    long j = leafIndex;
    for (long s = treeSize; s > 1; s = (s >>> 1) + (s & 1)) {
      if ((j ^ 1) < s) {
        count++;
      }
      j >>>= 1;
    }
    return count;
  }

  /**
   * True if this proof shows that the leaf with hash {@code leafHash} (domain-separated, see {@link
   * MerkleTree#leafHash(byte[])}) is leaf {@code leafIndex} of the tree of {@code treeSize} leaves
   * with root {@code root}.
   *
   * <p>The verifier states the size and index it expects, from its own knowledge (the committed
   * size, the challenged index), because an RFC 6962 audit path does not bind them: the path of
   * leaf 0 of 6 leaves also verifies as leaf 0 of 7, that of leaf 2 of 3 as leaf 1 of 2. A proof
   * whose own {@link #treeSize()} or {@link #leafIndex()} differ from the expected ones fails.
   *
   * @param root the root the verifier trusts
   * @param treeSize the number of leaves the verifier expects
   * @param leafIndex the leaf position the verifier expects
   * @param leafHash the domain-separated hash of the leaf
   * @return true only if the proof's size and index match and the path leads from {@code leafHash}
   *     to {@code root}
   */
  public boolean verify(Hash root, long treeSize, long leafIndex, Hash leafHash) {
    return this.treeSize == treeSize
        && this.leafIndex == leafIndex
        && verify(root, treeSize, leafIndex, leafHash, path);
  }

  /**
   * Like {@link #verify(Hash, long, long, Hash)} for a leaf given as raw data, hashed as {@link
   * MerkleTree#leafHash(Bytes)}.
   *
   * @param root the root the verifier trusts
   * @param treeSize the number of leaves the verifier expects
   * @param leafIndex the leaf position the verifier expects
   * @param leafData the leaf's raw data
   * @return true only if the proof's size and index match and the path leads from the leaf to
   *     {@code root}
   */
  public boolean verifyLeafData(Hash root, long treeSize, long leafIndex, Bytes leafData) {
    return verify(root, treeSize, leafIndex, MerkleTree.leafHash(leafData));
  }

  /**
   * RFC 9162 section 2.1.3.2: true if {@code path} (siblings, lowest first) proves that {@code
   * leafHash} is leaf {@code leafIndex} of the tree of {@code treeSize} leaves with root {@code
   * root}. The caller vouches for {@code treeSize} and {@code leafIndex} (see {@link #verify(Hash,
   * long, long, Hash)}). Returns false, never throws, for an inconsistent index, size or path
   * length.
   *
   * @param root the root the verifier trusts
   * @param treeSize the number of leaves the verifier expects
   * @param leafIndex the leaf position the verifier expects
   * @param leafHash the domain-separated hash of the leaf
   * @param path the sibling hashes, lowest first
   * @return true if the path leads from {@code leafHash} to {@code root}
   */
  public static boolean verify(
      Hash root, long treeSize, long leafIndex, Hash leafHash, List<Hash> path) {
    Objects.requireNonNull(root, "root");
    byte[] computed = rootFrom(leafHash, leafIndex, treeSize, path);
    return computed != null && MessageDigest.isEqual(computed, root.toByteArray());
  }

  /** The RFC 9162 computation; null where the algorithm says "fail" before comparing roots. */
  private static byte[] rootFrom(Hash leafHash, long leafIndex, long treeSize, List<Hash> path) {
    Objects.requireNonNull(leafHash, "leafHash");
    Objects.requireNonNull(path, "path");
    if (leafIndex < 0 || leafIndex >= treeSize) {
      return null;
    }
    long fn = leafIndex;
    long sn = treeSize - 1;
    NodeHasher hasher = new NodeHasher();
    byte[] r = leafHash.toByteArray();
    for (Hash p : path) {
      if (sn == 0) {
        return null;
      }
      if ((fn & 1) == 1 || fn == sn) {
        p.copyTo(hasher.pair, NodeHasher.LEFT);
        System.arraycopy(r, 0, hasher.pair, NodeHasher.RIGHT, Hash.SIZE);
        hasher.hashPair(r, 0);
        // Skip the levels where this node was promoted without a sibling.
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        System.arraycopy(r, 0, hasher.pair, NodeHasher.LEFT, Hash.SIZE);
        p.copyTo(hasher.pair, NodeHasher.RIGHT);
        hasher.hashPair(r, 0);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    return sn == 0 ? r : null;
  }

  /**
   * The binary encoding described in the type's documentation.
   *
   * @return the version byte, leaf index, tree size, sibling count and siblings
   */
  public Bytes encode() {
    ByteBuffer out = ByteBuffer.allocate(HEADER_SIZE + path.size() * Hash.SIZE);
    out.put(VERSION).putLong(leafIndex).putLong(treeSize).put((byte) path.size());
    byte[] sibling = new byte[Hash.SIZE];
    for (Hash h : path) {
      h.copyTo(sibling, 0);
      out.put(sibling);
    }
    return Bytes.of(out.array());
  }

  /**
   * Decodes a proof received from a peer, checking every field against the layout in the type's
   * documentation.
   *
   * @param encoded the received bytes
   * @return the proof
   * @throws InvalidCryptoInputException {@code TRUNCATED} if bytes are missing, {@code OVERSIZED}
   *     if bytes follow the last sibling or the count exceeds {@link #MAX_PATH_LENGTH}, {@code
   *     MALFORMED} for an unknown version, a tree size of 0 or at least 2^63, a leaf index outside
   *     the tree, or a count that does not match {@code (leafIndex, treeSize)}
   */
  public static MerkleProof decode(Bytes encoded) throws InvalidCryptoInputException {
    Objects.requireNonNull(encoded, "encoded");
    if (encoded.size() < HEADER_SIZE) {
      throw new InvalidCryptoInputException(
          Reason.TRUNCATED,
          "Merkle proof needs at least " + HEADER_SIZE + " bytes, got " + encoded.size());
    }
    ByteBuffer in = ByteBuffer.wrap(encoded.toByteArray());
    byte version = in.get();
    if (version != VERSION) {
      throw new InvalidCryptoInputException(
          Reason.MALFORMED, "unknown Merkle proof version " + (version & 0xff));
    }
    long leafIndex = in.getLong();
    long treeSize = in.getLong();
    int count = in.get() & 0xff;
    if (count > MAX_PATH_LENGTH) {
      throw new InvalidCryptoInputException(
          Reason.OVERSIZED,
          "Merkle proof claims " + count + " siblings, at most " + MAX_PATH_LENGTH + " exist");
    }
    int expectedSize = HEADER_SIZE + count * Hash.SIZE;
    if (encoded.size() < expectedSize) {
      throw new InvalidCryptoInputException(
          Reason.TRUNCATED,
          "Merkle proof with "
              + count
              + " siblings needs "
              + expectedSize
              + " bytes, got "
              + encoded.size());
    }
    if (encoded.size() > expectedSize) {
      throw new InvalidCryptoInputException(
          Reason.OVERSIZED,
          (encoded.size() - expectedSize) + " bytes follow the last sibling of a Merkle proof");
    }
    if (treeSize < 1) {
      // A uint64 at or above 2^63 reads as negative: no tree is that large.
      throw new InvalidCryptoInputException(
          Reason.MALFORMED,
          "Merkle proof tree size must be in [1, 2^63), got " + Long.toUnsignedString(treeSize));
    }
    if (leafIndex < 0 || leafIndex >= treeSize) {
      throw new InvalidCryptoInputException(
          Reason.MALFORMED,
          "Merkle proof leaf index "
              + Long.toUnsignedString(leafIndex)
              + " is not below the tree size "
              + treeSize);
    }
    int expectedCount = pathLength(leafIndex, treeSize);
    if (count != expectedCount) {
      throw new InvalidCryptoInputException(
          Reason.MALFORMED,
          "leaf "
              + leafIndex
              + " of "
              + treeSize
              + " has "
              + expectedCount
              + " siblings, the proof claims "
              + count);
    }
    List<Hash> path = new ArrayList<>(count);
    byte[] sibling = new byte[Hash.SIZE];
    for (int i = 0; i < count; i++) {
      in.get(sibling);
      path.add(Hash.of(sibling));
    }
    return new MerkleProof(leafIndex, treeSize, path);
  }
}
