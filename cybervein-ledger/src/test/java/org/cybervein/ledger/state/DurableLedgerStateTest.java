package org.cybervein.ledger.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.cybervein.api.Hash;
import org.cybervein.dag.store.LmdbKeyValueStore;
import org.cybervein.ledger.account.Account;
import org.cybervein.ledger.contract.ContractRegistry;
import org.cybervein.ledger.testing.StateFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableLedgerStateTest {
  @TempDir Path dir;

  private LmdbKeyValueStore store() {
    return LmdbKeyValueStore.builder(dir).durability(LmdbKeyValueStore.Durability.NO_SYNC).open();
  }

  @Test
  void reopenedStateHasTheSameRootBalancesAndOldProofs() throws Exception {
    Genesis genesis = StateFixture.genesis(3, 1_000);
    Hash root1;
    Hash root2;
    Account a0;
    try (LmdbKeyValueStore store = store()) {
      LedgerState state = LedgerState.open(store, genesis, ContractRegistry.empty());
      state.apply(
          StateFixture.block(1, 50, StateFixture.address(2)),
          List.of(StateFixture.transfer(0, 0, 10, StateFixture.address(1), 100)));
      root1 = state.root();
      BlockEffects fx =
          state.apply(
              StateFixture.block(2, 50, StateFixture.address(2)),
              List.of(StateFixture.transfer(1, 0, 10, StateFixture.address(0), 7)));
      state.revert(fx);
      state.apply(
          StateFixture.block(2, 50, StateFixture.address(1)),
          List.of(StateFixture.transfer(1, 0, 11, StateFixture.address(0), 8)));
      root2 = state.root();
      a0 = state.account(StateFixture.address(0));
    }
    try (LmdbKeyValueStore store = store()) {
      LedgerState state = LedgerState.open(store, genesis, ContractRegistry.empty());
      assertEquals(root2, state.root());
      assertEquals(a0, state.account(StateFixture.address(0)));
      assertEquals(
          genesis.initialSupply().plus(org.cybervein.api.Amount.ofBaseUnits(100)),
          state.totalSupply());
      Hash key = StateKeys.account(StateFixture.address(0));
      StateProof old = state.prove(root1, key);
      assertTrue(old.verify(root1, key, state.valueAt(root1, key)));
      assertTrue(state.prove(key).verify(root2, key, state.value(key)));
      assertEquals(
          Optional.empty(), state.valueAt(root1, StateKeys.account(StateFixture.address(9))));
    }
  }

  @Test
  void refusesAStoreOfAnotherGenesis() {
    try (LmdbKeyValueStore store = store()) {
      LedgerState.open(store, StateFixture.genesis(2, 5), ContractRegistry.empty());
    }
    try (LmdbKeyValueStore store = store()) {
      assertThrows(
          IllegalArgumentException.class,
          () -> LedgerState.open(store, StateFixture.genesis(2, 6), ContractRegistry.empty()));
    }
  }
}
