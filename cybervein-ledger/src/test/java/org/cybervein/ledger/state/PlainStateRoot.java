package org.cybervein.ledger.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.crypto.hash.HashFunction;

/**
 * The baseline the state tree is tested against: the root recomputed from scratch from a plain
 * sorted map by the definition in {@link StateProof}, with no stored nodes, no incremental update
 * and no shortcuts beyond the definition itself.
 */
final class PlainStateRoot {
  private PlainStateRoot() {}

  static Hash root(SortedMap<Hash, Bytes> entries) {
    List<Map.Entry<Hash, Bytes>> list = new ArrayList<>(entries.entrySet());
    return subtree(list, 0);
  }

  private static Hash subtree(List<Map.Entry<Hash, Bytes>> entries, int depth) {
    if (entries.isEmpty()) {
      return Hash.ZERO;
    }
    if (entries.size() == 1) {
      Map.Entry<Hash, Bytes> e = entries.get(0);
      Hash valueHash = HashFunction.SHA256.hash(TreeHash.VALUE, e.getValue());
      return HashFunction.SHA256.hash(
          TreeHash.LEAF, e.getKey().toByteArray(), valueHash.toByteArray());
    }
    List<Map.Entry<Hash, Bytes>> left = new ArrayList<>();
    List<Map.Entry<Hash, Bytes>> right = new ArrayList<>();
    for (Map.Entry<Hash, Bytes> e : entries) {
      byte b = e.getKey().toByteArray()[depth / 8];
      boolean one = (b & (0x80 >>> (depth % 8))) != 0;
      (one ? right : left).add(e);
    }
    return HashFunction.SHA256.hash(
        TreeHash.INNER,
        subtree(left, depth + 1).toByteArray(),
        subtree(right, depth + 1).toByteArray());
  }
}
