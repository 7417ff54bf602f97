package org.cybervein.dag.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import org.cybervein.api.Hash;
import org.cybervein.dag.certification.ValidatorBits;
import org.cybervein.dag.unit.Unit;
import org.cybervein.dag.unit.UnitStatus;

/**
 * Everything one ingest step writes, applied by {@link UnitStore#append(UnitBatch)} atomically and
 * durably in one go (group commit): new units with their height and first status, status rises,
 * certification bit sets and finality marks for stored units, and the last applied checkpoint.
 *
 * <p>Within a batch, later entries for the same unit override earlier ones; new units are applied
 * in the order added, so a unit may have a parent added earlier in the same batch. Immutable once
 * built.
 */
public final class UnitBatch {
  /**
   * A unit to store.
   *
   * @param unit the unit, already validated
   * @param height 1 + the largest height among its parents (the genesis has height 0)
   * @param status its first status, {@link UnitStatus#SOLID} or higher
   */
  public record NewUnit(Unit unit, long height, UnitStatus status) {
    /**
     * Checks the height and that the status is a stored one.
     *
     * @param unit the unit, already validated
     * @param height 1 + the largest height among its parents (the genesis has height 0)
     * @param status its first status, {@link UnitStatus#SOLID} or higher
     */
    public NewUnit {
      Objects.requireNonNull(unit, "unit");
      Objects.requireNonNull(status, "status");
      if (height < 1) {
        throw new IllegalArgumentException("a unit's height is at least 1, got " + height);
      }
      if (status == UnitStatus.RECEIVED) {
        throw new IllegalArgumentException("stored units are at least SOLID");
      }
    }
  }

  private final List<NewUnit> units;
  private final Map<Hash, UnitStatus> statuses;
  private final Map<Hash, ValidatorBits> coverage;
  private final Map<Hash, Long> finalizedBy;
  private final OptionalLong checkpoint;

  private UnitBatch(Builder b) {
    this.units = List.copyOf(b.units);
    this.statuses = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.statuses));
    this.coverage = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.coverage));
    this.finalizedBy = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.finalizedBy));
    this.checkpoint = b.checkpoint;
  }

  /**
   * A new, empty builder.
   *
   * @return an empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * New units in the order to apply them.
   *
   * @return the new units
   */
  public List<NewUnit> units() {
    return units;
  }

  /**
   * Status rises, by unit id (stored units or units of this batch).
   *
   * @return the status rises
   */
  public Map<Hash, UnitStatus> statuses() {
    return statuses;
  }

  /**
   * New certification bit sets, by unit id.
   *
   * @return the certification bit sets
   */
  public Map<Hash, ValidatorBits> coverage() {
    return coverage;
  }

  /**
   * The number of the checkpoint that made a unit final, by unit id.
   *
   * @return the checkpoint numbers
   */
  public Map<Hash, Long> finalizedBy() {
    return finalizedBy;
  }

  /**
   * The number of the last checkpoint applied, if this batch applies one.
   *
   * @return the checkpoint number, or empty
   */
  public OptionalLong checkpoint() {
    return checkpoint;
  }

  /**
   * True if the batch writes nothing.
   *
   * @return true if the batch has no entry of any kind
   */
  public boolean isEmpty() {
    return units.isEmpty()
        && statuses.isEmpty()
        && coverage.isEmpty()
        && finalizedBy.isEmpty()
        && checkpoint.isEmpty();
  }

  @Override
  public String toString() {
    return "UnitBatch[units="
        + units.size()
        + ", statuses="
        + statuses.size()
        + ", coverage="
        + coverage.size()
        + ", finalized="
        + finalizedBy.size()
        + "]";
  }

  /** Collects a batch. Not thread-safe. */
  public static final class Builder {
    private final List<NewUnit> units = new ArrayList<>();
    private final Map<Hash, UnitStatus> statuses = new LinkedHashMap<>();
    private final Map<Hash, ValidatorBits> coverage = new LinkedHashMap<>();
    private final Map<Hash, Long> finalizedBy = new LinkedHashMap<>();
    private OptionalLong checkpoint = OptionalLong.empty();

    private Builder() {}

    /**
     * Adds a new unit.
     *
     * @param unit the unit to store
     * @param height its height, 1 more than its highest parent's
     * @param status its initial status, {@link UnitStatus#SOLID} or higher
     * @return this builder
     */
    public Builder add(Unit unit, long height, UnitStatus status) {
      units.add(new NewUnit(unit, height, status));
      return this;
    }

    /**
     * Raises the status of a unit.
     *
     * @param id the unit, stored or added in this batch
     * @param status the new status, not lower than the current one
     * @return this builder
     */
    public Builder status(Hash id, UnitStatus status) {
      statuses.put(Objects.requireNonNull(id, "id"), Objects.requireNonNull(status, "status"));
      return this;
    }

    /**
     * Records the certification bit set of a unit.
     *
     * @param id the unit, stored or added in this batch
     * @param bits the validators known to reference it
     * @return this builder
     */
    public Builder coverage(Hash id, ValidatorBits bits) {
      coverage.put(Objects.requireNonNull(id, "id"), Objects.requireNonNull(bits, "bits"));
      return this;
    }

    /**
     * Records that checkpoint {@code number} made the unit final.
     *
     * @param id the unit, stored or added in this batch
     * @param number the checkpoint number, zero or more
     * @return this builder
     * @throws IllegalArgumentException if {@code number} is negative
     */
    public Builder finalizedBy(Hash id, long number) {
      if (number < 0) {
        throw new IllegalArgumentException("checkpoint numbers are not negative");
      }
      finalizedBy.put(Objects.requireNonNull(id, "id"), number);
      return this;
    }

    /**
     * Records {@code number} as the last applied checkpoint.
     *
     * @param number the checkpoint number, zero or more
     * @return this builder
     * @throws IllegalArgumentException if {@code number} is negative
     */
    public Builder checkpoint(long number) {
      if (number < 0) {
        throw new IllegalArgumentException("checkpoint numbers are not negative");
      }
      checkpoint = OptionalLong.of(number);
      return this;
    }

    /**
     * True if nothing was added yet.
     *
     * @return true if the builder has no entry
     */
    public boolean isEmpty() {
      return units.isEmpty()
          && statuses.isEmpty()
          && coverage.isEmpty()
          && finalizedBy.isEmpty()
          && checkpoint.isEmpty();
    }

    /**
     * The batch. The builder may be reused afterwards; it keeps its entries.
     *
     * @return a batch of the entries added so far
     */
    public UnitBatch build() {
      return new UnitBatch(this);
    }
  }
}
