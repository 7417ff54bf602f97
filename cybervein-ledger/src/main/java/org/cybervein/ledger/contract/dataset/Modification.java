package org.cybervein.ledger.contract.dataset;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import org.cybervein.api.Hash;
import org.cybervein.ledger.account.Address;

/**
 * One recorded modification of a data set: the new content and the DAG units that carry the change
 * (each data write is a DAG unit; the contract records their ids, the DAG holds and confirms them).
 *
 * @param version the version this modification made, 1 or more
 * @param modifier who recorded it (the owner or an account with modify permission)
 * @param contentHash the content's hash after the change
 * @param size the size after the change, at least 1
 * @param units the DAG unit ids, 1 to {@link #MAX_UNITS}, distinct
 * @param block the index of the block that recorded it
 * @param transaction the id of the transaction that recorded it
 */
public record Modification(
    long version,
    Address modifier,
    Hash contentHash,
    long size,
    List<Hash> units,
    long block,
    Hash transaction) {
  /** The most DAG units one modification references. */
  public static final int MAX_UNITS = 64;

  /**
   * Checks the parts and copies the list.
   *
   * @param version the version this modification made, 1 or more
   * @param modifier who recorded it (the owner or an account with modify permission)
   * @param contentHash the content's hash after the change
   * @param size the size after the change, at least 1
   * @param units the DAG unit ids, 1 to {@link #MAX_UNITS}, distinct
   * @param block the index of the block that recorded it
   * @param transaction the id of the transaction that recorded it
   */
  public Modification {
    Objects.requireNonNull(modifier, "modifier");
    Objects.requireNonNull(contentHash, "contentHash");
    Objects.requireNonNull(transaction, "transaction");
    units = List.copyOf(units);
    if (version < 1 || size < 1 || block < 0) {
      throw new IllegalArgumentException("version, size or block out of range");
    }
    checkUnits(units);
  }

  static void checkUnits(List<Hash> units) {
    if (units.isEmpty() || units.size() > MAX_UNITS) {
      throw new IllegalArgumentException("1 to " + MAX_UNITS + " units");
    }
    if (new HashSet<>(units).size() != units.size()) {
      throw new IllegalArgumentException("units repeat");
    }
  }
}
