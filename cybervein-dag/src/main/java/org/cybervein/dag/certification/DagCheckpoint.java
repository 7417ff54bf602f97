package org.cybervein.dag.certification;

import java.util.List;
import org.cybervein.api.Hash;
import org.cybervein.dag.unit.UnitBody;

/**
 * A checkpoint of the blockchain layer over the DAG: it makes final every unit in the past of its
 * frontier, the frontier units included. Checkpoints are numbered from 0 without gaps and applied
 * in order.
 *
 * @param number the checkpoint's number
 * @param frontier ids of the units it covers with their whole past; sorted and distinct, at least
 *     one
 */
public record DagCheckpoint(long number, List<Hash> frontier) {
  /**
   * Copies the frontier and checks the shape.
   *
   * @param number the checkpoint's number
   * @param frontier ids of the units it covers with their whole past; sorted and distinct, at least
   *     one
   */
  public DagCheckpoint {
    if (number < 0) {
      throw new IllegalArgumentException("checkpoint numbers are not negative, got " + number);
    }
    frontier = List.copyOf(frontier);
    if (frontier.isEmpty()) {
      throw new IllegalArgumentException("a checkpoint covers at least one unit");
    }
    if (!UnitBody.canonicalParents(frontier).equals(frontier)) {
      throw new IllegalArgumentException("the frontier must be sorted and distinct");
    }
  }
}
