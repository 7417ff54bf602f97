package org.cybervein.dag;

import java.util.Objects;
import org.cybervein.api.Hash;
import org.cybervein.dag.certification.ValidatorSet;
import org.cybervein.dag.unit.UnitLimits;

/**
 * What every node of one network must agree on, plus the local memory bound.
 *
 * @param genesis the id every author's first unit references; it stands for the empty past and is
 *     never stored
 * @param limits the bounds on units
 * @param validators the validators whose units certify and whose attestations count
 * @param maxUnsolidBytes the most bytes of encoded units held while their parents are missing
 */
public record DagConfig(
    Hash genesis, UnitLimits limits, ValidatorSet validators, long maxUnsolidBytes) {
  /** The default bound of the unsolid buffer: 64 MiB. */
  public static final long DEFAULT_MAX_UNSOLID_BYTES = 64L * 1024 * 1024;

  /**
   * Checks the components.
   *
   * @param genesis the id every author's first unit references; it stands for the empty past and is
   *     never stored
   * @param limits the bounds on units
   * @param validators the validators whose units certify and whose attestations count
   * @param maxUnsolidBytes the most bytes of encoded units held while their parents are missing
   */
  public DagConfig {
    Objects.requireNonNull(genesis, "genesis");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(validators, "validators");
    if (maxUnsolidBytes < 0) {
      throw new IllegalArgumentException("maxUnsolidBytes must not be negative");
    }
  }

  /** The share of the unsolid buffer one peer may fill: a quarter. */
  public static final int UNSOLID_SHARES = 4;

  /**
   * The most bytes of held units one peer's units may take in the unsolid buffer: {@code
   * maxUnsolidBytes / UNSOLID_SHARES}, but at least one unit of the largest size. A peer over it
   * displaces only its own held units.
   *
   * @return the per-peer byte quota of the unsolid buffer
   */
  public long maxUnsolidBytesPerPeer() {
    return Math.min(
        maxUnsolidBytes, Math.max(limits.maxEncodedSize(), maxUnsolidBytes / UNSOLID_SHARES));
  }

  /**
   * A configuration with the default limits and buffer bound.
   *
   * @param genesis the id the first units reference
   * @param validators the validators whose units certify
   * @return the configuration
   */
  public static DagConfig of(Hash genesis, ValidatorSet validators) {
    return new DagConfig(genesis, UnitLimits.DEFAULT, validators, DEFAULT_MAX_UNSOLID_BYTES);
  }
}
