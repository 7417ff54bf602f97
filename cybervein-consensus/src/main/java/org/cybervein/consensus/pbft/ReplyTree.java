package org.cybervein.consensus.pbft;

import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;

/**
 * The Merkle tree of a {@code PbftReplyStatement}: tagged SHA-256 leaves over REPLY bodies, tagged
 * inner nodes, and the shape of RFC 9162 (a range of n > 1 leaves splits at the largest power of
 * two below n), so that an audit path alone, with the leaf index and count, determines the root.
 */
final class ReplyTree {
  static final DomainTag LEAF = DomainTag.of("cybervein/pbft/reply-leaf/v1");
  static final DomainTag NODE = DomainTag.of("cybervein/pbft/reply-node/v1");

  /** The most leaves a statement may have, so a path has at most 20 hashes. */
  static final int MAX_LEAVES = 1 << 20;

  final Hash root;
  final List<List<Hash>> paths;

  private ReplyTree(Hash root, List<List<Hash>> paths) {
    this.root = root;
    this.paths = paths;
  }

  static Hash leaf(Bytes replyBody) {
    return HashFunction.SHA256.hash(LEAF, replyBody);
  }

  static Hash node(Hash left, Hash right) {
    return HashFunction.SHA256.newHasher(NODE).update(left).update(right).digest();
  }

  /** The tree over {@code leaves} (at least one) with the audit path of every leaf. */
  static ReplyTree of(List<Hash> leaves) {
    if (leaves.isEmpty() || leaves.size() > MAX_LEAVES) {
      throw new IllegalArgumentException("a reply tree has 1 to 2^20 leaves, got " + leaves.size());
    }
    List<List<Hash>> paths = new ArrayList<>(leaves.size());
    for (int i = 0; i < leaves.size(); i++) {
      paths.add(new ArrayList<>());
    }
    Hash root = build(leaves, 0, leaves.size(), paths);
    return new ReplyTree(root, paths);
  }

  // Deeper siblings are appended first, so each path runs from the leaf up.
  private static Hash build(List<Hash> leaves, int from, int to, List<List<Hash>> paths) {
    if (to - from == 1) {
      return leaves.get(from);
    }
    int split = from + Integer.highestOneBit(to - from - 1);
    Hash left = build(leaves, from, split, paths);
    Hash right = build(leaves, split, to, paths);
    for (int i = from; i < split; i++) {
      paths.get(i).add(right);
    }
    for (int i = split; i < to; i++) {
      paths.get(i).add(left);
    }
    return node(left, right);
  }

  /**
   * The root that {@code leaf} at {@code index} of {@code count} leaves leads to along {@code path}
   * (RFC 9162, section 2.1.3.2), or null if the path has the wrong length for that position.
   */
  static Hash rootFromPath(Hash leaf, long index, long count, List<Hash> path) {
    if (count < 1 || count > MAX_LEAVES || index < 0 || index >= count) {
      return null;
    }
    long fn = index;
    long sn = count - 1;
    Hash r = leaf;
    for (Hash p : path) {
      if (sn == 0) {
        return null;
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = node(p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        r = node(r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 ? r : null;
  }
}
