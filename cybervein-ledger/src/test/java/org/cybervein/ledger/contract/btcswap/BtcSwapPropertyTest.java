package org.cybervein.ledger.contract.btcswap;

import static org.cybervein.ledger.contract.btcswap.BitcoinFixtures.REAL_SCRIPT;
import static org.cybervein.ledger.contract.btcswap.BitcoinFixtures.REAL_VALUE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.bitcoin.transaction.BitcoinTransaction;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.contract.Keys;
import org.cybervein.ledger.contract.Seeds;
import org.cybervein.ledger.contract.TestLedger;
import org.cybervein.ledger.contract.btcrelay.BitcoinRelay;
import org.cybervein.ledger.contract.htlc.Timelock;
import org.junit.jupiter.api.Test;

/**
 * Random sequences of locks, releases (with the real mainnet proof, on any output, for any swap),
 * refunds by either party and new blocks, each call accepted or refused: CVT is neither made nor
 * lost, the contract holds exactly the open swaps, a refused call changes nothing, and the real
 * transaction's paying output releases at most one swap.
 */
class BtcSwapPropertyTest {
  private static final int PARTIES = 3;
  private static final Amount START = Amount.ofCvt(50);

  @Test
  void supplyIsConservedAndOneOutputReleasesOneSwap() {
    Seeds.qt(30).forAll(longs().all()).checkAssert(BtcSwapPropertyTest::run);
  }

  private static void run(long seed) {
    DeterministicRandom random = DeterministicRandom.fromSeed(seed);
    TestLedger ledger = new TestLedger();
    for (int k = 1; k <= PARTIES; k++) {
      ledger.fund(Keys.address(k), START);
    }
    BtcSwapContract swaps = new BtcSwapContract();
    BitcoinRelay relay = BitcoinFixtures.mainnetRelay();
    BitcoinTransaction tx = BitcoinFixtures.realTransaction();
    List<SwapId> ids = new ArrayList<>();
    try {
      ledger.call(
          relay,
          Keys.key(1),
          BitcoinRelay.submitHeadersCall(
              BitcoinFixtures.mainnetHeaders().subList(1, 2 + random.nextInt(6))));
    } catch (InvalidLedgerInputException e) {
      throw new AssertionError(e);
    }
    for (int step = 0; step < 25; step++) {
      int who = 1 + random.nextInt(PARTIES);
      Bytes input;
      switch (random.nextInt(4)) {
        case 0 -> {
          BtcSwapCall.Lock lock =
              new BtcSwapCall.Lock(
                  Keys.address(1 + random.nextInt(PARTIES)),
                  Amount.ofCvt(1 + random.nextInt(30)),
                  new BtcPayment(
                      REAL_VALUE - 1 + random.nextInt(3),
                      random.nextInt(4) == 0 ? Bytes.fromHex("51") : REAL_SCRIPT),
                  1 + random.nextInt(8),
                  0,
                  new Timelock.AtHeight(ledger.blockIndex() + random.nextInt(6)),
                  random.nextInt(4));
          ids.add(lock.idFor(Keys.address(who)));
          input = lock.encode();
        }
        case 1 -> {
          SwapId id = ids.isEmpty() ? SwapId.of(Keys.address(1), 9) : pick(ids, random);
          input =
              new BtcSwapCall.Release(
                      id,
                      tx,
                      random.nextInt(3),
                      BitcoinFixtures.mainnetHeaders().get(0).hash(),
                      BitcoinFixtures.realProof())
                  .encode();
        }
        case 2 -> {
          SwapId id = ids.isEmpty() ? SwapId.of(Keys.address(1), 9) : pick(ids, random);
          input = new BtcSwapCall.Refund(id).encode();
        }
        default -> {
          ledger.nextBlock();
          continue;
        }
      }
      String before = ledger.fingerprint();
      try {
        ledger.call(swaps, Keys.key(who), input);
      } catch (InvalidLedgerInputException e) {
        assertEquals(before, ledger.fingerprint(), "seed " + seed + ": " + e.getMessage());
      }
      check(ledger, ids, seed);
    }
  }

  private static SwapId pick(List<SwapId> ids, DeterministicRandom random) {
    return ids.get(random.nextInt(ids.size()));
  }

  private static void check(TestLedger ledger, List<SwapId> ids, long seed) {
    assertEquals(START.times(PARTIES), ledger.supply(), "seed " + seed);
    Amount open = Amount.ZERO;
    int released = 0;
    for (SwapId id : ids.stream().distinct().toList()) {
      var swap = BtcSwapContract.swap(ledger.entries(BtcSwapContract.ID), id);
      if (swap.isEmpty()) {
        continue;
      }
      if (swap.get().isOpen()) {
        open = open.plus(swap.get().amount());
      }
      if (swap.get().status() == SwapStatus.RELEASED) {
        released++;
      }
    }
    assertEquals(open, ledger.balance(BtcSwapContract.ID.account()), "seed " + seed);
    assertTrue(released <= 1, "seed " + seed + ": one output paid " + released + " swaps");
  }
}
