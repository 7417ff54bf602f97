package org.cybervein.fl.vertical;

import java.util.Objects;
import org.cybervein.fl.data.PartyDataset;
import org.cybervein.fl.model.ModelKind;

/**
 * The aligned rows of party B, {@code X_B} with the labels Y, seen only through the per-row work
 * vertical training does on them: the {@link PartyRows} work of every party (B's encrypted gradient
 * sums {@code [[sum_i D_i x_ij]]} over its residuals), and B's own, the plaintext part of the
 * residuals {@link #residualTerms}, where the labels enter. {@link GuestParty} keeps the protocol
 * (messages, masks, the ciphertext arithmetic on the hosts' forwards, the optimizer) and hands this
 * work to its rows, so rows and labels can live elsewhere than in the party's heap: {@link
 * #inMemory} is the single-JVM default, and {@code cybervein-fl-spark} runs the same work as Spark
 * jobs.
 *
 * <p>Why the ciphertext sum {@code [[d_i]] = [[U_i]] + [[0]] + e_i / a} is not part of this seam:
 * it touches no row, only ciphertexts that arrive at the party and leave it again, two
 * multiplications modulo {@code n^2} per row; shipping them to where the rows are would cost more
 * than the arithmetic. The gradient sums, one multi-exponentiation per feature over the batch, are
 * the cost that grows with the rows, and they go to the rows.
 *
 * <p>Every implementation must give the same results as {@link #inMemory} for the same rows: the
 * same doubles from {@link #residualTerms} (computed by {@link ResidualTerms#of}) and the contract
 * of {@link PartyRows}. Then B trains to bit-for-bit the same weights whichever rows it is given.
 */
public interface GuestRows extends PartyRows {
  /**
   * Whether every label is 0 or 1, as logistic regression needs.
   *
   * @return true if every label is 0 or 1
   */
  boolean binaryLabels();

  /**
   * The plaintext residual terms of rows {@code [start, start + count)}: per row {@link
   * ResidualTerms#of} of its features and label.
   *
   * @param start the first row
   * @param count the number of rows, at least one
   * @param weights {@code w_B}, one per feature
   * @param intercept b
   * @param kind the model
   * @return the terms in row order
   * @throws IllegalArgumentException if the range is outside the rows or the weights' length
   *     differs from {@link #featureCount()}
   */
  ResidualTerms residualTerms(
      int start, int count, double[] weights, double intercept, ModelKind kind);

  /**
   * B's rows and labels held in this JVM, with the gradient sums on the party's executor: what
   * {@link GuestParty} uses when it is given a {@link PartyDataset}.
   *
   * @param aligned the aligned rows, with labels
   * @return the rows
   * @throws IllegalArgumentException if the dataset has no labels
   */
  static GuestRows inMemory(PartyDataset aligned) {
    Objects.requireNonNull(aligned, "aligned");
    double[] y =
        aligned
            .labels()
            .orElseThrow(() -> new IllegalArgumentException("party B must hold the labels"));
    return new InMemoryGuestRows(aligned.features(), y);
  }
}
