package org.cybervein.benchmarks.fl;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.cybervein.fl.data.PartyDataset;
import org.cybervein.fl.data.Standardiser;

/**
 * A synthetic data set of the shape of the UCI "default of credit card clients" data as FATE splits
 * it (default_credit_hetero): {@code rows} clients, guest B with 13 features and the binary label
 * (about 22% ones, the default rate of the original), host A with 10 features.
 *
 * <p>How it is made, from one fixed seed: every client has three latent factors (solvency,
 * spending, payment delay) drawn from N(0, 1); each of the 23 features is a fixed random loading of
 * the factors plus N(0, 1) noise, so features are correlated within and across parties, as bill and
 * payment amounts are in the original; half the guest's features are skewed by {@code exp} as
 * amounts are. The label is 1 with probability {@code sigmoid(2 delay - solvency - 1.5)}. Each
 * party standardises its own columns ({@link Standardiser}). No row of the original data is used.
 */
public final class CreditShapedData {
  /** The guest's feature count (with the label). */
  public static final int GUEST_FEATURES = 13;

  /** The host's feature count. */
  public static final int HOST_FEATURES = 10;

  /**
   * The two parties' aligned rows.
   *
   * @param host A's standardised rows
   * @param guest B's standardised rows with labels
   */
  public record Parties(PartyDataset host, PartyDataset guest) {}

  private CreditShapedData() {}

  /**
   * Generates the data set.
   *
   * @param rows the number of clients, e.g. 30,000
   * @param seed the seed; the same seed gives the same rows
   * @return the host's and the guest's standardised rows, aligned
   */
  public static Parties generate(int rows, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int features = GUEST_FEATURES + HOST_FEATURES;
    double[][] loading = new double[features][3];
    for (double[] l : loading) {
      for (int f = 0; f < 3; f++) {
        l[f] = random.nextDouble(-1, 1);
      }
    }
    List<String> ids = new ArrayList<>(rows);
    double[][] guest = new double[rows][GUEST_FEATURES];
    double[][] host = new double[rows][HOST_FEATURES];
    double[] labels = new double[rows];
    for (int i = 0; i < rows; i++) {
      ids.add(Integer.toString(i + 1));
      double solvency = gaussian(random);
      double spending = gaussian(random);
      double delay = gaussian(random);
      for (int j = 0; j < features; j++) {
        double v =
            loading[j][0] * solvency
                + loading[j][1] * spending
                + loading[j][2] * delay
                + gaussian(random);
        if (j < GUEST_FEATURES) {
          guest[i][j] = j % 2 == 1 ? Math.exp(v / 2) : v;
        } else {
          host[i][j - GUEST_FEATURES] = v;
        }
      }
      double p = 1 / (1 + Math.exp(-(2 * delay - solvency - 1.5)));
      labels[i] = random.nextDouble() < p ? 1 : 0;
    }
    PartyDataset a = new PartyDataset(ids, names("h", HOST_FEATURES), host, Optional.empty());
    PartyDataset b = new PartyDataset(ids, names("g", GUEST_FEATURES), guest, Optional.of(labels));
    return new Parties(Standardiser.fit(a).apply(a), Standardiser.fit(b).apply(b));
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller: SplittableRandom has no nextGaussian before Java 17's RandomGenerator default
    return Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
        * Math.cos(2 * Math.PI * random.nextDouble());
  }

  private static List<String> names(String prefix, int count) {
    List<String> out = new ArrayList<>(count);
    for (int j = 0; j < count; j++) {
      out.add(prefix + j);
    }
    return out;
  }
}
