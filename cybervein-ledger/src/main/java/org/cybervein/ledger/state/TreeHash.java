package org.cybervein.ledger.state;

import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;

/**
 * The hashes of the state tree, documented in {@link StateProof}. Leaves, inner nodes and values
 * each have their own tag, so a leaf can never be passed off as an inner node or the other way
 * round.
 */
final class TreeHash {
  static final DomainTag LEAF = DomainTag.of("cybervein/ledger/smt/leaf/v1");
  static final DomainTag INNER = DomainTag.of("cybervein/ledger/smt/inner/v1");
  static final DomainTag VALUE = DomainTag.of("cybervein/ledger/smt/value/v1");

  /** The hash of the empty subtree. */
  static final Hash EMPTY = Hash.ZERO;

  private TreeHash() {}

  static Hash value(Bytes value) {
    return HashFunction.SHA256.hash(VALUE, value);
  }

  static Hash leaf(Hash key, Hash valueHash) {
    return HashFunction.SHA256.newHasher(LEAF).update(key).update(valueHash).digest();
  }

  static Hash inner(Hash left, Hash right) {
    return HashFunction.SHA256.newHasher(INNER).update(left).update(right).digest();
  }

  /** Bit {@code depth} of {@code key}, most significant bit of the first byte first: 0 is left. */
  static int bit(Hash key, int depth) {
    return bit(key.toByteArray(), depth);
  }

  static int bit(byte[] key, int depth) {
    return (key[depth >>> 3] >>> (7 - (depth & 7))) & 1;
  }
}
