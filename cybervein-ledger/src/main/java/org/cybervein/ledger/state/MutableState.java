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
  /**
   * The entry's current value, with the writes made so far.
   *
   * @param stateKey the entry's key in the state tree ({@link StateKeys})
   * @return its value as the block's writes so far left it, or empty if it has none
   */
  Optional<Bytes> get(Hash stateKey);

  /**
   * Sets an entry, creating or replacing it.
   *
   * @param stateKey the entry's key in the state tree ({@link StateKeys})
   * @param value its new value; may be empty bytes, which is a value and not a deletion
   */
  void put(Hash stateKey, Bytes value);

  /**
   * Removes an entry; nothing happens if there is none.
   *
   * @param stateKey the entry's key in the state tree ({@link StateKeys})
   */
  void delete(Hash stateKey);

  /**
   * A mark to roll back to; marks nest (a later mark lies within an earlier one).
   *
   * @return the mark, to pass to {@link #rollbackTo}
   */
  int savepoint();

  /**
   * Undoes every write made since {@code savepoint} was taken; later marks become invalid.
   *
   * @param savepoint a mark {@link #savepoint} returned that no earlier rollback invalidated
   * @throws IllegalArgumentException if the mark is not a valid one
   */
  void rollbackTo(int savepoint);
}
