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

  VerifiedUnit(Unit unit) {
    this.unit = Objects.requireNonNull(unit, "unit");
  }

  /** The verified unit. */
  public Unit unit() {
    return unit;
  }

  @Override
  public String toString() {
    return "Verified" + unit;
  }
}
