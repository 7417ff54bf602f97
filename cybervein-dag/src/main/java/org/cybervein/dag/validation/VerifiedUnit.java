package org.cybervein.dag.validation;

import java.util.Objects;
import org.cybervein.dag.unit.Unit;

/**
 * A unit whose context-free checks passed: its author's signature, its bounds (parents, inline
 * size, clock skew) and, for an attestation, the validator's batch signature and the inclusion
 * proof. Only {@link UnitVerifier} makes these, so holding one is the proof that the checks ran;
 * the DAG's pre-verified ingest path takes them and skips nothing else.
 */
public final class VerifiedUnit {
  private final Unit unit;
  private final UnitVerifier verifiedBy;

  VerifiedUnit(Unit unit, UnitVerifier verifiedBy) {
    this.unit = Objects.requireNonNull(unit, "unit");
    this.verifiedBy = Objects.requireNonNull(verifiedBy, "verifiedBy");
  }

  /**
   * The verifier whose checks this unit passed.
   *
   * @return the verifier
   */
  public UnitVerifier verifiedBy() {
    return verifiedBy;
  }

  /**
   * True if the checks this unit passed are those of {@code verifier}: the same verifier, or one
   * with the same limits and validators.
   *
   * @param verifier the verifier of the DAG about to apply the unit
   * @return true if its checks are the ones this unit passed
   */
  public boolean passedChecksOf(UnitVerifier verifier) {
    return verifiedBy == verifier
        || (verifiedBy.limits().equals(verifier.limits())
            && verifiedBy.validators().equals(verifier.validators()));
  }

  /**
   * The verified unit.
   *
   * @return the unit
   */
  public Unit unit() {
    return unit;
  }

  @Override
  public String toString() {
    return "Verified" + unit;
  }
}
