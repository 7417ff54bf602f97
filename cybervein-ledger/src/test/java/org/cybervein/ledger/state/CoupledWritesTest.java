package org.cybervein.ledger.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.store.InMemoryKeyValueStore;
import org.cybervein.api.store.KeyValueStore;
import org.cybervein.api.store.StoreException;
import org.cybervein.api.store.WriteBatch;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.account.Account;
import org.cybervein.ledger.contract.ContractRegistry;
import org.cybervein.ledger.testing.FailingKeyValueStore;
import org.cybervein.ledger.testing.StateFixture;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.junit.jupiter.api.Test;

/** Writes coupled to a block's state change land with it, atomically, or not at all. */
class CoupledWritesTest {
  private static final Bytes MINE = Bytes.utf8("x-tip");

  private final KeyValueStore store = new InMemoryKeyValueStore();
  private final LedgerState state =
      LedgerState.open(store, StateFixture.genesis(2, 1_000), ContractRegistry.empty());
  private final BlockContext block = StateFixture.block(1, 5, StateFixture.address(1));
  private final List<SignedTransaction> txs =
      List.of(StateFixture.transfer(0, 0, 10, StateFixture.address(1), 100));

  @Test
  void coupledWritesLandWithTheBlockAndItsRevert() throws Exception {
    BlockEffects fx =
        state.apply(
            block, txs, effects -> WriteBatch.builder().put(MINE, effects.encode()).build());
    assertEquals(Optional.of(fx.encode()), store.get(MINE));
    state.revert(fx, WriteBatch.builder().delete(MINE).build());
    assertEquals(Optional.empty(), store.get(MINE));
    assertEquals(fx.rootBefore(), state.root());
  }

  @Test
  void aRefusalFromTheCoupledWritesLeavesEverythingAsItWas() {
    Hash root = state.root();
    Account sender = state.account(StateFixture.address(0));
    InvalidLedgerInputException e =
        assertThrows(
            InvalidLedgerInputException.class,
            () ->
                state.apply(
                    block,
                    txs,
                    effects -> {
                      throw new InvalidLedgerInputException(Reason.BAD_STATE_ROOT, "refused");
                    }));
    assertEquals(Reason.BAD_STATE_ROOT, e.reason());
    assertEquals(root, state.root());
    assertEquals(sender, state.account(StateFixture.address(0)));
    assertEquals(root, LedgerState.open(store, state.genesis(), state.registry()).root());
  }

  @Test
  void coupledWritesMayNotTouchTheStatesKeys() throws Exception {
    Hash root = state.root();
    for (char prefix : new char[] {'n', 'v', 'm'}) {
      Bytes key = Bytes.utf8(prefix + "r");
      assertTrue(LedgerState.isStateKey(key));
      assertThrows(
          IllegalArgumentException.class,
          () -> state.apply(block, txs, effects -> WriteBatch.builder().put(key, MINE).build()));
      assertEquals(root, state.root());
    }
    assertFalse(LedgerState.isStateKey(Bytes.utf8("ct")));
    BlockEffects fx = state.apply(block, txs);
    assertThrows(
        IllegalArgumentException.class,
        () -> state.revert(fx, WriteBatch.builder().delete(Bytes.utf8("mr")).build()));
    assertEquals(fx.rootAfter(), state.root());
  }

  @Test
  void aFailedStoreWriteLeavesNeitherTheStateNorTheCoupledWrites() {
    KeyValueStore underlying = new InMemoryKeyValueStore();
    LedgerState s =
        LedgerState.open(
            new FailingKeyValueStore(underlying, new TreeSet<>(List.of(2L)), false),
            StateFixture.genesis(2, 1_000),
            ContractRegistry.empty());
    Hash root = s.root();
    assertThrows(
        StoreException.class,
        () -> s.apply(block, txs, effects -> WriteBatch.builder().put(MINE, MINE).build()));
    assertEquals(root, s.root());
    assertEquals(Optional.empty(), underlying.get(MINE));
    assertEquals(root, LedgerState.open(underlying, s.genesis(), s.registry()).root());
  }
}
