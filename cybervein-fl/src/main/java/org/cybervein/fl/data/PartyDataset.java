package org.cybervein.fl.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.cybervein.api.random.RandomSource;

/**
 * The rows one party holds: a sample id per row, that party's feature columns x and, for party B
 * only, the label y. In the whitepaper's vertical setting A holds {@code X_A}, B holds {@code X_B}
 * and {@code Y}; both index rows by the same kind of sample id (a user), which Part I aligns.
 *
 * <p>Immutable: arrays are copied in and out.
 *
 * @param ids the sample id of each row, distinct and non-empty
 * @param featureNames one name per feature column
 * @param features row-major, {@code ids.size()} rows of {@code featureNames.size()} finite values
 * @param labels the label of each row if this party holds labels (party B)
 */
public record PartyDataset(
    List<String> ids, List<String> featureNames, double[][] features, Optional<double[]> labels) {
  /**
   * Checks shapes, distinct ids and finite values, and copies every array.
   *
   * @param ids the sample id of each row, distinct and non-empty
   * @param featureNames one name per feature column
   * @param features row-major, {@code ids.size()} rows of {@code featureNames.size()} finite values
   * @param labels the label of each row if this party holds labels (party B)
   */
  public PartyDataset {
    ids = List.copyOf(ids);
    featureNames = List.copyOf(featureNames);
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(labels, "labels");
    if (features.length != ids.size()) {
      throw new IllegalArgumentException(
          ids.size() + " ids but " + features.length + " feature rows");
    }
    Set<String> seen = new HashSet<>();
    for (String id : ids) {
      if (id.isEmpty() || !seen.add(id)) {
        throw new IllegalArgumentException("ids must be distinct and non-empty: " + id);
      }
    }
    double[][] copy = new double[features.length][];
    for (int i = 0; i < features.length; i++) {
      if (features[i].length != featureNames.size()) {
        throw new IllegalArgumentException(
            "row "
                + i
                + " has "
                + features[i].length
                + " features, expected "
                + featureNames.size());
      }
      copy[i] = requireFinite(features[i].clone());
    }
    features = copy;
    if (labels.isPresent()) {
      double[] y = requireFinite(labels.get().clone());
      if (y.length != ids.size()) {
        throw new IllegalArgumentException(ids.size() + " ids but " + y.length + " labels");
      }
      labels = Optional.of(y);
    }
  }

  private static double[] requireFinite(double[] values) {
    for (double v : values) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("values must be finite, got " + v);
      }
    }
    return values;
  }

  /**
   * The number of rows.
   *
   * @return the count of rows
   */
  public int rowCount() {
    return ids.size();
  }

  /**
   * The number of feature columns.
   *
   * @return the count of feature columns
   */
  public int featureCount() {
    return featureNames.size();
  }

  /**
   * A copy of the feature rows.
   *
   * @return a copy of the features, one array per row
   */
  @Override
  public double[][] features() {
    double[][] copy = new double[features.length][];
    for (int i = 0; i < features.length; i++) {
      copy[i] = features[i].clone();
    }
    return copy;
  }

  /**
   * A copy of the labels, if this party holds them.
   *
   * @return a copy of the labels, one per row, or empty for a party without labels
   */
  @Override
  public Optional<double[]> labels() {
    return labels.map(double[]::clone);
  }

  /**
   * A copy of row {@code row}'s features.
   *
   * @param row the row index, from 0
   * @return a copy of its features
   */
  public double[] row(int row) {
    return features[row].clone();
  }

  /**
   * The rows with these ids, in this order: what a party keeps after alignment.
   *
   * @param selectedIds the ids to keep, in the wanted order
   * @return the selected rows
   * @throws IllegalArgumentException if an id is not in this dataset
   */
  public PartyDataset select(List<String> selectedIds) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      index.put(ids.get(i), i);
    }
    double[][] x = new double[selectedIds.size()][];
    double[] y = new double[selectedIds.size()];
    for (int k = 0; k < selectedIds.size(); k++) {
      Integer i = index.get(selectedIds.get(k));
      if (i == null) {
        throw new IllegalArgumentException("no row with id " + selectedIds.get(k));
      }
      x[k] = features[i];
      if (labels.isPresent()) {
        y[k] = labels.get()[i];
      }
    }
    return new PartyDataset(
        selectedIds, featureNames, x, labels.isPresent() ? Optional.of(y) : Optional.empty());
  }

  /**
   * This dataset without a random {@code fraction} of its rows (rounded down), the others in their
   * original order: the test of alignment on partly overlapping parties.
   *
   * @param fraction the share of rows to drop, in [0, 1)
   * @param random chooses the dropped rows
   * @return the remaining rows
   * @throws IllegalArgumentException if {@code fraction} is outside [0, 1)
   */
  public PartyDataset dropRandomRows(double fraction, RandomSource random) {
    if (!(fraction >= 0 && fraction < 1)) {
      throw new IllegalArgumentException("fraction must be in [0, 1), got " + fraction);
    }
    int n = ids.size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int drop = (int) Math.floor(n * fraction);
    boolean[] dropped = new boolean[n];
    for (int k = 0; k < drop; k++) {
      dropped[order[k]] = true;
    }
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (!dropped[i]) {
        kept.add(ids.get(i));
      }
    }
    return select(kept);
  }

  /** Compares ids, names, values and labels by content. */
  @Override
  public boolean equals(Object o) {
    return o instanceof PartyDataset d
        && ids.equals(d.ids)
        && featureNames.equals(d.featureNames)
        && Arrays.deepEquals(features, d.features)
        && labels.isPresent() == d.labels.isPresent()
        && (labels.isEmpty() || Arrays.equals(labels.get(), d.labels.get()));
  }

  @Override
  public int hashCode() {
    return Objects.hash(ids, featureNames, Arrays.deepHashCode(features));
  }

  @Override
  public String toString() {
    return "PartyDataset["
        + ids.size()
        + " rows, features "
        + featureNames
        + (labels.isPresent() ? ", labelled" : "")
        + "]";
  }
}
