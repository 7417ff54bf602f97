package org.cybervein.fl.model;

/**
 * Told after every epoch, and optionally after every mini-batch, so that a host can show progress
 * or record the loss curve. Called on the thread that drives the trainer; it should return quickly.
 */
@FunctionalInterface
public interface TrainingListener {
  /** A listener that ignores every report. */
  TrainingListener NONE = progress -> {};

  /**
   * Reports one finished epoch.
   *
   * @param progress the epoch's number (from 1), loss and elapsed wall time
   */
  void onEpoch(EpochProgress progress);

  /**
   * Reports one finished mini-batch; by default ignored.
   *
   * @param progress the batch's position in the run and the elapsed wall time
   */
  default void onBatch(BatchProgress progress) {}
}
