package org.cybervein.fl.horizontal;

/** Follows federated averaging round by round, e.g. to show progress. */
public interface FedAvgListener {
  /**
   * A round completed.
   *
   * @param round the round's number, model and participants
   */
  void onRound(FedAvgRound round);

  /**
   * Training finished after the configured rounds; {@code last} holds the final model.
   *
   * @param last the final round
   */
  default void onFinished(FedAvgRound last) {}

  /**
   * Training stopped: too many consecutive rounds had fewer parties than the threshold.
   *
   * @param why what went wrong, for people
   */
  default void onFailed(String why) {}
}
