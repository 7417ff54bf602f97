package org.cybervein.ledger.block;

import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;

/** The tagged hashes of blocks; one tag per use so no digest can stand for another. */
final class BlockDigests {
  static final DomainTag BLOCK_ID = DomainTag.of("cybervein/ledger/block-id/v1");
  static final DomainTag TAU = DomainTag.of("cybervein/ledger/tau/v1");
  static final DomainTag SIGMA = DomainTag.of("cybervein/ledger/sigma/v1");
  static final DomainTag ANSWER = DomainTag.of("cybervein/ledger/pos-answer/v1");
  static final DomainTag SIGN_PARENT = DomainTag.of("cybervein/ledger/sign-phi-parent/v1");
  static final DomainTag SIGN_TAU = DomainTag.of("cybervein/ledger/sign-tau/v1");
  static final DomainTag SIGN_PREVIOUS = DomainTag.of("cybervein/ledger/sign-sigma-previous/v1");

  private BlockDigests() {}

  static Hash of(DomainTag tag, Bytes bytes) {
    return HashFunction.SHA256.hash(tag, bytes);
  }

  /** What a signature of {@code tag} over these parts signs: their tagged hash. */
  static Bytes signingInput(DomainTag tag, long index, Hash first, Hash second) {
    return HashFunction.SHA256
        .newHasher(tag)
        .updateLong(index)
        .update(first)
        .update(second)
        .digest()
        .toBytes();
  }
}
