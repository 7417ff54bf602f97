package org.cybervein.fl.transfer;

import java.util.List;
import java.util.Objects;
import org.cybervein.fl.data.PartyDataset;

/**
 * The trained transfer model as the two parties hold it between them: A's representation weights,
 * B's representation weights and {@code Phi}. No party holds all of it; the simulation assembles it
 * so that tests and demos can evaluate it in plaintext. A user of A scores {@code Phi . tanh(W_A
 * [x; 1])}: positive leans to label 1.
 */
public final class TransferModel {
  private final Representation host;
  private final Representation guest;
  private final double[] phi;
  private final List<Double> losses;
  private final boolean converged;

  /**
   * The model.
   *
   * @param hostWeights {@code W_A}, d rows of A's feature count plus one (bias last)
   * @param guestWeights {@code W_B}, d rows of B's feature count plus one
   * @param phi {@code Phi}, d values
   * @param losses the loss of every epoch run
   * @param converged true if training stopped because the loss settled
   * @throws IllegalArgumentException if the shapes disagree
   */
  public TransferModel(
      double[][] hostWeights,
      double[][] guestWeights,
      double[] phi,
      List<Double> losses,
      boolean converged) {
    this.host = new Representation(requireRectangular(hostWeights));
    this.guest = new Representation(requireRectangular(guestWeights));
    this.phi = Objects.requireNonNull(phi, "phi").clone();
    this.losses = List.copyOf(losses);
    this.converged = converged;
    if (host.dimension() != phi.length || guest.dimension() != phi.length) {
      throw new IllegalArgumentException("representations and Phi differ in dimension");
    }
  }

  private static double[][] requireRectangular(double[][] w) {
    if (w.length == 0 || w[0].length < 2) {
      throw new IllegalArgumentException("weights need at least one unit and one feature");
    }
    for (double[] row : w) {
      if (row.length != w[0].length) {
        throw new IllegalArgumentException("weights must be rectangular");
      }
    }
    return w;
  }

  /**
   * {@code W_A}.
   *
   * @return a copy of A's weights
   */
  public double[][] hostWeights() {
    return host.weights();
  }

  /**
   * {@code W_B}.
   *
   * @return a copy of B's weights
   */
  public double[][] guestWeights() {
    return guest.weights();
  }

  /**
   * {@code Phi}.
   *
   * @return a copy of Phi
   */
  public double[] phi() {
    return phi.clone();
  }

  /**
   * The loss of every epoch, at the weights each epoch started with.
   *
   * @return the losses, first epoch first
   */
  public List<Double> losses() {
    return losses;
  }

  /**
   * The number of epochs run.
   *
   * @return the count of epochs
   */
  public int epochs() {
    return losses.size();
  }

  /**
   * True if training stopped because the loss settled.
   *
   * @return whether training converged
   */
  public boolean converged() {
    return converged;
  }

  /**
   * The scores of A's users, computed in plaintext.
   *
   * @param hostRows users with A's features
   * @return {@code Phi . u_A} per row
   * @throws IllegalArgumentException if the feature count is not A's
   */
  public double[] scoreHostRows(PartyDataset hostRows) {
    if (hostRows.featureCount() + 1 != host.inputs()) {
      throw new IllegalArgumentException(
          hostRows.featureCount() + " features, A's model has " + (host.inputs() - 1));
    }
    double[] out = new double[hostRows.rowCount()];
    for (int r = 0; r < out.length; r++) {
      double[] u = host.forward(Representation.withBias(hostRows.row(r)));
      for (int m = 0; m < u.length; m++) {
        out[r] += phi[m] * u[m];
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "TransferModel[d="
        + phi.length
        + ", "
        + losses.size()
        + " epochs, loss "
        + (losses.isEmpty() ? "-" : losses.get(losses.size() - 1))
        + (converged ? ", converged" : "")
        + "]";
  }
}
