package org.cybervein.fl.horizontal;

/** Follows federated averaging round by round, e.g. to show progress. */
public interface FedAvgListener {
  /** A round completed. */
  void onRound(FedAvgRound round);

  /** Training finished after the configured rounds; {@code last} holds the final model. */
  default void onFinished(FedAvgRound last) {}

  /** Training stopped: too many consecutive rounds had fewer parties than the threshold. */
  default void onFailed(String why) {}
}
