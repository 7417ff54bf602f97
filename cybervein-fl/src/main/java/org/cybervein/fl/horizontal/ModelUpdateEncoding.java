package org.cybervein.fl.horizontal;

import java.nio.ByteBuffer;
import org.cybervein.api.Bytes;
import org.cybervein.fl.InvalidFederatedMessageException;
import org.cybervein.fl.InvalidFederatedMessageException.Reason;

/**
 * How models travel in federated averaging.
 *
 * <p>The global model goes out as the round context: its weights then intercept, each an IEEE 754
 * double, big-endian. A party's update goes into secure aggregation as elements of Z_(2^64): {@code
 * round(n * w_j * 2^28)} for each weight and the intercept (two's complement), then its row count
 * n. Summing in Z_(2^64) sums these exactly as long as no partial sum leaves the signed 64-bit
 * range, which the encoder guarantees by refusing any element whose magnitude reaches 2^54: 255
 * parties (the most secure aggregation allows) then stay below 2^62. The precision of an averaged
 * weight is 2^-28 times the number of parties divided by the total row count.
 */
final class ModelUpdateEncoding {
  static final int FRACTION_BITS = 28;
  private static final double SCALE = 1L << FRACTION_BITS;
  private static final double LIMIT = 0x1p54;

  private ModelUpdateEncoding() {}

  static Bytes encodeModel(double[] weightsAndIntercept) {
    ByteBuffer b = ByteBuffer.allocate(8 * weightsAndIntercept.length);
    for (double v : weightsAndIntercept) {
      b.putDouble(v);
    }
    return Bytes.of(b.array());
  }

  static double[] decodeModel(Bytes context, int length) throws InvalidFederatedMessageException {
    if (context.size() != 8 * length) {
      throw new InvalidFederatedMessageException(
          Reason.INVALID_VALUE,
          "global model of " + context.size() + " bytes, expected " + 8 * length);
    }
    ByteBuffer b = ByteBuffer.wrap(context.toByteArray());
    double[] out = new double[length];
    for (int i = 0; i < length; i++) {
      out[i] = b.getDouble();
      if (!Double.isFinite(out[i])) {
        throw new InvalidFederatedMessageException(
            Reason.INVALID_VALUE, "global model has a non-finite weight");
      }
    }
    return out;
  }

  /**
   * The update vector of a party with {@code rows} rows and trained model {@code w}.
   *
   * @throws ArithmeticException if an element would be too large to sum safely
   */
  static long[] encodeUpdate(double[] w, int rows) {
    long[] out = new long[w.length + 1];
    for (int j = 0; j < w.length; j++) {
      double scaled = Math.rint(w[j] * rows * SCALE);
      if (!(Math.abs(scaled) < LIMIT)) {
        throw new ArithmeticException(
            "weight " + w[j] + " times " + rows + " rows is too large for secure summing");
      }
      out[j] = (long) scaled;
    }
    out[w.length] = rows;
    return out;
  }

  /** The row-weighted average model from the sum of updates. */
  static double[] decodeAverage(long[] sum) throws InvalidFederatedMessageException {
    long rows = sum[sum.length - 1];
    if (rows <= 0) {
      throw new InvalidFederatedMessageException(
          Reason.INVALID_VALUE, "aggregate row count is " + rows);
    }
    double[] w = new double[sum.length - 1];
    for (int j = 0; j < w.length; j++) {
      w[j] = sum[j] / SCALE / rows;
    }
    return w;
  }
}
