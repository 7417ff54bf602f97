package org.cybervein.consensus.pbft;

import java.util.Objects;
import org.cybervein.api.Hash;

/**
 * What a verified checkpoint certificate proves: 2f + 1 replicas signed that after executing log
 * {@code sequence} their state had digest {@code stateDigest}, so every log up to it is stable.
 * Returned by {@link CheckpointCertificateVerifier#verify}.
 *
 * @param sequence n, a multiple of the checkpoint interval K; 0 is the genesis state
 * @param stateDigest d, the digest of the replicated state (snapshot) after log n
 */
public record StableCheckpoint(long sequence, Hash stateDigest) {
  /**
   * Rejects a negative sequence number and a null digest.
   *
   * @param sequence n, zero or more
   * @param stateDigest d
   * @throws IllegalArgumentException if {@code sequence} is negative
   * @throws NullPointerException if {@code stateDigest} is null
   */
  public StableCheckpoint {
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must not be negative, got " + sequence);
    }
    Objects.requireNonNull(stateDigest, "stateDigest");
  }
}
