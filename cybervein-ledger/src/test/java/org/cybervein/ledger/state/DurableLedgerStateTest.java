package org.cybervein.ledger.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.cybervein.api.Hash;
import org.cybervein.ledger.account.Account;
import org.cybervein.ledger.contract.ContractRegistry;
import org.cybervein.ledger.testing.StateFixture;
import org.cybervein.store.lmdb.LmdbKeyValueStore;
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
  void lmdbAndInMemoryStatesAgreeOnEveryRoot() throws Exception {
    Genesis genesis = StateFixture.genesis(4, 5_000);
    LedgerState memory = LedgerState.inMemory(genesis, ContractRegistry.empty());
    try (LmdbKeyValueStore store = store()) {
      LedgerState durable = LedgerState.open(store, genesis, ContractRegistry.empty());
      assertEquals(memory.root(), durable.root());
      for (int b = 1; b <= 20; b++) {
        List<org.cybervein.ledger.transaction.SignedTransaction> txs =
            List.of(
                StateFixture.transfer(b % 4, (b - 1) / 4, 10, StateFixture.address(b % 7), b),
                StateFixture.transfer((b + 1) % 4, 1_000, 10, StateFixture.address(1), 1));
        BlockContext block = StateFixture.block(b, 3, StateFixture.address(b % 5));
        List<org.cybervein.ledger.transaction.SignedTransaction> chosen =
            memory.selectApplicable(block, txs);
        assertEquals(chosen, durable.selectApplicable(block, txs));
        BlockEffects m = memory.apply(block, chosen);
        BlockEffects d = durable.apply(block, chosen);
        assertEquals(m, d);
        assertEquals(memory.root(), durable.root());
      }
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
