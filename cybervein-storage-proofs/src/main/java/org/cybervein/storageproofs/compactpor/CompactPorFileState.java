package org.cybervein.storageproofs.compactpor;

import java.util.Objects;
import org.cybervein.api.Hash;

/**
 * What the compact POR verifier keeps per file besides its key; it never changes, so audits are
 * unbounded.
 *
 * @param fileId the file's id (it salts the per-file secrets)
 * @param fileSize the file's size in bytes, at least 1
 * @param sectorsPerBlock {@code s}, 1 to {@value CompactPor#MAX_SECTORS}
 */
public record CompactPorFileState(Hash fileId, long fileSize, int sectorsPerBlock) {
  /**
   * Checks the numbers.
   *
   * @param fileId the file's id (it salts the per-file secrets)
   * @param fileSize the file's size in bytes, at least 1
   * @param sectorsPerBlock {@code s}, 1 to {@value CompactPor#MAX_SECTORS}
   */
  public CompactPorFileState {
    Objects.requireNonNull(fileId, "fileId");
    if (fileSize < 1) {
      throw new IllegalArgumentException("file size must be positive");
    }
    if (sectorsPerBlock < 1 || sectorsPerBlock > CompactPor.MAX_SECTORS) {
      throw new IllegalArgumentException(
          "sectorsPerBlock outside [1, " + CompactPor.MAX_SECTORS + "]");
    }
    if (CompactPor.blocks(fileSize, sectorsPerBlock) > CompactPor.MAX_BLOCKS) {
      throw new IllegalArgumentException("more than " + CompactPor.MAX_BLOCKS + " blocks");
    }
  }

  /**
   * The number of blocks {@code n}.
   *
   * @return n, {@code ceil(fileSize / (15 s))}
   */
  public long blocks() {
    return CompactPor.blocks(fileSize, sectorsPerBlock);
  }
}
