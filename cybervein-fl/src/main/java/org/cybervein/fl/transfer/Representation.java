package org.cybervein.fl.transfer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.cybervein.api.random.DeterministicRandom;

/**
 * One party's local representation {@code u = tanh(W [x; 1])}: a dense layer of {@code d} units
 * whose weights never leave the party. Mutable: training steps it in place.
 */
final class Representation {
  private final double[][] w;

  /**
   * Xavier-uniform weights from the session seed and the party's role, so that the encrypted run
   * and the plaintext stand-in start from the same point, and the two parties from different ones.
   */
  Representation(int dimension, int features, long seed, String role) {
    byte[] tag = role.getBytes(StandardCharsets.UTF_8);
    DeterministicRandom random =
        DeterministicRandom.fromSeed(
            ByteBuffer.allocate(Long.BYTES + tag.length).putLong(seed).put(tag).array());
    double limit = Math.sqrt(6.0 / (features + 1 + dimension));
    w = new double[dimension][features + 1];
    for (double[] row : w) {
      for (int j = 0; j < row.length; j++) {
        row[j] = (2 * random.nextDouble() - 1) * limit;
      }
    }
  }

  Representation(double[][] weights) {
    w = new double[weights.length][];
    for (int m = 0; m < weights.length; m++) {
      w[m] = weights[m].clone();
    }
  }

  int dimension() {
    return w.length;
  }

  /** Inputs per unit, the bias included. */
  int inputs() {
    return w[0].length;
  }

  double[][] weights() {
    return new Representation(w).w;
  }

  /** {@code [x; 1]}: the row with the bias input appended. */
  static double[] withBias(double[] x) {
    double[] out = java.util.Arrays.copyOf(x, x.length + 1);
    out[x.length] = 1;
    return out;
  }

  double[] forward(double[] xWithBias) {
    double[] u = new double[w.length];
    for (int m = 0; m < w.length; m++) {
      double z = 0;
      for (int j = 0; j < xWithBias.length; j++) {
        z += w[m][j] * xWithBias[j];
      }
      u[m] = Math.tanh(z);
    }
    return u;
  }

  double[][] forward(double[][] xWithBias) {
    double[][] u = new double[xWithBias.length][];
    for (int i = 0; i < u.length; i++) {
      u[i] = forward(xWithBias[i]);
    }
    return u;
  }

  /** {@code sum |W|^2} without the bias column. */
  double squaredNorm() {
    double s = 0;
    for (double[] row : w) {
      for (int j = 0; j < row.length - 1; j++) {
        s += row[j] * row[j];
      }
    }
    return s;
  }

  /** The L2 term's gradient {@code lambda W}, bias excluded, added to {@code gradient}. */
  void addPenaltyGradient(double[][] gradient, double l2) {
    for (int m = 0; m < w.length; m++) {
      for (int j = 0; j < w[m].length - 1; j++) {
        gradient[m][j] += l2 * w[m][j];
      }
    }
  }

  /**
   * The weight gradient given the gradient of the loss with respect to each row's representation:
   * {@code sum_i dL/du_im (1 - u_im^2) x_ij}.
   */
  static double[][] backward(double[][] xWithBias, double[][] u, double[][] dLdu, int inputs) {
    int d = u.length == 0 ? dLdu.length : u[0].length;
    double[][] g = new double[d][inputs];
    for (int i = 0; i < u.length; i++) {
      for (int m = 0; m < d; m++) {
        double delta = dLdu[i][m] * (1 - u[i][m] * u[i][m]);
        if (delta == 0) {
          continue;
        }
        for (int j = 0; j < inputs; j++) {
          g[m][j] += delta * xWithBias[i][j];
        }
      }
    }
    return g;
  }

  /** A gradient step {@code W -= eta g}; the caller checks the result with the divergence guard. */
  void step(double[][] gradient, double learningRate) {
    for (int m = 0; m < w.length; m++) {
      for (int j = 0; j < w[m].length; j++) {
        w[m][j] -= learningRate * gradient[m][j];
      }
    }
  }

  double[] flatWeights() {
    double[] out = new double[w.length * w[0].length];
    for (int m = 0; m < w.length; m++) {
      System.arraycopy(w[m], 0, out, m * w[m].length, w[m].length);
    }
    return out;
  }
}
