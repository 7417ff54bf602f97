package org.cybervein.dag;

import org.cybervein.api.Hash;
import org.cybervein.dag.unit.UnitStatus;

/**
 * Told when a unit reaches a status. Called on the thread that drives the {@link Dag}, after the
 * change is durable in the store, once per unit and status reached; a status a unit skips (solid to
 * final by a checkpoint) is not reported. For one unit the calls come in rising order.
 *
 * <p>{@link org.cybervein.dag.unit.UnitStatus#FINAL} calls come exactly in the final part of the
 * {@link org.cybervein.dag.order.TotalOrder}: checkpoint by checkpoint, and within one by height
 * and id. A consumer that executes final units (the ledger) can rely on that order.
 */
@FunctionalInterface
public interface StatusListener {
  /**
   * Unit {@code unitId} has reached {@code status}.
   *
   * @param unitId the unit's id
   * @param status its new status
   */
  void onStatus(Hash unitId, UnitStatus status);
}
