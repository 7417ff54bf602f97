package org.cybervein.ledger.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.v1.LedgerProto;
import org.cybervein.api.wire.v1.TypesProto;
import org.cybervein.crypto.CanonicalMessage;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;

/**
 * A proof that a state key has a given value, or has none, under a state root: the path from the
 * root of the state's sparse Merkle tree down to the subtree where the key lives.
 *
 * <h2>The state tree</h2>
 *
 * The state is a map from 256-bit keys ({@link StateKeys}) to byte values. Its tree is the binary
 * trie over the key bits, most significant bit of the first byte first, 0 to the left, in which
 * every subtree holding at most one entry is cut short. The hash of a subtree is
 *
 * <ul>
 *   <li>{@code EMPTY = 32 zero bytes} if it holds no entry;
 *   <li>{@code leaf(k, v) = SHA-256(tag("cybervein/ledger/smt/leaf/v1") || k || valueHash(v))} if
 *       it holds exactly the entry {@code (k, v)}, at whatever depth, with {@code valueHash(v) =
 *       SHA-256(tag("cybervein/ledger/smt/value/v1") || v)};
 *   <li>{@code inner(l, r) = SHA-256(tag("cybervein/ledger/smt/inner/v1") || l || r)} over the
 *       hashes of its two halves if it holds two entries or more.
 * </ul>
 *
 * Tags are encoded as in {@code DomainTag} (a length byte, then ASCII). The root is the hash of the
 * whole tree, so the empty state has root {@code EMPTY}. Because leaves and inner nodes hash under
 * different tags, and a leaf hash covers its full key, no leaf can stand in for a subtree or sit at
 * a position its key does not lead to.
 *
 * <h2>The proof</h2>
 *
 * {@link #siblings()} are the hashes of the other halves along the key's path, from the root down
 * ({@code siblings.get(d)} is the sibling at depth {@code d}); {@link #leaf()} is what the path
 * ends in at depth {@code siblings.size()}: the empty subtree, or a single leaf given by its key
 * and value hash. It proves the value {@code v} of key {@code k} when the leaf is {@code (k,
 * valueHash(v))}, and the absence of {@code k} when the path ends in the empty subtree or in the
 * leaf of another key that shares the path's first {@code siblings.size()} bits with {@code k}.
 */
public record StateProof(List<Hash> siblings, Optional<Leaf> leaf) {
  /** The most siblings a path can have: one per key bit. */
  public static final int MAX_DEPTH = 256;

  /** The largest encoded proof {@link #decode} accepts. */
  public static final int MAX_ENCODED_SIZE = MAX_DEPTH * (Hash.SIZE + 4) + 256;

  /**
   * The single leaf a path ends in.
   *
   * @param key the leaf's state key
   * @param valueHash the hash of its value
   */
  public record Leaf(Hash key, Hash valueHash) {
    /**
     * Rejects null parts.
     *
     * @param key the state key of the single entry the path ends in
     * @param valueHash {@link StateProof#valueHash} of that entry's value
     * @throws NullPointerException if a part is null
     */
    public Leaf {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(valueHash, "valueHash");
    }
  }

  /**
   * Copies the siblings.
   *
   * @param siblings the hashes of the other halves along the key's path, from the root down; at
   *     most {@link #MAX_DEPTH}; copied
   * @param leaf the single leaf the path ends in, or empty if it ends in an empty subtree
   * @throws IllegalArgumentException if there are more than {@link #MAX_DEPTH} siblings
   * @throws NullPointerException if {@code siblings}, a sibling or {@code leaf} is null
   */
  public StateProof {
    siblings = List.copyOf(siblings);
    Objects.requireNonNull(leaf, "leaf");
    if (siblings.size() > MAX_DEPTH) {
      throw new IllegalArgumentException("a path has at most 256 siblings");
    }
  }

  /**
   * The value hash of {@code value}, as leaves carry it.
   *
   * @param value an entry's value, any length
   * @return {@code SHA-256(tag("cybervein/ledger/smt/value/v1") || value)}
   * @throws NullPointerException if {@code value} is null
   */
  public static Hash valueHash(Bytes value) {
    return TreeHash.value(Objects.requireNonNull(value, "value"));
  }

