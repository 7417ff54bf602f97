package org.cybervein.crypto.merkle;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.cybervein.api.Hash;

/**
 * The two RFC 6962 hash functions with one reused {@link MessageDigest} and one reused 65-byte
 * buffer, so that building millions of nodes allocates nothing per node. Not thread-safe: each
 * thread that hashes owns its own instance.
 */
final class NodeHasher {
  static final byte LEAF_PREFIX = 0x00;
  static final byte NODE_PREFIX = 0x01;

  /** Offset of the left child in {@link #pair}. */
  static final int LEFT = 1;

  /** Offset of the right child in {@link #pair}. */
  static final int RIGHT = 1 + Hash.SIZE;

  private final MessageDigest sha256 = newSha256();

  /**
   * {@code 0x01 || left || right}: callers fill the children at {@link #LEFT} and {@link #RIGHT}
   * and then call {@link #hashPair(byte[], int)}.
   */
  final byte[] pair = new byte[1 + 2 * Hash.SIZE];

  NodeHasher() {
    pair[0] = NODE_PREFIX;
  }

  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }

  /**
   * Writes SHA-256(0x00 || data[offset .. offset + length)) to {@code out} at {@code outOffset}.
   */
  void hashLeaf(byte[] data, int offset, int length, byte[] out, int outOffset) {
    sha256.update(LEAF_PREFIX);
    sha256.update(data, offset, length);
    finish(out, outOffset);
  }

  /** Writes the hash of the children already placed in {@link #pair}. */
  void hashPair(byte[] out, int outOffset) {
    sha256.update(pair, 0, pair.length);
    finish(out, outOffset);
  }

  /**
   * Writes SHA-256(0x01 || left || right). The output may overlap either input, since both are
   * copied into {@link #pair} first.
   */
  void hashNode(
      byte[] left, int leftOffset, byte[] right, int rightOffset, byte[] out, int outOffset) {
    System.arraycopy(left, leftOffset, pair, LEFT, Hash.SIZE);
    System.arraycopy(right, rightOffset, pair, RIGHT, Hash.SIZE);
    hashPair(out, outOffset);
  }

  private void finish(byte[] out, int outOffset) {
    try {
      sha256.digest(out, outOffset, Hash.SIZE);
    } catch (DigestException e) {
      // Only thrown when the output slot is shorter than the digest, which callers rule out.
      throw new IllegalStateException("SHA-256 output slot too small", e);
    }
  }
}
