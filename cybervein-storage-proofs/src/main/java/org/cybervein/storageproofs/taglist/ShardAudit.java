package org.cybervein.storageproofs.taglist;

import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.InvalidStorageProofException.Reason;

/**
 * The super node's audit of a storage node: ask for random shards ({@link
 * ShardAuditChallenge#random}) and check each returned {@code (f_i, r_i)} against {@code h(i)} in
 * the uploader's signed tag list.
 *
 * <p>If a node has lost a fraction {@code eps} of the file's shards, an audit of {@code q} distinct
 * shards misses every lost one with probability at most {@code (1 - eps)^q}. Each audit moves the
 * asked shards over the network; the sentinel and compact proofs of retrievability (packages {@code
 * por} and {@code pdp}) are the economical audits of large files.
 */
public final class ShardAudit {
  private ShardAudit() {}

  /**
   * Checks an answer against the challenge and the tag list.
   *
   * @param tags the file's tag list
   * @param challenge the challenge sent
   * @param response the storage node's answer
   * @throws InvalidStorageProofException {@link Reason#WRONG_CHALLENGE} if the answer is for
   *     another file, nonce or set of shards, {@link Reason#PROOF_MISMATCH} if a shard's size or
   *     tag is wrong
   */
  public static void verify(
      TagList tags, ShardAuditChallenge challenge, ShardAuditResponse response)
      throws InvalidStorageProofException {
    if (!challenge.fileId().equals(tags.fileId())) {
      throw new IllegalArgumentException("the challenge is for another file than the tag list");
    }
    if (!response.fileId().equals(challenge.fileId())
        || !response.nonce().equals(challenge.nonce())) {
      throw new InvalidStorageProofException(
          Reason.WRONG_CHALLENGE, "response is for another file or audit");
    }
    if (response.openings().size() != challenge.indices().size()) {
      throw new InvalidStorageProofException(
          Reason.WRONG_CHALLENGE,
          "asked for " + challenge.indices().size() + " shards, got " + response.openings().size());
    }
    for (int k = 0; k < response.openings().size(); k++) {
      int index = challenge.indices().get(k);
      if (index >= tags.entries().size()) {
        throw new IllegalArgumentException("challenge index " + index + " is not in the file");
      }
      checkOpening(tags, index, response.openings().get(k));
    }
  }

  static void checkOpening(TagList tags, int index, Shard opening)
      throws InvalidStorageProofException {
    if (opening.index() != index) {
      throw new InvalidStorageProofException(
          Reason.WRONG_CHALLENGE, "expected shard " + index + ", got " + opening.index());
    }
    if (opening.data().size() != tags.shardLength(index)) {
      throw new InvalidStorageProofException(
          Reason.PROOF_MISMATCH, "shard " + index + " has the wrong size");
    }
    if (!opening.tag().equals(tags.entries().get(index).tag())) {
      throw new InvalidStorageProofException(
          Reason.PROOF_MISMATCH, "shard " + index + " does not match h(" + index + ")");
    }
  }
}
