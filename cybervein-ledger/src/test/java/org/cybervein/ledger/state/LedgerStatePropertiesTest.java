package org.cybervein.ledger.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.account.Account;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.ContractRegistry;
import org.cybervein.ledger.testing.StateFixture;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.cybervein.ledger.transaction.Transfer;
import org.cybervein.storageproofs.poc.RewardSplit;
import org.junit.jupiter.api.Test;

/**
 * Long random runs of blocks (valid and invalid), reverts and reorganisations against a plain model
 * of balances and nonces.
 */
class LedgerStatePropertiesTest {
  private static final int KEYS = 6;
  private static final int FUNDED = 4;
  private static final long EACH = 10_000;
  private static final Genesis GENESIS = StateFixture.genesis(FUNDED, EACH);

  /** The plain model: balances and nonces in a sorted map, the supply as a long. */
  private static final class Model {
    final TreeMap<Address, Account> accounts = new TreeMap<>();
    long supply;

    Model() {
      GENESIS.allocations().forEach((a, v) -> accounts.put(a, new Account(v, 0)));
      supply = GENESIS.initialSupply().baseUnits();
    }

    Model(Model other) {
      accounts.putAll(other.accounts);
      supply = other.supply;
    }

    Account get(Address a) {
      return accounts.getOrDefault(a, Account.EMPTY);
    }

    void set(Address a, long balance, long nonce) {
      Account acc = new Account(Amount.ofBaseUnits(balance), nonce);
      if (acc.isEmpty()) {
        accounts.remove(a);
      } else {
        accounts.put(a, acc);
      }
    }

    /** Applies a block; the reason of the first failure, or empty on success (then mutated). */
    Optional<Reason> apply(BlockContext block, List<SignedTransaction> txs) {
      Model work = new Model(this);
      long fees = 0;
      for (SignedTransaction s : txs) {
        Address from = s.transaction().senderAddress();
        Account acc = work.get(from);
        if (s.transaction().nonce() != acc.nonce()) {
          return Optional.of(Reason.BAD_NONCE);
        }
        long fee = s.transaction().fee().baseUnits();
        if (fee < StateFixture.MIN_FEE.baseUnits()) {
          return Optional.of(Reason.FEE_TOO_LOW);
        }
        Transfer t = (Transfer) s.transaction().payload();
        long total = t.amount().baseUnits() + fee;
        if (acc.balance().baseUnits() < total) {
          return Optional.of(Reason.INSUFFICIENT_FUNDS);
        }
        work.set(from, acc.balance().baseUnits() - total, acc.nonce() + 1);
        Account to = work.get(t.to());
        work.set(t.to(), to.balance().baseUnits() + t.amount().baseUnits(), to.nonce());
        fees += fee;
      }
      List<BigInteger> weights = new ArrayList<>();
      block.contributions().forEach(c -> weights.add(c.weight()));
      List<Amount> parts =
          RewardSplit.splitByWeights(
              Amount.ofBaseUnits(block.reward().baseUnits() + fees), weights);
      for (int i = 0; i < parts.size(); i++) {
        Address to = block.contributions().get(i).to();
        Account acc = work.get(to);
        work.set(to, acc.balance().baseUnits() + parts.get(i).baseUnits(), acc.nonce());
      }
      work.supply += block.reward().baseUnits();
      accounts.clear();
      accounts.putAll(work.accounts);
      supply = work.supply;
      return Optional.empty();
    }

    /** The root the model's state must have, by the plain baseline. */
    Hash root() {
      TreeMap<Hash, Bytes> entries = new TreeMap<>();
      accounts.forEach((a, acc) -> entries.put(StateKeys.account(a), StateValues.account(acc)));
      entries.put(StateKeys.totalSupply(), StateValues.supply(Amount.ofBaseUnits(supply)));
      return PlainStateRoot.root(entries);
    }
  }

  private record AppliedBlock(BlockContext context, List<SignedTransaction> txs, BlockEffects fx) {}

