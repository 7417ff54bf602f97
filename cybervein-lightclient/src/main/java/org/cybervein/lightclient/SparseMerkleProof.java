package org.cybervein.lightclient;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.CanonicalParser;
import org.cybervein.api.wire.v1.LedgerProto;
import org.cybervein.api.wire.v1.TypesProto;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.lightclient.InvalidLightClientInputException.Reason;

/**
 * A path in the ledger's sparse Merkle state tree ({@code cybervein.v1.LedgerStateProof}): the
 * sibling hashes from the root down and what the path ends in, the empty subtree or one leaf.
 *
 * <p>The tree is the binary trie over the 256 key bits (most significant bit of the first byte
 * first, 0 left) in which every subtree of at most one entry is cut short:
 *
 * <pre>
 *   empty        = 32 zero bytes
 *   valueHash(v) = TH("cybervein/ledger/smt/value/v1", v)
 *   leaf(k, v)   = TH("cybervein/ledger/smt/leaf/v1",  k || valueHash(v))
 *   inner(l, r)  = TH("cybervein/ledger/smt/inner/v1", l || r)
 * </pre>
 *
 * A proof shows value {@code v} of key {@code k} when it ends in leaf {@code (k, valueHash(v))},
 * and absence of {@code k} when it ends empty or in the leaf of another key sharing the path's
 * prefix; either way hashing up the siblings must give the root.
 *
 * @param siblings the other halves along the path, root first; at most {@link #MAX_DEPTH}
 * @param leaf the single leaf the path ends in, or empty for an empty subtree
 */
public record SparseMerkleProof(List<Hash> siblings, Optional<Leaf> leaf) {
  /** The most siblings: one per key bit. */
  public static final int MAX_DEPTH = 256;

  /** The largest encoding decoded. */
  public static final int MAX_ENCODED_SIZE = MAX_DEPTH * (Hash.SIZE + 4) + 256;

  /** Tag of leaf hashes. */
  public static final DomainTag LEAF_TAG = DomainTag.of("cybervein/ledger/smt/leaf/v1");

  /** Tag of inner node hashes. */
  public static final DomainTag INNER_TAG = DomainTag.of("cybervein/ledger/smt/inner/v1");

  /** Tag of value hashes. */
  public static final DomainTag VALUE_TAG = DomainTag.of("cybervein/ledger/smt/value/v1");

  private static final CanonicalParser<LedgerProto.LedgerStateProof> PARSER =
      CanonicalParser.of(
              LedgerProto.LedgerStateProof.getDefaultInstance(),
              MAX_ENCODED_SIZE,
              2 * MAX_DEPTH + 16)
          .withMaxRepeats(
              LedgerProto.LedgerStateProof.getDescriptor().findFieldByName("siblings"), MAX_DEPTH);

  /**
   * The single leaf a path ends in.
   *
   * @param key its state key
   * @param valueHash the hash of its value
   */
  public record Leaf(Hash key, Hash valueHash) {
    /**
     * Rejects nulls.
     *
     * @param key its state key
     * @param valueHash the hash of its value
     */
    public Leaf {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(valueHash, "valueHash");
    }
  }

  /**
   * Copies the siblings and checks the depth.
   *
   * @param siblings the other halves along the path, root first
   * @param leaf the leaf the path ends in, or empty
   * @throws IllegalArgumentException above {@link #MAX_DEPTH} siblings
   */
  public SparseMerkleProof {
    siblings = List.copyOf(siblings);
    Objects.requireNonNull(leaf, "leaf");
    if (siblings.size() > MAX_DEPTH) {
      throw new IllegalArgumentException("a path has at most 256 siblings");
    }
  }

  /**
   * Decodes a proof from outside; decoding does not verify it.
   *
   * @param encoded untrusted bytes, meant to be a canonical {@code LedgerStateProof}
   * @return the proof
   * @throws InvalidLightClientInputException {@code OVERSIZED}, {@code NON_CANONICAL} or {@code
   *     MALFORMED} (hashes of another length, a leaf without key or value hash)
   */
  public static SparseMerkleProof decode(Bytes encoded) throws InvalidLightClientInputException {
    Objects.requireNonNull(encoded, "encoded");
    LedgerProto.LedgerStateProof p;
    try {
      p = PARSER.parse(encoded);
    } catch (InvalidEncodingException e) {
      throw LedgerHeader.fromEncoding("state proof", e);
    }
    try {
      List<Hash> siblings = new ArrayList<>(p.getSiblingsCount());
      for (TypesProto.Hash s : p.getSiblingsList()) {
        siblings.add(ApiTypesCodec.fromProto(s));
      }
      Optional<Leaf> leaf = Optional.empty();
      if (p.hasLeaf()) {
        if (!p.getLeaf().hasKey() || !p.getLeaf().hasValueHash()) {
          throw new InvalidLightClientInputException(
              Reason.MALFORMED, "a proof leaf needs a key and a value hash");
        }
        leaf =
            Optional.of(
                new Leaf(
                    ApiTypesCodec.fromProto(p.getLeaf().getKey()),
                    ApiTypesCodec.fromProto(p.getLeaf().getValueHash())));
      }
      return new SparseMerkleProof(siblings, leaf);
    } catch (InvalidEncodingException e) {
      throw new InvalidLightClientInputException(
          Reason.MALFORMED, "state proof: " + e.getMessage(), e);
    }
  }

  /**
   * {@code valueHash(v)}.
   *
   * @param value an entry's value
   * @return its value hash
   */
  public static Hash valueHash(Bytes value) {
    return HashFunction.SHA256.hash(VALUE_TAG, Objects.requireNonNull(value, "value"));
  }

  /**
   * Whether this proof shows that {@code key} has {@code value} (or none) under {@code root}.
   *
   * @param root the trusted state root
   * @param key the state key asked about
   * @param value the value claimed, or empty to claim absence
   * @return true exactly when the proof shows that
   */
  public boolean proves(Hash root, Hash key, Optional<Bytes> value) {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    int depth = siblings.size();
    Hash node;
    if (value.isPresent()) {
      if (leaf.isEmpty()
          || !leaf.get().key().equals(key)
          || !leaf.get().valueHash().equals(valueHash(value.get()))) {
        return false;
      }
      node = leafHash(key, leaf.get().valueHash());
    } else if (leaf.isEmpty()) {
      node = Hash.ZERO;
    } else {
      Leaf other = leaf.get();
      // Another key's leaf proves absence only where the asked key's path would end.
      if (other.key().equals(key) || !samePrefix(key, other.key(), depth)) {
        return false;
      }
      node = leafHash(other.key(), other.valueHash());
    }
    for (int d = depth - 1; d >= 0; d--) {
      Hash sibling = siblings.get(d);
      node = bit(key, d) == 0 ? innerHash(node, sibling) : innerHash(sibling, node);
    }
    return node.equals(root);
  }

  private static Hash leafHash(Hash key, Hash valueHash) {
    return HashFunction.SHA256.newHasher(LEAF_TAG).update(key).update(valueHash).digest();
  }

  private static Hash innerHash(Hash left, Hash right) {
    return HashFunction.SHA256.newHasher(INNER_TAG).update(left).update(right).digest();
  }

  private static int bit(Hash key, int depth) {
    return (key.toByteArray()[depth >>> 3] >>> (7 - (depth & 7))) & 1;
  }

  private static boolean samePrefix(Hash a, Hash b, int bits) {
    for (int d = 0; d < bits; d++) {
      if (bit(a, d) != bit(b, d)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "SparseMerkleProof[depth " + siblings.size() + (leaf.isPresent() ? ", leaf]" : "]");
  }
}
