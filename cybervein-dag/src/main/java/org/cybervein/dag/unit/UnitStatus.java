package org.cybervein.dag.unit;

/**
 * How far a unit has come. Statuses only ever rise, in declaration order: a unit never goes back
 * from {@link #CERTIFIED} to {@link #SOLID}, for example. A status may be skipped (a checkpoint can
 * make a solid unit final at once).
 */
public enum UnitStatus {
  /** Decoded and signature-checked, but some of its past is still missing; not stored yet. */
  RECEIVED,
  /** Its whole past is present and valid, and it is stored. */
  SOLID,
  /**
   * Units of at least {@code n - f} distinct, non-equivocating validators reference it directly or
   * transitively.
   */
  CERTIFIED,
  /** A checkpoint of the blockchain layer covers it. */
  FINAL;

  /**
   * True if this status is at least {@code other}.
   *
   * @param other the status to compare with
   * @return true if this status is {@code other} or later in the lifecycle
   */
  public boolean isAtLeast(UnitStatus other) {
    return compareTo(other) >= 0;
  }
}
