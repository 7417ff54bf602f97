package org.cybervein.ledger.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.database.DatabaseCall;
import org.cybervein.ledger.contract.database.DatabaseContract;
import org.cybervein.ledger.contract.database.DatabaseId;
import org.cybervein.ledger.contract.database.Member;
import org.cybervein.ledger.contract.dataset.DataSetCall;
import org.cybervein.ledger.contract.dataset.DataSetContract;
import org.cybervein.ledger.contract.dataset.DataSetFees;
import org.cybervein.ledger.contract.dataset.DataSetId;
import org.cybervein.ledger.contract.dataset.Permissions;
import org.cybervein.ledger.state.BlockContext;
import org.cybervein.ledger.state.BlockEffects;
import org.cybervein.ledger.state.Genesis;
import org.cybervein.ledger.state.LedgerState;
import org.cybervein.ledger.state.RewardShare;
import org.cybervein.ledger.transaction.ContractCall;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.cybervein.ledger.transaction.Transaction;
import org.junit.jupiter.api.Test;

/**
 * Random blocks of data set and database calls (many refused by the contracts) through the real
 * ledger state, with reverts: the supply equals the sum of balances and grows only by rewards, a
 * revert restores the root exactly, and re-applying the same block reaches the same root.
 */
class ContractsStatePropertyTest {
  static final int ACCOUNTS = 5;
  static final Amount FEE = Amount.ofBaseUnits(10);
  static final Address CONTRIBUTOR = Keys.address(99);

  @Test
  void randomContractBlocksConserveSupplyAndRevertExactly() {
    Seeds.qt(20)
        .forAll(lists().of(integers().all()).ofSizeBetween(1, 12))
        .checkAssert(ContractsStatePropertyTest::run);
  }

  static void run(List<Integer> blocks) {
    TreeMap<Address, Amount> alloc = new TreeMap<>();
    for (int i = 1; i <= ACCOUNTS; i++) {
      alloc.put(Keys.address(i), Amount.ofBaseUnits(200_000));
    }
    LedgerState state =
        LedgerState.inMemory(
            new Genesis(alloc, FEE),
            ContractRegistry.of(
                new DataSetContract(
                    new DataSetFees(Amount.ofBaseUnits(100), Amount.ofBaseUnits(50), 1_500)),
                new DatabaseContract()));
    Map<Integer, Long> nonces = new HashMap<>();
    Amount minted = Amount.ZERO;
    long index = 0;
    for (int seed : blocks) {
      SplittableRandom r = new SplittableRandom(seed);
      List<SignedTransaction> candidates = new ArrayList<>();
      Map<Integer, Long> tentative = new HashMap<>(nonces);
      for (int t = r.nextInt(6); t >= 0; t--) {
        int who = 1 + r.nextInt(ACCOUNTS);
        ContractCall call = randomCall(r, who);
        long nonce = tentative.merge(who, 1L, Long::sum) - 1;
        Ed25519PrivateKey key = Keys.privateKey(who);
        candidates.add(
            SignedTransaction.sign(new Transaction(key.publicKey(), nonce, FEE, call), key));
      }
      long reward = r.nextInt(1_000);
      BlockContext block =
          new BlockContext(
              ++index,
              1_000 * index,
              Amount.ofBaseUnits(reward),
              List.of(new RewardShare(CONTRIBUTOR, BigInteger.ONE)));
      List<SignedTransaction> chosen = state.selectApplicable(block, candidates);
      Hash before = state.root();
      BlockEffects effects;
      try {
        effects = state.apply(block, chosen);
      } catch (InvalidLedgerInputException e) {
        throw new AssertionError("a selected block did not apply", e);
      }
      if (r.nextInt(4) == 0) {
        state.revert(effects);
        assertEquals(before, state.root());
        try {
          assertEquals(effects.rootAfter(), state.apply(block, chosen).rootAfter());
        } catch (InvalidLedgerInputException e) {
          throw new AssertionError(e);
        }
      }
      minted = minted.plus(Amount.ofBaseUnits(reward));
      for (SignedTransaction tx : chosen) {
        for (int i = 1; i <= ACCOUNTS; i++) {
          if (tx.transaction().sender().equals(Keys.key(i))) {
            nonces.merge(i, 1L, Long::sum);
          }
        }
      }
      Amount sum = state.account(CONTRIBUTOR).balance();
      for (int i = 1; i <= ACCOUNTS; i++) {
        sum = sum.plus(state.account(Keys.address(i)).balance());
        assertEquals(nonces.getOrDefault(i, 0L), state.account(Keys.address(i)).nonce());
      }
      assertEquals(state.totalSupply(), sum);
      assertEquals(Amount.ofBaseUnits(200_000L * ACCOUNTS).plus(minted), state.totalSupply());
    }
    // Every held data set is the one its id names, and every database's first members are the
    // ones it was created with.
    for (int owner = 1; owner <= ACCOUNTS; owner++) {
      for (int n = 0; n < 2; n++) {
        DataSetId id = DataSetId.of(Keys.address(owner), "d" + n);
        String name = "d" + n;
        Address expected = Keys.address(owner);
        DataSetContract.dataSet(k -> state.contractEntry(DataSetContract.ID, k), id)
            .ifPresent(
                d -> {
                  assertEquals(expected, d.owner());
                  assertEquals(name, d.name());
                });
      }
      DatabaseContract.database(
              k -> state.contractEntry(DatabaseContract.ID, k),
              DatabaseId.of(Keys.address(owner), "db"))
          .ifPresent(d -> assertEquals(members(), d.members().subList(0, 4)));
    }
  }

  static List<Member> members() {
    List<Member> members = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      members.add(new Member(Keys.address(i), Keys.key(200 + i)));
    }
    return members;
  }

  static ContractCall randomCall(SplittableRandom r, int who) {
    int owner = 1 + r.nextInt(ACCOUNTS);
    DataSetId ds = DataSetId.of(Keys.address(owner), "d" + r.nextInt(2));
    DatabaseId db = DatabaseId.of(Keys.address(owner), "db");
    Address target = Keys.address(1 + r.nextInt(ACCOUNTS));
    Bytes input;
    boolean dataSet = r.nextBoolean();
    if (dataSet) {
      input =
          switch (r.nextInt(5)) {
            case 0 ->
                new DataSetCall.Register(
                        "d" + r.nextInt(2),
                        Hash.ZERO,
                        1 + r.nextInt(4 << 20),
                        Amount.ofBaseUnits(r.nextInt(30_000)),
                        List.of(Keys.address(90)))
                    .encode();
            case 1, 2 -> new DataSetCall.Download(ds).encode();
            case 3 ->
                new DataSetCall.SetPermissions(
                        ds,
                        target,
                        new Permissions(r.nextBoolean(), r.nextBoolean(), r.nextBoolean()))
                    .encode();
            default -> new DataSetCall.Share(ds, target).encode();
          };
    } else {
      List<Member> members = members();
      input =
          switch (r.nextInt(3)) {
            case 0 -> new DatabaseCall.Create("db", members).encode();
            case 1 -> new DatabaseCall.Apply(db, Keys.key(250 + who)).encode();
            default -> new DatabaseCall.Vote(db, target, r.nextBoolean()).encode();
          };
    }
    return new ContractCall(dataSet ? DataSetContract.ID : DatabaseContract.ID, input);
  }
}
