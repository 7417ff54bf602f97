package org.cybervein.storageproofs.por;

import java.util.Objects;
import org.cybervein.api.Bytes;

/**
 * The result of {@link SentinelPor#encode}: the file to hand to the storage node and the state the
 * verifier keeps.
 *
 * @param stored the encrypted, coded, sentinel-bearing, permuted file ({@code 16 (n + s)} bytes)
 * @param state the verifier's state for this file
 */
public record SentinelEncoding(Bytes stored, SentinelFileState state) {
  /**
   * Checks that no field is null.
   *
   * @param stored the encrypted, coded, sentinel-bearing, permuted file ({@code 16 (n + s)} bytes)
   * @param state the verifier's state for this file
   */
  public SentinelEncoding {
    Objects.requireNonNull(stored, "stored");
    Objects.requireNonNull(state, "state");
  }
}
