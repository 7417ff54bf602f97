package org.cybervein.dag.tips;

import java.util.List;
import org.cybervein.api.Hash;

/**
 * What tip selection reads of the DAG. Lists are sorted by unsigned byte order, so that a seeded
 * selection picks the same parents on every run.
 */
public interface TipView {
  /**
   * The id every first unit references; it has no parents.
   *
   * @return the genesis id
   */
  Hash genesis();

  /**
   * The stored units no stored unit references; empty for an empty DAG.
   *
   * @return the tip ids, sorted
   */
  List<Hash> tips();

  /**
   * The stored units that reference {@code id} (the genesis included).
   *
   * @param id a stored unit or the genesis
   * @return the ids of its children, sorted; empty for an unknown id
   */
  List<Hash> children(Hash id);

  /**
   * The parents of a stored unit; empty for the genesis and unknown ids.
   *
   * @param id a stored unit
   * @return its parent ids, sorted
   */
  List<Hash> parents(Hash id);
}
