package org.cybervein.fl.alignment;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.cybervein.fl.data.PartyDataset;

/**
 * The outcome of Part I, private sample alignment: the ids of the users both A and B hold, in one
 * canonical order (ascending by {@link String#compareTo}) that each party derives by itself, so
 * that row i of A's aligned data and row i of B's describe the same user. Neither party learns the
 * ids only the other holds.
 *
 * @param ids the common ids, distinct and in canonical order
 */
public record AlignedSamples(List<String> ids) {
  /**
   * Rejects ids that are not distinct, non-empty and in canonical order.
   *
   * @param ids the common ids, distinct and in canonical order
   */
  public AlignedSamples {
    ids = List.copyOf(ids);
    for (int i = 0; i < ids.size(); i++) {
      if (ids.get(i).isEmpty() || (i > 0 && ids.get(i - 1).compareTo(ids.get(i)) >= 0)) {
        throw new IllegalArgumentException("ids must be non-empty, distinct and sorted");
      }
    }
  }

  /**
   * The common ids of an intersection, put in canonical order.
   *
   * @param intersection the ids both parties hold, in any order
   * @return the aligned samples, sorted
   */
  public static AlignedSamples of(Collection<String> intersection) {
    return new AlignedSamples(List.copyOf(new TreeSet<>(intersection)));
  }

  /**
   * The number of common users.
   *
   * @return the count of common ids
   */
  public int size() {
    return ids.size();
  }

  /**
   * A party's rows of the common users, in canonical order: the input of vertical training.
   *
   * @param data one party's dataset, holding every common id
   * @return its rows of the common ids, in canonical order
   * @throws IllegalArgumentException if the dataset lacks one of the ids
   */
  public PartyDataset align(PartyDataset data) {
    return data.select(ids);
  }
}
