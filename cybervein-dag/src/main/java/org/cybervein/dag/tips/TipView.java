package org.cybervein.dag.tips;

import java.util.List;
import org.cybervein.api.Hash;

/**
 * What tip selection reads of the DAG. Lists are sorted by unsigned byte order, so that a seeded
 * selection picks the same parents on every run.
 */
public interface TipView {
  /** The id every first unit references; it has no parents. */
  Hash genesis();

  /** The stored units no stored unit references; empty for an empty DAG. */
  List<Hash> tips();

  /** The stored units that reference {@code id} (the genesis included). */
  List<Hash> children(Hash id);

  /** The parents of a stored unit; empty for the genesis and unknown ids. */
  List<Hash> parents(Hash id);
}
