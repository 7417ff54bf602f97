package org.cybervein.fl.horizontal;

import java.util.List;
import org.cybervein.api.NodeId;
import org.cybervein.fl.model.LinearModel;

/**
 * The outcome of one round of federated averaging.
 *
 * @param round the round number, from 1
 * @param model the new global model
 * @param included the parties whose updates are in it
 * @param dropped the parties that dropped out mid-round
 */
public record FedAvgRound(
    long round, LinearModel model, List<NodeId> included, List<NodeId> dropped) {
  /**
   * Copies the lists.
   *
   * @param round the round number, from 1
   * @param model the new global model
   * @param included the parties whose updates are in it
   * @param dropped the parties that dropped out mid-round
   */
  public FedAvgRound {
    included = List.copyOf(included);
    dropped = List.copyOf(dropped);
  }
}
