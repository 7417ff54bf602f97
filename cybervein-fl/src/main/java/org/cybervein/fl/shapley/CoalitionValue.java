package org.cybervein.fl.shapley;

import java.util.Set;

/**
 * The characteristic function v of a cooperative game: what a coalition of parties achieves
 * together, e.g. the validation AUC of the model they train jointly.
 *
 * @param <P> the type that names a party
 */
@FunctionalInterface
public interface CoalitionValue<P> {
  /**
   * The value of {@code coalition}; called once per coalition, including the empty one.
   *
   * @param coalition an unmodifiable subset of the players
   * @return the metric of the model trained by {@code coalition}, higher is better
   */
  double value(Set<P> coalition);
}
