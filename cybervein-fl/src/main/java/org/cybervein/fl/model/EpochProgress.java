package org.cybervein.fl.model;

import java.time.Duration;
import java.util.Objects;

/**
 * One finished epoch of training, numbered as a person counts: the first epoch is number 1 of
 * {@code maxEpochs}, so a listener prints {@code "epoch " + number + " of " + maxEpochs} as is.
 *
 * @param number the epoch's number, from 1
 * @param maxEpochs the epoch limit of the run (training may stop earlier on convergence)
 * @param loss the mean loss over the epoch's rows (with the L2 penalty), each batch's loss taken at
 *     the weights the batch started with
 * @param elapsed wall time since training started, read from the clock the training party was given
 *     (the system clock unless the host chose another); zero where no clock applies
 * @param converged true if this epoch ends training because the loss settled
 */
public record EpochProgress(
    int number, int maxEpochs, double loss, Duration elapsed, boolean converged) {
  /**
   * Rejects numbers outside {@code [1, maxEpochs]} and negative elapsed time.
   *
   * @param number the epoch's number, from 1
   * @param maxEpochs the epoch limit of the run
   * @param loss the mean loss over the epoch's rows (with the L2 penalty)
   * @param elapsed wall time since training started
   * @param converged true if this epoch ends training because the loss settled
   */
  public EpochProgress {
    Objects.requireNonNull(elapsed, "elapsed");
    if (number < 1 || number > maxEpochs || elapsed.isNegative()) {
      throw new IllegalArgumentException(
          "epoch " + number + " of " + maxEpochs + ", elapsed " + elapsed);
    }
  }
}
