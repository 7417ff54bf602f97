package org.cybervein.fl.model;

import java.time.Duration;
import java.util.Objects;

/**
 * One finished mini-batch, so that a host sees progress inside an epoch (on real data with 2048-bit
 * keys one epoch takes minutes). Numbered from 1, like {@link EpochProgress}.
 *
 * @param epochNumber the epoch the batch belongs to, from 1
 * @param batchNumber the batch's number within its epoch, from 1
 * @param batchesPerEpoch the number of batches in every epoch
 * @param elapsed wall time since training started, on the training party's clock
 */
public record BatchProgress(
    int epochNumber, int batchNumber, int batchesPerEpoch, Duration elapsed) {
  /**
   * Rejects numbers out of range and negative elapsed time.
   *
   * @param epochNumber the epoch the batch belongs to, from 1
   * @param batchNumber the batch's number within its epoch, from 1
   * @param batchesPerEpoch the number of batches in every epoch
   * @param elapsed wall time since training started
   */
  public BatchProgress {
    Objects.requireNonNull(elapsed, "elapsed");
    if (epochNumber < 1
        || batchNumber < 1
        || batchNumber > batchesPerEpoch
        || elapsed.isNegative()) {
      throw new IllegalArgumentException(
          "epoch "
              + epochNumber
              + ", batch "
              + batchNumber
              + " of "
              + batchesPerEpoch
              + ", elapsed "
              + elapsed);
    }
  }
}
