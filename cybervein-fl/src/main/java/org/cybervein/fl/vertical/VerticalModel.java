package org.cybervein.fl.vertical;

import java.util.Arrays;
import java.util.Objects;
import org.cybervein.fl.model.LinearModel;
import org.cybervein.fl.model.ModelKind;

/**
 * The jointly trained model V_FED, split as the parties hold it: {@code w_A} at A, {@code w_B} and
 * the intercept b at B. Only a test or a demo that controls both parties can assemble it; in a
 * deployment each party keeps its half and predictions go through the prediction protocol.
 *
 * @param kind linear or logistic
 * @param hostWeights {@code w_A}
 * @param guestWeights {@code w_B}
 * @param intercept b
 * @param epochs the number of epochs run
 * @param converged true if the loss settled before the epoch limit
 */
public record VerticalModel(
    ModelKind kind,
    double[] hostWeights,
    double[] guestWeights,
    double intercept,
    int epochs,
    boolean converged) {
  /**
   * Copies the arrays.
   *
   * @param kind linear or logistic
   * @param hostWeights {@code w_A}
   * @param guestWeights {@code w_B}
   * @param intercept b
   * @param epochs the number of epochs run
   * @param converged true if the loss settled before the epoch limit
   */
  public VerticalModel {
    Objects.requireNonNull(kind, "kind");
    hostWeights = hostWeights.clone();
    guestWeights = guestWeights.clone();
  }

  /**
   * A copy of {@code w_A}.
   *
   * @return a copy of A's weights
   */
  @Override
  public double[] hostWeights() {
    return hostWeights.clone();
  }

  /**
   * A copy of {@code w_B}.
   *
   * @return a copy of B's weights
   */
  @Override
  public double[] guestWeights() {
    return guestWeights.clone();
  }

  /**
   * The same model over pooled rows laid out as A's features followed by B's.
   *
   * @return the pooled linear model
   */
  public LinearModel pooled() {
    double[] w = new double[hostWeights.length + guestWeights.length];
    System.arraycopy(hostWeights, 0, w, 0, hostWeights.length);
    System.arraycopy(guestWeights, 0, w, hostWeights.length, guestWeights.length);
    return new LinearModel(kind, w, intercept);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VerticalModel m
        && kind == m.kind
        && Arrays.equals(hostWeights, m.hostWeights)
        && Arrays.equals(guestWeights, m.guestWeights)
        && Double.compare(intercept, m.intercept) == 0
        && epochs == m.epochs
        && converged == m.converged;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        kind, Arrays.hashCode(hostWeights), Arrays.hashCode(guestWeights), intercept, epochs);
  }

  @Override
  public String toString() {
    return "VerticalModel["
        + kind
        + ", w_A="
        + Arrays.toString(hostWeights)
        + ", w_B="
        + Arrays.toString(guestWeights)
        + ", b="
        + intercept
        + ", epochs="
        + epochs
        + (converged ? ", converged" : "")
        + "]";
  }
}
