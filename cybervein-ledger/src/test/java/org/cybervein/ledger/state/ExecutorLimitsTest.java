package org.cybervein.ledger.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.CallContext;
import org.cybervein.ledger.contract.ContractId;
import org.cybervein.ledger.contract.ContractRegistry;
import org.cybervein.ledger.contract.NativeContract;
import org.cybervein.ledger.testing.StateFixture;
import org.cybervein.ledger.transaction.ContractCall;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.cybervein.ledger.transaction.Transaction;
import org.junit.jupiter.api.Test;

/**
 * Limits of the executor on states near the ends of the number range: an account whose nonce
 * reached {@link Long#MAX_VALUE} cannot send (there is no next nonce), and a transfer that
 * overflows its receiver leaves nothing behind even when the contract catches the refusal.
 */
class ExecutorLimitsTest {
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

  /** Transfers 500 to {@link #PAYEE} and records the refusal it catches, if any. */
  private static final class CatchingPayer implements NativeContract {
    static final ContractId ID = new ContractId("catching-payer", 1);

    @Override
    public ContractId id() {
      return ID;
    }

    @Override
    public void call(CallContext context, Bytes input) {
      try {
        context.transferFromCaller(PAYEE, Amount.ofBaseUnits(500));
      } catch (InvalidLedgerInputException e) {
        context.storage().put(Bytes.utf8("refused"), Bytes.utf8(e.reason().name()));
      }
    }
  }

  private static final Address PAYEE = StateFixture.address(9);

  @Test
  void aTransferFromTheCallerThatFailsLeavesTheCallerUndebited() throws Exception {
    MapState state = new MapState();
    Hash caller = StateKeys.account(StateFixture.address(0));
    state.put(caller, StateValues.account(new Account(Amount.ofBaseUnits(1_000), 0)));
    // A receiver so rich that the transfer overflows (only a state built by hand holds one).
    state.put(
        StateKeys.account(PAYEE),
        StateValues.account(new Account(Amount.ofBaseUnits(Long.MAX_VALUE - 100), 0)));
    TransactionExecutor executor =
        new TransactionExecutor(
            state,
            ContractRegistry.of(new CatchingPayer()),
            StateFixture.MIN_FEE,
            StateFixture.block(1, 0, StateFixture.address(2)));
    SignedTransaction tx =
        SignedTransaction.sign(
            new Transaction(
                StateFixture.key(0).publicKey(),
                0,
                StateFixture.MIN_FEE,
                new ContractCall(CatchingPayer.ID, Bytes.EMPTY)),
            StateFixture.key(0));

    executor.execute(tx);

    assertEquals(
        new Account(Amount.ofBaseUnits(1_000).minus(StateFixture.MIN_FEE), 1),
        StateValues.decodeAccount(state.get(caller).orElseThrow()),
        "only the fee left the caller");
    assertEquals(
        Optional.of(Bytes.utf8("OVERFLOW")),
        state.get(StateKeys.contractEntry(CatchingPayer.ID, Bytes.utf8("refused"))));
  }

  @Test
  void aTransactionWhoseFeeWouldOverflowThePaymentIsNotKeptForTheBlock() throws Exception {
    // A hand-made state whose balances exceed its supply entry: the only way to make the payment
    // depend on the transactions chosen.
    MapState state = new MapState();
    Address winner = StateFixture.address(2);
    state.put(StateKeys.totalSupply(), StateValues.supply(Amount.ofBaseUnits(1_000)));
    state.put(
        StateKeys.account(StateFixture.address(0)),
        StateValues.account(new Account(Amount.ofBaseUnits(1_000), 0)));
    state.put(
        StateKeys.account(winner),
        StateValues.account(new Account(Amount.ofBaseUnits(Long.MAX_VALUE - 50), 0)));
    TreeMap<Hash, Bytes> before = new TreeMap<>(state.entries);
    TransactionExecutor executor =
        new TransactionExecutor(
            state,
            ContractRegistry.empty(),
            StateFixture.MIN_FEE,
            StateFixture.block(1, 10, winner));
    assertTrue(executor.canFinish());
    assertEquals(before, state.entries, "the dry run changes nothing");

    InvalidLedgerInputException e =
        assertThrows(
            InvalidLedgerInputException.class,
            () ->
                executor.executeKeepingBlockPayable(
                    StateFixture.transfer(0, 0, 100, StateFixture.address(1), 5)));
    assertEquals(Reason.OVERFLOW, e.reason());
    assertEquals(before, state.entries);
    assertEquals(Amount.ZERO, executor.fees());
    assertEquals(0, executor.executedCount());
    // A cheaper transaction keeps the block payable and stays.
    executor.executeKeepingBlockPayable(
        StateFixture.transfer(0, 0, 20, StateFixture.address(1), 5));
    assertEquals(1, executor.executedCount());
    executor.finish();
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
