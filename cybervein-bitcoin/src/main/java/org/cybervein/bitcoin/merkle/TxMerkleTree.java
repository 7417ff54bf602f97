package org.cybervein.bitcoin.merkle;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.cybervein.bitcoin.Hash256;

/**
 * Bitcoin's transaction Merkle tree over txids: each level pairs neighbours as {@code hash256(left
 * || right)}, and an odd level pairs its last node with itself. For block builders and tests; a
 * light client checks {@link TxMerkleProof}s instead.
 */
public final class TxMerkleTree {
  private TxMerkleTree() {}

  /**
   * One Merkle step.
   *
   * @param left the left child
   * @param right the right child
   * @return {@code hash256(left || right)}
   */
  public static Hash256 parent(Hash256 left, Hash256 right) {
    return Hash256.of(left.wireBytes().concat(right.wireBytes()));
  }

  /**
   * The Merkle root of a block's txids.
   *
   * @param txids the block's transaction ids in order, at least one
   * @return the root (the txid itself for a single transaction)
   */
  public static Hash256 root(List<Hash256> txids) {
    List<Hash256> level = checked(txids);
    while (level.size() > 1) {
      level = up(level);
    }
    return level.get(0);
  }

  /**
   * The proof for the transaction at {@code index}.
   *
   * @param txids the block's transaction ids in order, at least one
   * @param index the transaction's index
   * @return its proof
   */
  public static TxMerkleProof proof(List<Hash256> txids, int index) {
    List<Hash256> level = checked(txids);
    if (index < 0 || index >= level.size()) {
      throw new IllegalArgumentException("index out of range: " + index);
    }
    List<Hash256> siblings = new ArrayList<>();
    int position = index;
    while (level.size() > 1) {
      int sibling = position ^ 1;
      siblings.add(level.get(Math.min(sibling, level.size() - 1)));
      level = up(level);
      position >>>= 1;
    }
    return new TxMerkleProof(index, siblings);
  }

  private static List<Hash256> checked(List<Hash256> txids) {
    Objects.requireNonNull(txids, "txids");
    if (txids.isEmpty()) {
      throw new IllegalArgumentException("a block has at least one transaction");
    }
    return List.copyOf(txids);
  }

  private static List<Hash256> up(List<Hash256> level) {
    List<Hash256> next = new ArrayList<>((level.size() + 1) / 2);
    for (int i = 0; i < level.size(); i += 2) {
      Hash256 left = level.get(i);
      Hash256 right = i + 1 < level.size() ? level.get(i + 1) : left;
      next.add(parent(left, right));
    }
    return next;
  }
}
