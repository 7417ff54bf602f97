package org.cybervein.ledger.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Function;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.store.StoreException;

/**
 * The state tree of {@link StateProof} over content-addressed nodes: a node is stored under its own
 * hash and never changed, so a new root shares every untouched subtree with the old one and every
 * old root stays readable as long as its nodes are kept.
 *
 * <p>Node encodings: a leaf is {@code 0x01 || key || value} (the value is kept in the leaf so that
 * an old root can be read, not only proved), an inner node {@code 0x02 || left || right}. The empty
 * subtree is not stored.
 */
final class SparseMerkleTree {
  private static final byte LEAF = 1;
  private static final byte INNER = 2;

  private final Function<Hash, Optional<Bytes>> nodes;

  /** A tree reading nodes through {@code nodes} (hash to encoding). */
  SparseMerkleTree(Function<Hash, Optional<Bytes>> nodes) {
    this.nodes = nodes;
  }

  /** A subtree, loaded or only referenced by its hash. */
  private sealed interface Node permits Empty, Leaf, Inner, Ref {
    Hash hash();
  }

  private record Empty() implements Node {
    @Override
    public Hash hash() {
      return TreeHash.EMPTY;
    }
  }

  private record Leaf(Hash key, byte[] keyBits, Bytes value, Hash hash) implements Node {}

  private record Inner(Hash left, Hash right, Hash hash) implements Node {}

  private record Ref(Hash hash) implements Node {}

  private static final Empty EMPTY = new Empty();

  /** One new entry (a put when the value is present, a delete when empty). */
  private record Change(Hash key, byte[] keyBits, Optional<Bytes> value) {}

  /**
   * The root after applying {@code changes} to the tree of {@code root}; the nodes the new tree
   * needs and the store may lack are added to {@code created} (hash to encoding).
   */
  Hash update(Hash root, SortedMap<Hash, Optional<Bytes>> changes, Map<Hash, Bytes> created) {
    List<Change> list = new ArrayList<>(changes.size());
    for (Map.Entry<Hash, Optional<Bytes>> e : changes.entrySet()) {
      list.add(new Change(e.getKey(), e.getKey().toByteArray(), e.getValue()));
    }
    Function<Hash, Optional<Bytes>> reader =
        h -> {
          Bytes fresh = created.get(h);
          return fresh != null ? Optional.of(fresh) : nodes.apply(h);
        };
    return update(ref(root), 0, list, 0, list.size(), created, reader).hash();
  }

  /** The value of {@code key} in the tree of {@code root}. */
  Optional<Bytes> get(Hash root, Hash key) {
    byte[] bits = key.toByteArray();
    Node node = load(ref(root), nodes);
    for (int depth = 0; ; depth++) {
      if (node instanceof Leaf l) {
        return l.key().equals(key) ? Optional.of(l.value()) : Optional.empty();
      }
      if (!(node instanceof Inner i)) {
        return Optional.empty();
      }
      node = load(ref(TreeHash.bit(bits, depth) == 0 ? i.left() : i.right()), nodes);
    }
  }

  /** The proof for {@code key} in the tree of {@code root}. */
  StateProof prove(Hash root, Hash key) {
    byte[] bits = key.toByteArray();
    List<Hash> siblings = new ArrayList<>();
    Node node = load(ref(root), nodes);
    for (int depth = 0; ; depth++) {
      if (node instanceof Leaf l) {
        return new StateProof(
            siblings, Optional.of(new StateProof.Leaf(l.key(), TreeHash.value(l.value()))));
      }
      if (!(node instanceof Inner i)) {
        return new StateProof(siblings, Optional.empty());
      }
      boolean left = TreeHash.bit(bits, depth) == 0;
      siblings.add(left ? i.right() : i.left());
      node = load(ref(left ? i.left() : i.right()), nodes);
    }
  }

  /** True if the tree of {@code root} can be read (its root node is stored). */
  boolean has(Hash root) {
    return root.equals(TreeHash.EMPTY) || nodes.apply(root).isPresent();
  }

  private Node update(
      Node node,
      int depth,
      List<Change> changes,
      int from,
      int to,
      Map<Hash, Bytes> created,
      Function<Hash, Optional<Bytes>> reader) {
    if (from == to) {
      return node;
    }
    node = load(node, reader);
    if (node instanceof Inner i) {
      int split = from;
      while (split < to && TreeHash.bit(changes.get(split).keyBits(), depth) == 0) {
        split++;
      }
      Node left = update(ref(i.left()), depth + 1, changes, from, split, created, reader);
      Node right = update(ref(i.right()), depth + 1, changes, split, to, created, reader);
      return combine(left, right, created, reader);
    }
    return build(depth, puts(changes, from, to, node instanceof Leaf l ? l : null), created);
  }

