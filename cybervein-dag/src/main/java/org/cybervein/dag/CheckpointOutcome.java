package org.cybervein.dag;

import java.util.List;
import org.cybervein.api.Hash;

/**
 * What applying a checkpoint did.
 *
 * @param applied true if the checkpoint was applied now
 * @param finalized ids of the units it made final, in the total order
 * @param missing frontier units not stored yet: the checkpoint waits for them (then nothing
 *     changed)
 */
public record CheckpointOutcome(boolean applied, List<Hash> finalized, List<Hash> missing) {
  /**
   * Copies the lists.
   *
   * @param applied true if the checkpoint was applied now
   * @param finalized ids of the units it made final, in the total order
   * @param missing frontier units not stored yet: the checkpoint waits for them (then nothing
   *     changed)
   */
  public CheckpointOutcome {
    finalized = List.copyOf(finalized);
    missing = List.copyOf(missing);
  }
}
