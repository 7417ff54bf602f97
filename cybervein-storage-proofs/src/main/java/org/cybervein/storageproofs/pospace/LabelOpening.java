package org.cybervein.storageproofs.pospace;

import java.util.Objects;
import org.cybervein.api.Hash;
import org.cybervein.crypto.merkle.MerkleProof;

/**
 * One opened label, an answer a_j of Algorithms 2 and 3: the label l_v of node v and its RFC 6962
 * audit path in the Merkle tree of the n labels. The label itself is the leaf hash (labels are
 * tagged hashes whose input starts with the tag's length byte 0x1f, never 0x00 or 0x01, so they
 * cannot be mistaken for the tree's interior nodes).
 *
 * @param label the label l_v
 * @param path the audit path of leaf v in the tree of n leaves
 */
public record LabelOpening(Hash label, MerkleProof path) {
  /**
   * Checks that both parts are present.
   *
   * @param label the label l_v
   * @param path the audit path of leaf v in the tree of n leaves
   */
  public LabelOpening {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(path, "path");
  }

  /**
   * The node v this opening is for.
   *
   * @return the node index v
   */
  public long index() {
    return path.leafIndex();
  }

  /**
   * True if the label is leaf {@code index} of the tree of {@code nodeCount} leaves with root
   * {@code gamma}; the caller passes the index it challenged and the committed size.
   *
   * @param gamma the committed Merkle root
   * @param nodeCount the committed number of labels n
   * @param index the challenged node index
   * @return true if the audit path leads from the label to {@code gamma} at {@code index}
   */
  public boolean verifies(Hash gamma, long nodeCount, long index) {
    return path.verify(gamma, nodeCount, index, label);
  }
}
