package org.cybervein.dag.validation;

import java.util.List;
import java.util.Objects;
import org.cybervein.dag.unit.InvalidUnitException;
import org.cybervein.dag.unit.Unit;

/**
 * The outcome of verifying a batch: the units that passed, in input order, and the ones that did
 * not, each with its reason.
 *
 * @param verified the units that passed, in the order given
 * @param rejected the units that failed, in the order given
 */
public record VerificationResult(List<VerifiedUnit> verified, List<Rejection> rejected) {
  /**
   * Copies the lists.
   *
   * @param verified the units that passed, in the order given
   * @param rejected the units that failed, in the order given
   */
  public VerificationResult {
    verified = List.copyOf(verified);
    rejected = List.copyOf(rejected);
  }

  /**
   * A unit that failed a check.
   *
   * @param unit the unit
   * @param error why it failed
   */
  public record Rejection(Unit unit, InvalidUnitException error) {
    /**
     * Rejects nulls.
     *
     * @param unit the unit
     * @param error why it failed
     */
    public Rejection {
      Objects.requireNonNull(unit, "unit");
      Objects.requireNonNull(error, "error");
    }
  }
}
