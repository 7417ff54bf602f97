package org.cybervein.storageproofs.pospace;

import java.util.List;
import java.util.Objects;

/**
 * The answer to one challenge of Algorithm 2: the opening of the challenged node v and the openings
 * of all its parents, in the order {@link SpaceGraph#parents(long)} lists them, so that the
 * verifier can recompute l_v.
 *
 * @param node the opening of the challenged node
 * @param parents the openings of its parents, in label order
 */
public record CommitOpening(LabelOpening node, List<LabelOpening> parents) {
  /**
   * Copies the parents.
   *
   * @param node the opening of the challenged node
   * @param parents the openings of its parents, in label order
   * @throws IllegalArgumentException if there are more than {@link GraphParameters#MAX_PARENTS}
   */
  public CommitOpening {
    Objects.requireNonNull(node, "node");
    parents = List.copyOf(parents);
    if (parents.size() > GraphParameters.MAX_PARENTS) {
      throw new IllegalArgumentException("at most " + GraphParameters.MAX_PARENTS + " parents");
    }
  }
}
