package org.cybervein.fl.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Z-score standardisation of one party's own feature columns: {@code x' = (x - mean) / sd}, with
 * the mean and (population) standard deviation fitted on that party's training rows. Each party
 * fits its own columns, so no statistic crosses a party boundary; the same fitted standardiser is
 * then applied to the rows that party later scores.
 *
 * <p>Why it matters: gradient descent at a fixed learning rate diverges when features have a large
 * spread (standard deviations of 10 already drive the weights towards 1e143), and encrypted
 * training works in fixed point, where large values overflow. A column whose values are all equal
 * is only centred (its scale is 1), since dividing by a zero spread would make it infinite.
 *
 * @param featureNames the columns it was fitted on, in order
 * @param means the mean of each column
 * @param scales the divisor of each column: its standard deviation, or 1 for a constant column
 */
public record Standardiser(List<String> featureNames, double[] means, double[] scales) {
  /**
   * Checks shapes and values and copies the arrays.
   *
   * @param featureNames the columns it was fitted on, in order
   * @param means the mean of each column, finite
   * @param scales the divisor of each column, finite and positive
   */
  public Standardiser {
    featureNames = List.copyOf(featureNames);
    means = means.clone();
    scales = scales.clone();
    if (means.length != featureNames.size() || scales.length != featureNames.size()) {
      throw new IllegalArgumentException(
          featureNames.size()
              + " columns but "
              + means.length
              + " means, "
              + scales.length
              + " scales");
    }
    for (int j = 0; j < means.length; j++) {
      if (!Double.isFinite(means[j]) || !(scales[j] > 0) || !Double.isFinite(scales[j])) {
        throw new IllegalArgumentException(
            "column " + featureNames.get(j) + ": mean " + means[j] + ", scale " + scales[j]);
      }
    }
  }

  /**
   * Fits the mean and standard deviation of each of the dataset's feature columns.
   *
   * @param rows the party's training rows, at least one
   * @return the fitted standardiser
   * @throws IllegalArgumentException if the dataset has no rows
   */
  public static Standardiser fit(PartyDataset rows) {
    int n = rows.rowCount();
    if (n == 0) {
      throw new IllegalArgumentException("cannot fit a standardiser on no rows");
    }
    int k = rows.featureCount();
    double[] mean = new double[k];
    double[] m2 = new double[k];
    // Welford's update: stable even where the mean is large against the spread.
    for (int i = 0; i < n; i++) {
      double[] row = rows.row(i);
      for (int j = 0; j < k; j++) {
        double delta = row[j] - mean[j];
        mean[j] += delta / (i + 1);
        m2[j] += delta * (row[j] - mean[j]);
      }
    }
    double[] scale = new double[k];
    for (int j = 0; j < k; j++) {
      double sd = Math.sqrt(m2[j] / n);
      scale[j] = sd > 0 && Double.isFinite(sd) ? sd : 1;
    }
    return new Standardiser(rows.featureNames(), mean, scale);
  }

  /**
   * The rows with every feature standardised; ids and labels unchanged.
   *
   * @param rows rows with the same feature columns as the fitted ones
   * @return the standardised rows
   * @throws IllegalArgumentException if the feature columns differ from the fitted ones
   */
  public PartyDataset apply(PartyDataset rows) {
    if (!rows.featureNames().equals(featureNames)) {
      throw new IllegalArgumentException(
          "fitted on " + featureNames + ", given " + rows.featureNames());
    }
    double[][] x = rows.features();
    for (double[] row : x) {
      for (int j = 0; j < row.length; j++) {
        row[j] = (row[j] - means[j]) / scales[j];
      }
    }
    return new PartyDataset(rows.ids(), featureNames, x, rows.labels());
  }

  /**
   * The means, one per column.
   *
   * @return a copy of the means
   */
  @Override
  public double[] means() {
    return means.clone();
  }

  /**
   * The divisors, one per column.
   *
   * @return a copy of the scales
   */
  @Override
  public double[] scales() {
    return scales.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Standardiser s
        && featureNames.equals(s.featureNames)
        && Arrays.equals(means, s.means)
        && Arrays.equals(scales, s.scales);
  }

  @Override
  public int hashCode() {
    return Objects.hash(featureNames, Arrays.hashCode(means), Arrays.hashCode(scales));
  }

  @Override
  public String toString() {
    return "Standardiser" + featureNames;
  }
}
