package org.cybervein.ledger.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.account.Account;
import org.cybervein.ledger.contract.ContractRegistry;
import org.cybervein.ledger.state.StateKeys;
import org.cybervein.ledger.state.StateValues;
import org.cybervein.ledger.testing.StateFixture;
import org.junit.jupiter.api.Test;

/** An account whose nonce reached {@link Long#MAX_VALUE} cannot send: there is no next nonce. */
class NonceExhaustionTest {
  /** A plain journaled map, the smallest {@link MutableState}. */
  private static final class MapState implements MutableState {
    private record Undo(Hash key, Optional<Bytes> previous) {}

    final TreeMap<Hash, Bytes> entries = new TreeMap<>();
    private final List<Undo> journal = new ArrayList<>();

    @Override
    public Optional<Bytes> get(Hash stateKey) {
      return Optional.ofNullable(entries.get(stateKey));
    }

    @Override
    public void put(Hash stateKey, Bytes value) {
      journal.add(new Undo(stateKey, Optional.ofNullable(entries.put(stateKey, value))));
    }

    @Override
    public void delete(Hash stateKey) {
      journal.add(new Undo(stateKey, Optional.ofNullable(entries.remove(stateKey))));
    }

    @Override
    public int savepoint() {
      return journal.size();
    }

    @Override
    public void rollbackTo(int savepoint) {
      while (journal.size() > savepoint) {
        Undo u = journal.remove(journal.size() - 1);
        if (u.previous().isPresent()) {
          entries.put(u.key(), u.previous().get());
        } else {
          entries.remove(u.key());
        }
      }
    }
  }

  @Test
  void lastNonceIsRefusedWithOverflowAndChangesNothing() {
    MapState state = new MapState();
    Hash sender = StateKeys.account(StateFixture.address(0));
    state.put(sender, StateValues.account(new Account(Amount.ofBaseUnits(1_000), Long.MAX_VALUE)));
    TreeMap<Hash, Bytes> before = new TreeMap<>(state.entries);
    TransactionExecutor executor =
        new TransactionExecutor(
            state,
            ContractRegistry.empty(),
            StateFixture.MIN_FEE,
            StateFixture.block(1, 0, StateFixture.address(2)));

    InvalidLedgerInputException e =
        assertThrows(
            InvalidLedgerInputException.class,
            () ->
                executor.execute(
                    StateFixture.transfer(0, Long.MAX_VALUE, 10, StateFixture.address(1), 5)));

    assertEquals(Reason.OVERFLOW, e.reason());
    assertEquals(before, state.entries);
    assertEquals(Amount.ZERO, executor.fees());
  }
}
