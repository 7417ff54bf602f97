package org.cybervein.ledger.contract.htlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.cybervein.api.Amount;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.Keys;
import org.cybervein.ledger.contract.htlc.AtomicSwap.Leg;

/** What "an honest party never loses" means, checked on a finished {@link SwapWorld}. */
final class SwapInvariants {
  private SwapInvariants() {}

  /**
   * The initiator's lock is settled; if the participant took it, the initiator took the
   * participant's; and its balances are exactly its start, less fees, less what it gave, plus what
   * it received. Both chains' supplies are their genesis supplies.
   */
  static void assertHonestInitiatorKeptItsDue(SwapWorld w) {
    Optional<HtlcStatus> mine = w.status(Leg.A);
    Optional<HtlcStatus> theirs = w.status(Leg.B);
    assertTrue(mine.isPresent() && mine.get() != HtlcStatus.OPEN, "A lock settled: " + w.log);
    if (mine.get() == HtlcStatus.CLAIMED) {
      assertEquals(Optional.of(HtlcStatus.CLAIMED), theirs, "gave on A, received on B: " + w.log);
    }
    boolean gave = mine.get() == HtlcStatus.CLAIMED;
    boolean received = theirs.equals(Optional.of(HtlcStatus.CLAIMED));
    Address onA = Keys.address(SwapWorld.INITIATOR_A);
    Address onB = Keys.address(SwapWorld.INITIATOR_B);
    assertEquals(
        Amount.ofBaseUnits(SwapWorld.FUNDS)
            .minus(SwapWorld.feesPaid(w.a, onA))
            .minus(gave ? SwapWorld.ON_A : Amount.ZERO),
        w.a.balance(onA));
    Amount receivedAmount =
        received ? w.b.lock(w.terms.lockOnB()).orElseThrow().amount() : Amount.ZERO;
    assertEquals(
        Amount.ofBaseUnits(SwapWorld.FUNDS / 2)
            .minus(SwapWorld.feesPaid(w.b, onB))
            .plus(receivedAmount),
        w.b.balance(onB));
    assertSuppliesConserved(w);
  }

  /** The mirror image for the participant. */
  static void assertHonestParticipantKeptItsDue(SwapWorld w) {
    Optional<HtlcStatus> mine = w.status(Leg.B);
    Optional<HtlcStatus> theirs = w.status(Leg.A);
    if (mine.isEmpty()) {
      // It never locked: nothing at stake, nothing moved on B.
      Address onB = Keys.address(SwapWorld.PARTICIPANT_B);
      assertEquals(
          Amount.ofBaseUnits(SwapWorld.FUNDS).minus(SwapWorld.feesPaid(w.b, onB)),
          w.b.balance(onB));
      assertSuppliesConserved(w);
      return;
    }
    assertTrue(mine.get() != HtlcStatus.OPEN, "B lock settled: " + w.log);
    if (mine.get() == HtlcStatus.CLAIMED) {
      assertEquals(Optional.of(HtlcStatus.CLAIMED), theirs, "gave on B, received on A: " + w.log);
    }
    boolean gave = mine.get() == HtlcStatus.CLAIMED;
    boolean received = theirs.equals(Optional.of(HtlcStatus.CLAIMED));
    Address onA = Keys.address(SwapWorld.PARTICIPANT_A);
    Address onB = Keys.address(SwapWorld.PARTICIPANT_B);
    assertEquals(
        Amount.ofBaseUnits(SwapWorld.FUNDS)
            .minus(SwapWorld.feesPaid(w.b, onB))
            .minus(gave ? SwapWorld.ON_B : Amount.ZERO),
        w.b.balance(onB));
    Amount receivedAmount =
        received ? w.a.lock(w.terms.lockOnA()).orElseThrow().amount() : Amount.ZERO;
    assertEquals(
        Amount.ofBaseUnits(SwapWorld.FUNDS / 2)
            .minus(SwapWorld.feesPaid(w.a, onA))
            .plus(receivedAmount),
        w.a.balance(onA));
    assertSuppliesConserved(w);
  }

  /** No CVT created or destroyed on either chain: the supply is what genesis allocated. */
  static void assertSuppliesConserved(SwapWorld w) {
    Amount total = Amount.ofBaseUnits(SwapWorld.FUNDS + SwapWorld.FUNDS / 2);
    assertEquals(total, w.a.state.totalSupply());
    assertEquals(total, w.b.state.totalSupply());
    for (SwapWorld.SimChain c : new SwapWorld.SimChain[] {w.a, w.b}) {
      Amount sum = c.balance(HtlcContract.ID.account()).plus(c.balance(c.producer));
      for (int k :
          new int[] {
            SwapWorld.INITIATOR_A,
            SwapWorld.INITIATOR_B,
            SwapWorld.PARTICIPANT_A,
            SwapWorld.PARTICIPANT_B
          }) {
        sum = sum.plus(c.balance(Keys.address(k)));
      }
      assertEquals(total, sum, c.leg + ": every base unit is in a known account");
    }
  }
}