  /** The entries of a subtree that held at most {@code existing}, after the changes. */
  private static List<Leaf> puts(List<Change> changes, int from, int to, Leaf existing) {
    List<Leaf> out = new ArrayList<>(to - from + 1);
    boolean existingPlaced = existing == null;
    for (int k = from; k < to; k++) {
      Change c = changes.get(k);
      if (!existingPlaced) {
        int cmp = existing.key().compareTo(c.key());
        if (cmp < 0) {
          out.add(existing);
          existingPlaced = true;
        } else if (cmp == 0) {
          existingPlaced = true; // replaced or deleted by the change
        }
      }
      c.value().ifPresent(v -> out.add(leaf(c.key(), c.keyBits(), v)));
    }
    if (!existingPlaced) {
      out.add(existing);
    }
    return out;
  }

  /** The subtree at {@code depth} holding exactly {@code leaves} (sorted by key). */
  private static Node build(int depth, List<Leaf> leaves, Map<Hash, Bytes> created) {
    return build(depth, leaves, 0, leaves.size(), created);
  }

  private static Node build(int depth, List<Leaf> leaves, int from, int to, Map<Hash, Bytes> out) {
    if (from == to) {
      return EMPTY;
    }
    if (to - from == 1) {
      Leaf l = leaves.get(from);
      out.put(l.hash(), encodeLeaf(l));
      return l;
    }
    int split = from;
    while (split < to && TreeHash.bit(leaves.get(split).keyBits(), depth) == 0) {
      split++;
    }
    Node left = build(depth + 1, leaves, from, split, out);
    Node right = build(depth + 1, leaves, split, to, out);
    return inner(left.hash(), right.hash(), out);
  }

  /** Joins two halves, cutting the subtree short when it holds one entry or none. */
  private Node combine(
      Node left, Node right, Map<Hash, Bytes> created, Function<Hash, Optional<Bytes>> reader) {
    if (left.hash().equals(TreeHash.EMPTY)) {
      Node r = load(right, reader);
      if (r instanceof Empty || r instanceof Leaf) {
        return r;
      }
    } else if (right.hash().equals(TreeHash.EMPTY)) {
      Node l = load(left, reader);
      if (l instanceof Leaf) {
        return l;
      }
    }
    return inner(left.hash(), right.hash(), created);
  }

  private static Inner inner(Hash left, Hash right, Map<Hash, Bytes> out) {
    Inner node = new Inner(left, right, TreeHash.inner(left, right));
    byte[] enc = new byte[1 + 2 * Hash.SIZE];
    enc[0] = INNER;
    left.copyTo(enc, 1);
    right.copyTo(enc, 1 + Hash.SIZE);
    out.put(node.hash(), Bytes.of(enc));
    return node;
  }

  private static Leaf leaf(Hash key, byte[] keyBits, Bytes value) {
    return new Leaf(key, keyBits, value, TreeHash.leaf(key, TreeHash.value(value)));
  }

  private static Bytes encodeLeaf(Leaf l) {
    byte[] enc = new byte[1 + Hash.SIZE + l.value().size()];
    enc[0] = LEAF;
    l.key().copyTo(enc, 1);
    l.value().copyTo(enc, 1 + Hash.SIZE);
    return Bytes.of(enc);
  }

  private static Node ref(Hash hash) {
    return hash.equals(TreeHash.EMPTY) ? EMPTY : new Ref(hash);
  }

  private static Node load(Node node, Function<Hash, Optional<Bytes>> reader) {
    if (!(node instanceof Ref r)) {
      return node;
    }
    Bytes enc =
        reader
            .apply(r.hash())
            .orElseThrow(() -> new StoreException("state tree node " + r.hash() + " is missing"));
    byte[] b = enc.toByteArray();
    if (b.length >= 1 + Hash.SIZE && b[0] == LEAF) {
      Hash key = Hash.of(b, 1);
      return new Leaf(key, key.toByteArray(), enc.slice(1 + Hash.SIZE, b.length), r.hash());
    }
    if (b.length == 1 + 2 * Hash.SIZE && b[0] == INNER) {
      return new Inner(Hash.of(b, 1), Hash.of(b, 1 + Hash.SIZE), r.hash());
    }
    throw new StoreException("state tree node " + r.hash() + " is corrupt");
  }
}
