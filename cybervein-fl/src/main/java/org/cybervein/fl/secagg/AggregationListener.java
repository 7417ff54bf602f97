package org.cybervein.fl.secagg;

/** Receives the outcome of each round the server runs. */
public interface AggregationListener {
  /**
   * A round completed with the sum of the surviving clients' inputs.
   *
   * @param result the round, the sum and which clients it includes
   */
  void onAggregate(AggregateResult result);

  /**
   * A round was given up: fewer than the threshold of clients took part in some phase.
   *
   * @param round the round number
   * @param why what was missing, for people
   */
  default void onAbort(long round, String why) {}
}
