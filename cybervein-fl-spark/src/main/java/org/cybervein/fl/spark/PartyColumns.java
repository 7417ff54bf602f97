package org.cybervein.fl.spark;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which columns of a table hold a party's rows: the sample id the parties aligned on, and the
 * feature columns in the order of the weights {@code w_A}.
 *
 * @param id the id column
 * @param features the feature columns, at least one, no duplicates, none equal to the id column
 */
public record PartyColumns(String id, List<String> features) {
  /**
   * Checks the columns.
   *
   * @param id the id column
   * @param features the feature columns, in the order of the weights
   * @throws IllegalArgumentException if there is no feature, a name is empty or repeated
   */
  public PartyColumns {
    Objects.requireNonNull(id, "id");
    features = List.copyOf(features);
    if (id.isEmpty() || features.isEmpty()) {
      throw new IllegalArgumentException("need an id column and at least one feature column");
    }
    Set<String> seen = new HashSet<>();
    seen.add(id);
    for (String f : features) {
      if (f.isEmpty() || !seen.add(f)) {
        throw new IllegalArgumentException("empty or repeated column name '" + f + "'");
      }
    }
  }
}
