package org.cybervein.fl.vertical;

import java.util.Arrays;
import org.cybervein.fl.model.ModelKind;

/**
 * Party B's plaintext part of the residuals of one mini-batch, formed from its own rows and labels:
 * per row i the bracket {@code e_i = a u_B,i + c(y_i)} of the residual {@code d_i = a U_i + e_i}
 * ({@code U_i} the hosts' encrypted forwards, a and c the model's residual slope and offset, {@code
 * u_B,i = b + x_i w_B}), and the row's loss {@code loss(u_B,i, y_i)} at B's score alone. {@link
 * GuestParty} encrypts nothing of it as such: it adds {@code e_i / a} to the hosts' ciphertexts and
 * sums the losses in row order.
 *
 * @param coefficients {@code e_i}, one per row of the batch
 * @param losses {@code loss(u_B,i, y_i)}, one per row of the batch
 */
public record ResidualTerms(double[] coefficients, double[] losses) {
  /**
   * Checks and copies the terms.
   *
   * @param coefficients {@code e_i}, one per row, at least one
   * @param losses the per-row losses, as many as coefficients
   * @throws IllegalArgumentException if the arrays are empty or of different lengths
   */
  public ResidualTerms {
    coefficients = coefficients.clone();
    losses = losses.clone();
    if (coefficients.length == 0 || coefficients.length != losses.length) {
      throw new IllegalArgumentException(
          coefficients.length + " coefficients and " + losses.length + " losses");
    }
  }

  /**
   * The terms of one row, in {@link #coefficients()} and {@link #losses()} of the in-memory
   * implementation's arithmetic: {@code u = b}, then {@code u += x_j w_j} over j in column order,
   * then {@code e = a u + c(y)} and {@code loss(u, y)}. Implementations outside this package call
   * it so that their doubles are the party's own, bit for bit.
   *
   * @param kind the model
   * @param row the row's features
   * @param label the row's label
   * @param weights {@code w_B}, one per feature
   * @param intercept b
   * @param out where to put the coefficient ({@code out[0]}) and the loss ({@code out[1]})
   */
  public static void of(
      ModelKind kind,
      double[] row,
      double label,
      double[] weights,
      double intercept,
      double[] out) {
    double u = intercept;
    for (int j = 0; j < weights.length; j++) {
      u += row[j] * weights[j];
    }
    // The residual at z = U + u_B is a U + (a u_B + c(y)); the same bracket is the loss's slope
    // in U, so it serves both.
    out[0] = kind.residualSlope() * u + kind.residualOffset(label);
    out[1] = kind.loss(u, label);
  }

  /**
   * A copy of the coefficients.
   *
   * @return {@code e_i}, one per row
   */
  @Override
  public double[] coefficients() {
    return coefficients.clone();
  }

  /**
   * A copy of the losses.
   *
   * @return the per-row losses
   */
  @Override
  public double[] losses() {
    return losses.clone();
  }

  /**
   * The number of rows.
   *
   * @return the row count
   */
  public int size() {
    return coefficients.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResidualTerms t
        && Arrays.equals(coefficients, t.coefficients)
        && Arrays.equals(losses, t.losses);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(coefficients) + Arrays.hashCode(losses);
  }

  @Override
  public String toString() {
    return "ResidualTerms(" + coefficients.length + " rows)";
  }
}