  /**
   * Checks this proof.
   *
   * @param root the state root it must lead to, e.g. from a block header
   * @param stateKey the key asked about
   * @param value the value claimed, or empty to claim the key has none
   * @return true if the proof shows exactly that under {@code root}
   */
  public boolean verify(Hash root, Hash stateKey, Optional<Bytes> value) {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(stateKey, "stateKey");
    Objects.requireNonNull(value, "value");
    byte[] key = stateKey.toByteArray();
    int depth = siblings.size();
    Hash h;
    if (value.isPresent()) {
      if (leaf.isEmpty()
          || !leaf.get().key().equals(stateKey)
          || !leaf.get().valueHash().equals(TreeHash.value(value.get()))) {
        return false;
      }
      h = TreeHash.leaf(stateKey, leaf.get().valueHash());
    } else if (leaf.isEmpty()) {
      h = TreeHash.EMPTY;
    } else {
      Leaf other = leaf.get();
      if (other.key().equals(stateKey) || !sharesPrefix(key, other.key().toByteArray(), depth)) {
        return false;
      }
      h = TreeHash.leaf(other.key(), other.valueHash());
    }
    for (int d = depth - 1; d >= 0; d--) {
      Hash sibling = siblings.get(d);
      h = TreeHash.bit(key, d) == 0 ? TreeHash.inner(h, sibling) : TreeHash.inner(sibling, h);
    }
    return h.equals(root);
  }

  /**
   * The canonical encoding ({@code LedgerStateProof}).
   *
   * @return the protobuf bytes that {@link #decode} reads back to an equal proof
   */
  public Bytes encode() {
    return Bytes.of(toProto().toByteArray());
  }

  private LedgerProto.LedgerStateProof toProto() {
    LedgerProto.LedgerStateProof.Builder b = LedgerProto.LedgerStateProof.newBuilder();
    for (Hash s : siblings) {
      b.addSiblings(ApiTypesCodec.toProto(s));
    }
    leaf.ifPresent(
        l ->
            b.setLeaf(
                LedgerProto.LedgerStateProofLeaf.newBuilder()
                    .setKey(ApiTypesCodec.toProto(l.key()))
                    .setValueHash(ApiTypesCodec.toProto(l.valueHash()))));
    return b.build();
  }

  /**
   * Decodes a proof received from outside. Decoding does not verify it; {@link #verify} does.
   *
   * @param encoded untrusted bytes, meant to be a canonical {@code LedgerStateProof}
   * @return the proof they encode, not yet verified
   * @throws InvalidLedgerInputException {@code OVERSIZED} above {@link #MAX_ENCODED_SIZE} bytes or
   *     {@link #MAX_DEPTH} siblings, {@code MALFORMED} if it is not the canonical encoding of a
   *     proof with 32-byte hashes
   */
  public static StateProof decode(Bytes encoded) throws InvalidLedgerInputException {
    Objects.requireNonNull(encoded, "encoded");
    LedgerProto.LedgerStateProof p;
    try {
      p =
          CanonicalMessage.parse(
              encoded,
              MAX_ENCODED_SIZE,
              2 * MAX_DEPTH + 16,
              LedgerProto.LedgerStateProof.getDefaultInstance());
    } catch (InvalidCryptoInputException e) {
      throw new InvalidLedgerInputException(
          e.reason() == InvalidCryptoInputException.Reason.OVERSIZED
              ? Reason.OVERSIZED
              : Reason.MALFORMED,
          "state proof: " + e.getMessage(),
          e);
    }
    if (p.getSiblingsCount() > MAX_DEPTH) {
      throw new InvalidLedgerInputException(Reason.OVERSIZED, "more than 256 siblings");
    }
    try {
      List<Hash> siblings = new ArrayList<>(p.getSiblingsCount());
      for (TypesProto.Hash s : p.getSiblingsList()) {
        siblings.add(ApiTypesCodec.fromProto(s));
      }
      Optional<Leaf> leaf = Optional.empty();
      if (p.hasLeaf()) {
        LedgerProto.LedgerStateProofLeaf l = p.getLeaf();
        if (!l.hasKey() || !l.hasValueHash()) {
          throw new InvalidLedgerInputException(Reason.MALFORMED, "proof leaf without key or hash");
        }
        leaf =
            Optional.of(
                new Leaf(
                    ApiTypesCodec.fromProto(l.getKey()),
                    ApiTypesCodec.fromProto(l.getValueHash())));
      }
      return new StateProof(siblings, leaf);
    } catch (InvalidEncodingException e) {
      throw new InvalidLedgerInputException(Reason.MALFORMED, "state proof: " + e.getMessage(), e);
    }
  }

  private static boolean sharesPrefix(byte[] a, byte[] b, int bits) {
    for (int d = 0; d < bits; d++) {
      if (TreeHash.bit(a, d) != TreeHash.bit(b, d)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "StateProof[depth " + siblings.size() + (leaf.isPresent() ? ", leaf" : ", empty") + "]";
  }
}
