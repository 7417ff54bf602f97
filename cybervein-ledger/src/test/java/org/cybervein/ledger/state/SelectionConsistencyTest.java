package org.cybervein.ledger.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.cybervein.api.Amount;
import org.cybervein.api.Hash;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.ContractRegistry;
import org.cybervein.ledger.testing.StateFixture;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.junit.jupiter.api.Test;

/** What a producer selects is what {@link LedgerState#apply} accepts, reward split included. */
class SelectionConsistencyTest {
  private static LedgerState stateWithSupply(long first, long second) {
    TreeMap<Address, Amount> alloc = new TreeMap<>();
    alloc.put(StateFixture.address(0), Amount.ofBaseUnits(first));
    alloc.put(StateFixture.address(1), Amount.ofBaseUnits(second));
    return LedgerState.inMemory(new Genesis(alloc, StateFixture.MIN_FEE), ContractRegistry.empty());
  }

  private static BlockContext block(long reward, Address... paid) {
    List<RewardShare> shares = new ArrayList<>();
    for (int i = 0; i < paid.length; i++) {
      shares.add(new RewardShare(paid[i], BigInteger.valueOf(i + 1)));
    }
    return new BlockContext(1, 1_000, Amount.ofBaseUnits(reward), shares);
  }

  @Test
  void selectsNothingForABlockWhoseRewardCannotBePaid() throws Exception {
    LedgerState state = stateWithSupply(Long.MAX_VALUE - 1_000, 0);
    Hash root = state.root();
    BlockContext block = block(5_000, StateFixture.address(2));
    SignedTransaction tx = StateFixture.transfer(0, 0, 10, StateFixture.address(1), 5);

    List<SignedTransaction> chosen = state.selectApplicable(block, List.of(tx));

    assertEquals(List.of(), chosen, "a block that cannot be paid has nothing applicable");
    InvalidLedgerInputException e =
        assertThrows(InvalidLedgerInputException.class, () -> state.apply(block, chosen));
    assertEquals(Reason.OVERFLOW, e.reason());
    assertEquals(root, state.root());
  }

  @Test
  void selectionNearTheSupplyLimitIsAlwaysApplicable() {
    StateFixture.qt(200)
        .forAll(
            longs().between(0, 2_000),
            longs().between(0, 4_000),
            integers().between(0, 6),
            longs().between(0, 3_000))
        .checkAssert(
            (headroom, reward, count, amount) -> {
              LedgerState state = stateWithSupply(Long.MAX_VALUE - headroom - 1_000, 1_000);
              BlockContext block = block(reward, StateFixture.address(1), StateFixture.address(3));
              List<SignedTransaction> candidates = new ArrayList<>();
              for (int i = 0; i < count; i++) {
                candidates.add(
                    StateFixture.transfer(
                        i % 2, i / 2, 10 + i, StateFixture.address(1 - i % 2), amount));
              }
              Hash root = state.root();
              Amount supply = state.totalSupply();
              List<SignedTransaction> chosen = state.selectApplicable(block, candidates);
              assertEquals(root, state.root(), "selection changes nothing");
              try {
                state.apply(block, chosen);
                assertEquals(supply.plus(block.reward()), state.totalSupply());
              } catch (InvalidLedgerInputException e) {
                assertTrue(chosen.isEmpty(), "a selection of " + chosen.size() + " failed: " + e);
                assertEquals(Reason.OVERFLOW, e.reason());
                assertEquals(root, state.root());
                assertEquals(supply, state.totalSupply());
              }
            });
  }
}
