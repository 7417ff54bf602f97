package org.cybervein.dag.unit;

import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.crypto.merkle.MerkleTree;

/**
 * What a validator checked about one upload: the upload's content hash, the hash of its tag list
 * (the proof-of-data-possession tags) and the globally unique verification id.
 *
 * @param contentHash plain SHA-256 of the uploaded content
 * @param tagListHash hash of the upload's tag list
 * @param verificationId the id of this verification; accepted in at most one unit
 */
public record VerificationRecord(Hash contentHash, Hash tagListHash, Hash verificationId) {
  /** Size of {@link #leafData()}: three hashes. */
  public static final int LEAF_SIZE = 3 * Hash.SIZE;

  /**
   * Rejects null components.
   *
   * @param contentHash plain SHA-256 of the uploaded content
   * @param tagListHash hash of the upload's tag list
   * @param verificationId the id of this verification; accepted in at most one unit
   */
  public VerificationRecord {
    Objects.requireNonNull(contentHash, "contentHash");
    Objects.requireNonNull(tagListHash, "tagListHash");
    Objects.requireNonNull(verificationId, "verificationId");
  }

  /**
   * The Merkle leaf data: {@code contentHash || tagListHash || verificationId}.
   *
   * @return the 96 bytes of the leaf
   */
  public Bytes leafData() {
    return Bytes.of(leafArray());
  }

  /**
   * The domain-separated Merkle leaf hash of {@link #leafData()}.
   *
   * @return the leaf hash
   */
  public Hash leafHash() {
    return MerkleTree.leafHash(leafArray());
  }

  private byte[] leafArray() {
    byte[] out = new byte[LEAF_SIZE];
    contentHash.copyTo(out, 0);
    tagListHash.copyTo(out, Hash.SIZE);
    verificationId.copyTo(out, 2 * Hash.SIZE);
    return out;
  }
}
