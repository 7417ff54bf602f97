package org.cybervein.fl.vertical;

import org.cybervein.fl.model.Hyperparameters;

/** Which rows batch (epoch, batch) covers, and which batch follows it; the same at A and B. */
final class BatchPlan {
  private final int rows;
  private final int batchSize;
  private final int batches;

  BatchPlan(int rows, Hyperparameters h) {
    if (rows <= 0) {
      throw new IllegalArgumentException("need at least one aligned row");
    }
    this.rows = rows;
    this.batchSize = h.batchSize();
    this.batches = h.batchesPerEpoch(rows);
  }

  int start(int batch) {
    return batch * batchSize;
  }

  int end(int batch) {
    return Math.min(rows, (batch + 1) * batchSize);
  }

  int size(int batch) {
    return end(batch) - start(batch);
  }

  int batches() {
    return batches;
  }

  boolean isLast(int batch) {
    return batch == batches - 1;
  }

  /** A map key for mini-batch (epoch, batch). */
  static long key(int epoch, int batch) {
    return ((long) epoch << 32) | (batch & 0xffffffffL);
  }

  /** The key of the batch after (epoch, batch). */
  long successor(int epoch, int batch) {
    return isLast(batch) ? key(epoch + 1, 0) : key(epoch, batch + 1);
  }

  /** The batch index of a key. */
  static int batchOf(long key) {
    return (int) key;
  }

  /** The epoch of a key. */
  static int epochOf(long key) {
    return (int) (key >>> 32);
  }

  /** Rows at fixed point scale 1 as signed integers, the scalars of the gradient products. */
  static java.math.BigInteger[][] scaledRows(double[][] x) {
    java.math.BigInteger[][] out = new java.math.BigInteger[x.length][];
    for (int i = 0; i < x.length; i++) {
      out[i] = new java.math.BigInteger[x[i].length];
      for (int j = 0; j < x[i].length; j++) {
        out[i][j] = FixedPoint.scaled(x[i][j], 1);
      }
    }
    return out;
  }
}
