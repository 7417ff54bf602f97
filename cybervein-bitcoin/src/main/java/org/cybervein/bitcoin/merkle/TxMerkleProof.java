package org.cybervein.bitcoin.merkle;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.bitcoin.Hash256;
import org.cybervein.bitcoin.InvalidBitcoinDataException;
import org.cybervein.bitcoin.InvalidBitcoinDataException.Reason;

/**
 * A transaction's place in a block's Merkle tree: its index among the block's transactions and the
 * sibling hashes from the leaf up to the root. At level {@code l} the node is the left child when
 * bit {@code l} of the index is 0, and the parent is {@code hash256(left || right)}.
 *
 * <h2>Ambiguities refused</h2>
 *
 * <ul>
 *   <li>Duplicated last node (CVE-2012-2459): Bitcoin pairs the last node of an odd level with a
 *       copy of itself. A proof whose node is a <em>right</em> child equal to its left sibling
 *       stands at such a copy, a position that holds no transaction of its own; {@link #rootFor}
 *       refuses it ({@code AMBIGUOUS_MERKLE_PROOF}), so an index from a proof that passes names a
 *       real position. (A left child equal to its right sibling is the honest last node and
 *       passes.)
 *   <li>64-byte transactions (CVE-2017-12842): an inner node is the hash of 64 bytes, so 64 bytes
 *       presented as a "transaction" can prove an inner node. A proof cannot tell from a txid; the
 *       caller that holds the transaction refuses a 64-byte one, as {@code
 *       org.cybervein.bitcoin.transaction.BitcoinTransaction#checkNotMerkleNodeSized} does.
 *   <li>Index bits above the depth would give many indices for one path: refused.
 * </ul>
 *
 * @param index the transaction's index in the block, below {@code 2^depth}
 * @param siblings the sibling hashes from the leaf level up, at most {@value #MAX_DEPTH}
 */
public record TxMerkleProof(long index, List<Hash256> siblings) {
  /**
   * The deepest proof accepted: a 4 MB block holds under 2^17 transactions, so 24 levels leave room
   * without letting a relayer make us hash without bound.
   */
  public static final int MAX_DEPTH = 24;

  /**
   * Checks the depth and index range.
   *
   * @param index the transaction's index, 0 to {@code 2^depth - 1}
   * @param siblings the sibling hashes from the leaf up, at most {@value #MAX_DEPTH}
   */
  public TxMerkleProof {
    siblings = List.copyOf(siblings);
    if (siblings.size() > MAX_DEPTH) {
      throw new IllegalArgumentException("a proof has at most " + MAX_DEPTH + " levels");
    }
    if (index < 0 || index >= (1L << siblings.size())) {
      throw new IllegalArgumentException(
          "index " + index + " does not fit a proof of depth " + siblings.size());
    }
  }

  /**
   * Decodes a proof from untrusted input: the siblings as concatenated 32-byte hashes.
   *
   * @param index the claimed index
   * @param concatenatedSiblings the sibling hashes, leaf level first, 32 bytes each
   * @return the proof
   * @throws InvalidBitcoinDataException {@code WRONG_LENGTH} unless a multiple of 32 bytes, {@code
   *     OVERSIZED} above {@value #MAX_DEPTH} levels, {@code BAD_MERKLE_PROOF} for an index outside
   *     the depth
   */
  public static TxMerkleProof decode(long index, Bytes concatenatedSiblings)
      throws InvalidBitcoinDataException {
    int size = concatenatedSiblings.size();
    if (size % Hash256.SIZE != 0) {
      throw new InvalidBitcoinDataException(
          Reason.WRONG_LENGTH, "siblings are 32 bytes each, got " + size + " bytes");
    }
    int depth = size / Hash256.SIZE;
    if (depth > MAX_DEPTH) {
      throw new InvalidBitcoinDataException(
          Reason.OVERSIZED, "a proof has at most " + MAX_DEPTH + " levels, got " + depth);
    }
    if (index < 0 || index >= (1L << depth)) {
      throw new InvalidBitcoinDataException(
          Reason.BAD_MERKLE_PROOF, "index " + index + " does not fit a proof of depth " + depth);
    }
    List<Hash256> siblings = new ArrayList<>(depth);
    for (int i = 0; i < depth; i++) {
      siblings.add(new Hash256(concatenatedSiblings.slice(i * 32, i * 32 + 32)));
    }
    return new TxMerkleProof(index, siblings);
  }

  /**
   * The siblings concatenated, leaf level first.
   *
   * @return {@code 32 * depth} bytes
   */
  public Bytes encodeSiblings() {
    Bytes out = Bytes.EMPTY;
    for (Hash256 s : siblings) {
      out = out.concat(s.wireBytes());
    }
    return out;
  }

  /**
   * The root this proof leads to from {@code txid}.
   *
   * @param txid the transaction id, wire order
   * @return the Merkle root, wire order
   * @throws InvalidBitcoinDataException {@code AMBIGUOUS_MERKLE_PROOF} if the path passes through a
   *     duplicated last node on the right
   */
  public Hash256 rootFor(Hash256 txid) throws InvalidBitcoinDataException {
    Objects.requireNonNull(txid, "txid");
    Hash256 node = txid;
    long position = index;
    for (Hash256 sibling : siblings) {
      if ((position & 1) == 1) {
        if (sibling.equals(node)) {
          throw new InvalidBitcoinDataException(
              Reason.AMBIGUOUS_MERKLE_PROOF,
              "the path passes through a duplicated last node at index " + index);
        }
        node = TxMerkleTree.parent(sibling, node);
      } else {
        node = TxMerkleTree.parent(node, sibling);
      }
      position >>>= 1;
    }
    return node;
  }

  /**
   * Checks that this proof places {@code txid} under {@code merkleRoot}.
   *
   * @param txid the transaction id, wire order
   * @param merkleRoot the block header's Merkle root
   * @throws InvalidBitcoinDataException {@code BAD_MERKLE_PROOF} if it leads elsewhere, {@code
   *     AMBIGUOUS_MERKLE_PROOF} as {@link #rootFor}
   */
  public void verify(Hash256 txid, Hash256 merkleRoot) throws InvalidBitcoinDataException {
    Objects.requireNonNull(merkleRoot, "merkleRoot");
    Hash256 root = rootFor(txid);
    if (!root.equals(merkleRoot)) {
      throw new InvalidBitcoinDataException(
          Reason.BAD_MERKLE_PROOF, "proof leads to " + root + ", the block has " + merkleRoot);
    }
  }
}
