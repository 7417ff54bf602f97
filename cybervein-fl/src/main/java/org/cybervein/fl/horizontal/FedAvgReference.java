package org.cybervein.fl.horizontal;

import java.util.List;
import java.util.Objects;
import org.cybervein.fl.data.PartyDataset;
import org.cybervein.fl.model.LinearModel;

/**
 * Federated averaging computed in one place without any cryptography: the reference that the secure
 * run equals (up to the 2^-28 fixed point of the updates), and a cheap way to value a coalition of
 * parties for Shapley contributions when the coordinator may see the data or the parties rerun the
 * protocol per coalition.
 */
public final class FedAvgReference {
  private FedAvgReference() {}

  /**
   * One round: each party trains from {@code global}, then the row-weighted average.
   *
   * @param global the model the round starts from, weights then intercept
   * @param parties the parties' datasets, not empty
   * @param s the local training settings
   * @return the new global model, weights then intercept
   */
  public static double[] round(double[] global, List<PartyDataset> parties, FedAvgSettings s) {
    Objects.requireNonNull(s, "settings");
    if (parties.isEmpty()) {
      throw new IllegalArgumentException("a round needs at least one party");
    }
    double[] sum = new double[global.length];
    long rows = 0;
    for (PartyDataset p : parties) {
      double[] y =
          p.labels().orElseThrow(() -> new IllegalArgumentException("a party without labels"));
      double[] local = LocalTraining.train(global, p.features(), y, s);
      for (int j = 0; j < sum.length; j++) {
        sum[j] += local[j] * p.rowCount();
      }
      rows += p.rowCount();
    }
    for (int j = 0; j < sum.length; j++) {
      sum[j] /= rows;
    }
    return sum;
  }

  /**
   * All rounds from the zero model, as the secure server runs them.
   *
   * @param parties the parties' datasets, not empty
   * @param features the number of feature columns
   * @param s the rounds and local training settings
   * @return the trained model
   */
  public static LinearModel train(List<PartyDataset> parties, int features, FedAvgSettings s) {
    double[] w = new double[features + 1];
    for (int r = 0; r < s.rounds(); r++) {
      w = round(w, parties, s);
    }
    return LocalTraining.model(w);
  }
}
