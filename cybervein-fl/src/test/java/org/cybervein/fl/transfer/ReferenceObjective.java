package org.cybervein.fl.transfer;

import org.cybervein.fl.data.PartyDataset;

/** The transfer objective of {@link TransferSettings} computed directly, all data in one place. */
final class ReferenceObjective {
  private ReferenceObjective() {}

  static double loss(TransferData data, TransferSettings s, Representation a, Representation b) {
    PartyDataset guest = data.guest();
    double[] labels = guest.labels().orElseThrow();
    int nb = guest.rowCount();
    int d = s.dimension();
    double[][] ub = new double[nb][];
    double[] phi = new double[d];
    for (int k = 0; k < nb; k++) {
      ub[k] = b.forward(Representation.withBias(guest.row(k)));
      for (int m = 0; m < d; m++) {
        phi[m] += (2 * labels[k] - 1) * ub[k][m] / nb;
      }
    }
    PartyDataset sharedA = data.host().select(data.overlap());
    PartyDataset sharedB = guest.select(data.overlap());
    double[] y = sharedB.labels().orElseThrow();
    int n = data.overlap().size();
    double target = 0;
    double alignment = 0;
    for (int i = 0; i < n; i++) {
      double[] ua = a.forward(Representation.withBias(sharedA.row(i)));
      double[] u = b.forward(Representation.withBias(sharedB.row(i)));
      double score = 0;
      for (int m = 0; m < d; m++) {
        score += phi[m] * ua[m];
        alignment += (ua[m] - u[m]) * (ua[m] - u[m]);
      }
      target += Math.log(2) - (2 * y[i] - 1) * score / 2 + score * score / 8;
    }
    double source = 0;
    for (int k = 0; k < nb; k++) {
      double score = 0;
      for (int m = 0; m < d; m++) {
        score += phi[m] * ub[k][m];
      }
      source += Math.log(2) - (2 * labels[k] - 1) * score / 2 + score * score / 8;
    }
    return target / n
        + s.gamma() * alignment / n
        + s.sourceWeight() * source / nb
        + s.l2() / 2 * (a.squaredNorm() + b.squaredNorm());
  }
}