  private static BlockContext randomBlock(SplittableRandom r, long index) {
    int n = r.nextInt(1, 4);
    List<RewardShare> shares = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      shares.add(
          new RewardShare(
              StateFixture.address(r.nextInt(KEYS)),
              BigInteger.valueOf(i == 0 ? 1 + r.nextInt(5) : r.nextInt(5))));
    }
    return new BlockContext(index, index * 1000, Amount.ofBaseUnits(r.nextInt(0, 200)), shares);
  }

  private static List<SignedTransaction> randomTransactions(
      SplittableRandom r, Model model, List<SignedTransaction> history, boolean mostlyValid) {
    int n = r.nextInt(0, 6);
    List<SignedTransaction> txs = new ArrayList<>();
    TreeMap<Address, Long> nonces = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      if (!history.isEmpty() && r.nextInt(mostlyValid ? 40 : 8) == 0) {
        txs.add(history.get(r.nextInt(history.size()))); // a replay
        continue;
      }
      int from = r.nextInt(KEYS);
      Address a = StateFixture.address(from);
      long nonce = nonces.getOrDefault(a, model.get(a).nonce());
      if (r.nextInt(mostlyValid ? 50 : 8) == 0) {
        nonce += r.nextBoolean() ? 1 : -1;
        nonce = Math.max(0, nonce);
      } else {
        nonces.put(a, nonce + 1);
      }
      long fee = r.nextInt(mostlyValid ? 50 : 8) == 0 ? r.nextInt(0, 10) : r.nextInt(10, 40);
      long balance = model.get(a).balance().baseUnits();
      long amount = r.nextLong(0, Math.max(1, mostlyValid ? balance / 4 : balance + 100));
      txs.add(
          StateFixture.transfer(from, nonce, fee, StateFixture.address(r.nextInt(KEYS)), amount));
    }
    return txs;
  }

  private static void checkInvariants(LedgerState state, Model model) {
    long sum = 0;
    for (int i = 0; i < KEYS + 1; i++) {
      Address a = StateFixture.address(i);
      Account acc = state.account(a);
      assertEquals(model.get(a), acc, "account " + i);
      assertTrue(acc.balance().baseUnits() >= 0);
      sum += acc.balance().baseUnits();
    }
    assertEquals(model.supply, state.totalSupply().baseUnits(), "supply");
    assertEquals(model.supply, sum, "sum of balances is the supply");
    assertEquals(model.root(), state.root(), "root against the plain baseline");
  }

  @Test
  void randomBlocksRevertsAndReorgsKeepTheStateEqualToTheModel() {
    StateFixture.qt(40)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SplittableRandom r = new SplittableRandom(seed);
              LedgerState state = LedgerState.inMemory(GENESIS, ContractRegistry.empty());
              List<Model> models = new ArrayList<>(List.of(new Model()));
              List<AppliedBlock> chain = new ArrayList<>();
              List<SignedTransaction> history = new ArrayList<>();
              int steps = r.nextInt(10, 40);
              for (int step = 0; step < steps; step++) {
                Model model = models.get(models.size() - 1);
                int action = r.nextInt(10);
                if (action < 6) {
                  BlockContext block = randomBlock(r, chain.size() + 1);
                  List<SignedTransaction> txs = randomTransactions(r, model, history, action < 4);
                  Model next = new Model(model);
                  Optional<Reason> expected = next.apply(block, txs);
                  Hash before = state.root();
                  if (expected.isPresent()) {
                    InvalidLedgerInputException e =
                        assertThrows(
                            InvalidLedgerInputException.class, () -> state.apply(block, txs));
                    assertEquals(expected.get(), e.reason());
                    assertEquals(before, state.root(), "a refused block changes nothing");
                  } else {
                    BlockEffects fx = apply(state, block, txs);
                    assertEquals(before, fx.rootBefore());
                    chain.add(new AppliedBlock(block, txs, fx));
                    models.add(next);
                    history.addAll(txs);
                  }
                } else if (action < 8 && !chain.isEmpty()) {
                  int depth = r.nextInt(1, Math.min(3, chain.size()) + 1);
                  for (int d = 0; d < depth; d++) {
                    AppliedBlock last = chain.remove(chain.size() - 1);
                    state.revert(last.fx());
                    models.remove(models.size() - 1);
                    assertEquals(last.fx().rootBefore(), state.root());
                  }
                } else {
                  BlockContext block = randomBlock(r, chain.size() + 1);
                  List<SignedTransaction> candidates = randomTransactions(r, model, history, false);
                  Hash before = state.root();
                  List<SignedTransaction> chosen = state.selectApplicable(block, candidates);
                  assertEquals(before, state.root(), "selection changes nothing");
                  Model next = new Model(model);
                  assertEquals(Optional.empty(), next.apply(block, chosen));
                  BlockEffects fx = apply(state, block, chosen);
                  chain.add(new AppliedBlock(block, chosen, fx));
                  models.add(next);
                  history.addAll(chosen);
                }
                checkInvariants(state, models.get(models.size() - 1));
              }
              // The state reached through reverts and other branches equals the one built directly.
              LedgerState direct = LedgerState.inMemory(GENESIS, ContractRegistry.empty());
              for (AppliedBlock b : chain) {
                apply(direct, b.context(), b.txs());
              }
              assertEquals(direct.root(), state.root());
            });
  }

  private static BlockEffects apply(
      LedgerState state, BlockContext block, List<SignedTransaction> txs) {
    try {
      return state.apply(block, txs);
    } catch (InvalidLedgerInputException e) {
      throw new AssertionError("valid block refused", e);
    }
  }
}
