package org.cybervein.fl.vertical;

import java.math.BigInteger;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.cybervein.fl.data.PartyDataset;

/**
 * The aligned rows of party A, {@code X_A}, seen only through the per-row work vertical training
 * does on them: the local forward {@code u_A = X_A w_A} of a mini-batch and the encrypted gradient
 * sums {@code [[sum_i d_i x_ij]]} over it. {@link HostParty} keeps the protocol (messages, masks,
 * randomness, the optimizer) and hands only this work to its rows, so the rows can live elsewhere
 * than in the party's heap: {@link #inMemory} is the single-JVM default, and {@code
 * cybervein-fl-spark} runs the same work as Spark jobs over rows it reads from Parquet or CSV.
 *
 * <p>Every implementation must give the same results as {@link #inMemory} for the same rows: the
 * same doubles from {@link #forward} (each {@code u_i} summed over j in column order), and
 * encryptions of the same plaintexts from {@link #encryptedGradientSums}, whatever the order in
 * which partial sums are combined (the cipher is additively homomorphic, so the decrypted values
 * are exact integers modulo n). Then a party trains to bit-for-bit the same weights whichever rows
 * it is given. Implementations draw no randomness: the party draws it, on its own thread.
 *
 * <p>Row {@code i} is the i-th aligned row; mini-batch b covers rows {@code [b s, min(rows, (b+1)
 * s))} for batch size s, as both parties plan it.
 */
public interface PartyRows {
  /**
   * The number of aligned rows.
   *
   * @return the row count, at least one
   */
  int rowCount();

  /**
   * The number of feature columns, the length of {@code w_A}.
   *
   * @return the feature count
   */
  int featureCount();

  /**
   * The local forward {@code u_i = sum_j x_ij w_j} of rows {@code [start, start + count)}, each sum
   * taken over j in column order from 0.0.
   *
   * @param start the first row
   * @param count the number of rows, at least one
   * @param weights {@code w_A}, one per feature
   * @return {@code u}, one value per row
   * @throws IllegalArgumentException if the range is outside the rows or the weights' length
   *     differs from {@link #featureCount()}
   */
  double[] forward(int start, int count, double[] weights);

  /**
   * The encrypted gradient sums {@code [[sum_i d_i x_ij]]}, one per feature j, over rows {@code
   * [start, start + residuals.length)}, with each {@code x_ij} as the fixed-point scalar {@link
   * #scalar}: the sums party A masks and has C decrypt.
   *
   * @param cipher the public key the residuals are encrypted under
   * @param start the first row of the batch
   * @param residuals {@code [[d_i]]}, one per row of the batch, at least one
   * @param executor where an in-process implementation runs its work; others may ignore it
   * @return the encrypted sums, one per feature
   * @throws IllegalArgumentException if the range is outside the rows
   */
  BigInteger[] encryptedGradientSums(
      GradientCipher cipher, int start, BigInteger[] residuals, Executor executor);

  /**
   * A feature value as the signed fixed-point integer the gradient sums multiply by: {@code round(v
   * 2^24)}, ties to even. Implementations outside this package use it so that their scalars are the
   * protocol's own.
   *
   * @param v the feature value
   * @return the scalar
   * @throws IllegalArgumentException if {@code v} is not finite
   */
  static BigInteger scalar(double v) {
    return FixedPoint.scaled(v, 1);
  }

  /**
   * The rows held in this JVM, with the gradient sums on the party's executor: what {@link
   * HostParty} uses when it is given a {@link PartyDataset}.
   *
   * @param aligned the aligned rows
   * @return the rows
   */
  static PartyRows inMemory(PartyDataset aligned) {
    return new InMemoryPartyRows(Objects.requireNonNull(aligned, "aligned").features());
  }
}
