package org.cybervein.dag.store;

import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.crypto.hash.HashFunction;

/** Named test hashes. */
final class TestHashes {
  private TestHashes() {}

  static Hash hash(String name) {
    return HashFunction.untaggedSha256(Bytes.utf8(name).toByteArray());
  }
}
