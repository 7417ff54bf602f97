package org.cybervein.fl.model;

/**
 * Told after every epoch, so that a host can show progress or record the loss curve. Called on the
 * thread that drives the trainer; it should return quickly.
 */
@FunctionalInterface
public interface TrainingListener {
  /** A listener that ignores every report. */
  TrainingListener NONE = progress -> {};

  /**
   * Reports one finished epoch.
   *
   * @param progress the epoch number, loss and elapsed time
   */
  void onEpoch(EpochProgress progress);
}
