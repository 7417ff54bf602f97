package org.cybervein.fl.model;

import java.time.Duration;
import java.util.Objects;

/**
 * One finished epoch of training.
 *
 * @param epoch the epoch number, from 0
 * @param loss the mean loss over the epoch's rows (with the L2 penalty), each batch's loss taken at
 *     the weights the batch started with
 * @param elapsed time since training started, on the host's clock
 * @param converged true if this epoch ends training because the loss settled
 */
public record EpochProgress(int epoch, double loss, Duration elapsed, boolean converged) {
  /**
   * Rejects a negative epoch or elapsed time.
   *
   * @param epoch the epoch number, from 0
   * @param loss the mean loss over the epoch's rows (with the L2 penalty), each batch's loss taken
   *     at the weights the batch started with
   * @param elapsed time since training started, on the host's clock
   * @param converged true if this epoch ends training because the loss settled
   */
  public EpochProgress {
    Objects.requireNonNull(elapsed, "elapsed");
    if (epoch < 0 || elapsed.isNegative()) {
      throw new IllegalArgumentException("epoch and elapsed must not be negative");
    }
  }
}
