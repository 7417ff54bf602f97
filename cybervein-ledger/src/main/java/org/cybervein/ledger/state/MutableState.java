package org.cybervein.ledger.state;

import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;

/**
 * State entries by state key ({@link org.cybervein.ledger.state.StateKeys}) being changed by a
 * block, with savepoints: {@link #rollbackTo} undoes every put and delete made since {@link
 * #savepoint} returned. Not thread-safe; one block at a time.
 */
public interface MutableState {
  /** The entry's current value, with the writes made so far. */
  Optional<Bytes> get(Hash stateKey);

  /** Sets an entry. */
  void put(Hash stateKey, Bytes value);

  /** Removes an entry; nothing happens if there is none. */
  void delete(Hash stateKey);

  /** A mark to roll back to; marks nest (a later mark lies within an earlier one). */
  int savepoint();

  /**
   * Undoes every write made since {@code savepoint} was taken; later marks become invalid.
   *
   * @throws IllegalArgumentException if the mark is not a valid one
   */
  void rollbackTo(int savepoint);
}
