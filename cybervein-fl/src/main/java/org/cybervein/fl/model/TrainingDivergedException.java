package org.cybervein.fl.model;

/**
 * Training stopped because it diverged: a loss or weight became non-finite, a weight left the range
 * that fixed-point encryption can carry ({@link DivergenceGuard#MAX_WEIGHT}), the epoch loss grew
 * far beyond the first epoch's ({@link DivergenceGuard#MAX_LOSS_GROWTH}), or a decrypted value
 * overflowed the fixed-point range. The usual causes are unstandardised features (see {@code
 * org.cybervein.fl.data.Standardiser}) or a learning rate too large for the data; the message says
 * which check fired, at which epoch and batch.
 */
public final class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which check fired, where, and what to try
   */
  public TrainingDivergedException(String message) {
    super(message);
  }
}
