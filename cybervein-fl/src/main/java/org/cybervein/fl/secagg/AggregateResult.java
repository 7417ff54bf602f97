package org.cybervein.fl.secagg;

import java.util.List;
import java.util.Objects;
import org.cybervein.api.NodeId;

/**
 * What the server learns from one round: the sum, modulo 2^64, of the inputs of the clients that
 * survived to the end, and who they were. Nothing else about any single input.
 */
public final class AggregateResult {
  private final long round;
  private final long[] sum;
  private final List<NodeId> included;
  private final List<NodeId> dropped;

  AggregateResult(long round, long[] sum, List<NodeId> included, List<NodeId> dropped) {
    this.round = round;
    this.sum = sum.clone();
    this.included = List.copyOf(included);
    this.dropped = List.copyOf(Objects.requireNonNull(dropped));
  }

  /**
   * The round number.
   *
   * @return the round number, from 0
   */
  public long round() {
    return round;
  }

  /**
   * The sum of the included clients' inputs, element by element modulo 2^64 (a copy).
   *
   * @return a copy of the summed vector
   */
  public long[] sum() {
    return sum.clone();
  }

  /**
   * The clients whose inputs are in the sum, in roster order.
   *
   * @return the included clients' ids
   */
  public List<NodeId> included() {
    return included;
  }

  /**
   * The clients that shared keys but dropped before their masked input arrived.
   *
   * @return the dropped clients' ids, in roster order
   */
  public List<NodeId> dropped() {
    return dropped;
  }

  @Override
  public String toString() {
    return "AggregateResult[round "
        + round
        + ", "
        + included.size()
        + " inputs, dropped "
        + dropped
        + "]";
  }
}
