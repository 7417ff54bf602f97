package org.cybervein.ledger.state;

import org.cybervein.api.store.WriteBatch;
import org.cybervein.ledger.InvalidLedgerInputException;

/**
 * Writes of another component that must land in the same atomic {@link WriteBatch} as a block's
 * state change, so that after a crash the store holds both or neither. A chain keeps its tip and
 * the block's undo data this way ({@link LedgerState#apply(BlockContext, java.util.List,
 * CoupledWrites)}).
 *
 * <p>The writes may use any key outside the state's own key space: keys beginning with {@code 'n'},
 * {@code 'v'} or {@code 'm'} are the state's ({@link LedgerState#isStateKey}).
 */
@FunctionalInterface
public interface CoupledWrites {
  /** No writes. */
  CoupledWrites NONE = effects -> WriteBatch.builder().build();

  /**
   * The writes to make with the block whose effects are {@code effects}; called once, after the
   * block's transactions ran and before anything is written.
   *
   * @param effects what the block did: its roots, fees and undo data
   * @return the writes to add to the block's atomic batch, on keys outside the state's key space;
   *     may be empty
   * @throws InvalidLedgerInputException to refuse the block after all (e.g. its state root is not
   *     the one its header claims): nothing is written and the state stays as it was
   */
  WriteBatch writesFor(BlockEffects effects) throws InvalidLedgerInputException;
}
