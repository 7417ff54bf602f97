package org.cybervein.dag.certification;

import java.util.Optional;

/**
 * Where the DAG learns of checkpoints: the blockchain layer implements this (a block's hash
 * sub-block commits to a DAG frontier), {@link InMemoryCheckpointSource} stands in for it in tests
 * and simulations. Implementations answer from what they have already agreed on; they never block.
 */
public interface CheckpointSource {
  /**
   * The checkpoint numbered {@code number}, if it exists yet.
   *
   * @param number the checkpoint number, from 0
   * @return the checkpoint, or empty if it has not been published yet
   */
  Optional<DagCheckpoint> checkpoint(long number);
}
