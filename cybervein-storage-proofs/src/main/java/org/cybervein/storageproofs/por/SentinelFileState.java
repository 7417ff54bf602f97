package org.cybervein.storageproofs.por;

import java.util.Objects;
import org.cybervein.api.Hash;

/**
 * What a sentinel POR verifier keeps per file besides its key: a few numbers and a digest.
 *
 * @param fileId the file's id (chosen by the verifier, e.g. its content hash; it salts the keys)
 * @param fileSize the original file's size in bytes, at least 1
 * @param dataBlocks {@code n}, the number of 16-byte blocks of the encrypted, coded file
 * @param sentinels {@code s}, the number of sentinel blocks
 * @param nextSentinel the first sentinel not yet revealed by a challenge
 * @param contentDigest the original file's digest, checked after extraction
 */
public record SentinelFileState(
    Hash fileId,
    long fileSize,
    long dataBlocks,
    int sentinels,
    int nextSentinel,
    Hash contentDigest) {
  /**
   * Checks the numbers.
   *
   * @param fileId the file's id (chosen by the verifier, e.g. its content hash; it salts the keys)
   * @param fileSize the original file's size in bytes, at least 1
   * @param dataBlocks {@code n}, the number of 16-byte blocks of the encrypted, coded file
   * @param sentinels {@code s}, the number of sentinel blocks
   * @param nextSentinel the first sentinel not yet revealed by a challenge
   * @param contentDigest the original file's digest, checked after extraction
   */
  public SentinelFileState {
    Objects.requireNonNull(fileId, "fileId");
    Objects.requireNonNull(contentDigest, "contentDigest");
    if (fileSize < 1 || dataBlocks < 1 || sentinels < 1) {
      throw new IllegalArgumentException("sizes and counts must be positive");
    }
    if (nextSentinel < 0 || nextSentinel > sentinels) {
      throw new IllegalArgumentException("nextSentinel outside [0, " + sentinels + "]");
    }
  }

  /**
   * All blocks of the stored file, {@code n + s}.
   *
   * @return n + s
   */
  public long storedBlocks() {
    return dataBlocks + sentinels;
  }

  /**
   * Sentinels left for future challenges; each challenge spends the ones it reveals.
   *
   * @return the count of unspent sentinels
   */
  public int sentinelsLeft() {
    return sentinels - nextSentinel;
  }

  SentinelFileState spend(int q) {
    return new SentinelFileState(
        fileId, fileSize, dataBlocks, sentinels, nextSentinel + q, contentDigest);
  }
}
