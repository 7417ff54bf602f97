package org.cybervein.storageproofs.compactpor;

import java.util.Objects;

/**
 * The result of {@link CompactPor#tag}: the tags for the storage node and the verifier's state.
 *
 * @param tags the authenticators, sent with the file to the storage node
 * @param state what the verifier keeps
 */
public record CompactPorEncoding(CompactPorTags tags, CompactPorFileState state) {
  /**
   * Checks that no field is null.
   *
   * @param tags the authenticators, sent with the file to the storage node
   * @param state what the verifier keeps
   */
  public CompactPorEncoding {
    Objects.requireNonNull(tags, "tags");
    Objects.requireNonNull(state, "state");
  }
}
