package org.cybervein.ledger.contract.htlc;

import static org.cybervein.ledger.contract.htlc.SwapWorld.HOUR;
import static org.cybervein.ledger.contract.htlc.SwapWorld.NEVER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cybervein.api.Amount;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.Keys;
import org.cybervein.ledger.contract.htlc.AtomicSwap.Leg;
import org.cybervein.ledger.contract.htlc.SwapWorld.Behaviour;
import org.cybervein.ledger.contract.htlc.SwapWorld.Reorg;
import org.junit.jupiter.api.Test;

/**
 * Every outcome of a swap between two independent chains: both complete; the participant never
 * locks (the initiator refunds after 48 h); the initiator never claims (both refund, the
 * participant after 24 h); a chain reorganises mid-swap (the reverted claims land again). Each run
 * prints its steps.
 */
class AtomicSwapTest {
  static final long RUN = 60 * HOUR;

  static SwapWorld world(Behaviour initiator, Behaviour participant) {
    return new SwapWorld(11, initiator, participant, 0, true);
  }

  @Test
  void theTwoChainsAreIndependent() {
    SwapWorld w = world(Behaviour.PROMPT, Behaviour.PROMPT);
    assertNotEquals(w.a.state.root(), w.b.state.root());
  }

  @Test
  void bothComplete() {
    SwapWorld w = world(Behaviour.PROMPT, Behaviour.PROMPT);
    w.run(RUN, Map.of());
    assertEquals(Optional.of(HtlcStatus.CLAIMED), w.status(Leg.A));
    assertEquals(Optional.of(HtlcStatus.CLAIMED), w.status(Leg.B));
    assertEquals(Optional.of(w.secret), w.participant.core.secret());
    SwapInvariants.assertHonestInitiatorKeptItsDue(w);
    SwapInvariants.assertHonestParticipantKeptItsDue(w);
    // Exact: each gave its amount and received the other's, less one fee per transaction.
    assertEquals(
        Amount.ofBaseUnits(SwapWorld.FUNDS)
            .minus(SwapWorld.ON_A)
            .minus(fees(w.a, SwapWorld.INITIATOR_A)),
        w.a.balance(Keys.address(SwapWorld.INITIATOR_A)));
    assertEquals(
        Amount.ofBaseUnits(SwapWorld.FUNDS / 2)
            .plus(SwapWorld.ON_B)
            .minus(fees(w.b, SwapWorld.INITIATOR_B)),
        w.b.balance(Keys.address(SwapWorld.INITIATOR_B)));
    assertEquals(
        Amount.ofBaseUnits(SwapWorld.FUNDS / 2)
            .plus(SwapWorld.ON_A)
            .minus(fees(w.a, SwapWorld.PARTICIPANT_A)),
        w.a.balance(Keys.address(SwapWorld.PARTICIPANT_A)));
    // Quick: the whole swap takes well under the participant's 24 hours.
    assertTrue(
        w.b.lock(w.terms.lockOnB()).orElseThrow().settledBlock()
            < 24 * HOUR / SwapWorld.BLOCK_MILLIS);
  }

  @Test
  void theParticipantNeverLocksAndTheInitiatorRefundsAfterItsTimelock() {
    SwapWorld w = world(Behaviour.PROMPT, new Behaviour(NEVER, NEVER, NEVER, false));
    w.run(RUN, Map.of());
    assertEquals(Optional.of(HtlcStatus.REFUNDED), w.status(Leg.A));
    assertEquals(Optional.empty(), w.status(Leg.B));
    Htlc a = w.a.lock(w.terms.lockOnA()).orElseThrow();
    long expiry = ((Timelock.AtTime) a.timelock()).timeMillis();
    assertEquals(SwapWorld.START_MILLIS + 48 * HOUR + SwapWorld.BLOCK_MILLIS, expiry);
    assertEquals(
        Amount.ofBaseUnits(SwapWorld.FUNDS).minus(fees(w.a, SwapWorld.INITIATOR_A)),
        w.a.balance(Keys.address(SwapWorld.INITIATOR_A)));
    SwapInvariants.assertHonestInitiatorKeptItsDue(w);
  }

  @Test
  void theInitiatorNeverClaimsAndBothRefund() {
    SwapWorld w = world(new Behaviour(0, NEVER, 0, false), Behaviour.PROMPT);
    w.run(RUN, Map.of());
    assertEquals(Optional.of(HtlcStatus.REFUNDED), w.status(Leg.A));
    assertEquals(Optional.of(HtlcStatus.REFUNDED), w.status(Leg.B));
    assertTrue(w.participant.core.secret().isEmpty());
    // The participant's refund came a day before the initiator's.
    long refundB = w.b.lock(w.terms.lockOnB()).orElseThrow().settledBlock();
    long refundA = w.a.lock(w.terms.lockOnA()).orElseThrow().settledBlock();
    assertTrue(refundA - refundB >= 20 * HOUR / SwapWorld.BLOCK_MILLIS, refundA + " " + refundB);
    assertEquals(
        Amount.ofBaseUnits(SwapWorld.FUNDS).minus(fees(w.b, SwapWorld.PARTICIPANT_B)),
        w.b.balance(Keys.address(SwapWorld.PARTICIPANT_B)));
    SwapInvariants.assertHonestInitiatorKeptItsDue(w);
    SwapInvariants.assertHonestParticipantKeptItsDue(w);
  }

  @Test
  void aReorganisationRevertsBothClaimsAndTheyLandAgain() {
    // Both prompt, instant inclusion: the initiator's claim lands on B in step 8, the
    // participant's on A in step 9 (see bothComplete's printout); reorganise each away.
    SwapWorld w = world(Behaviour.PROMPT, Behaviour.PROMPT);
    w.run(
        RUN,
        Map.of(
            8L, List.of(new Reorg(Leg.B, 1)),
            9L, List.of(new Reorg(Leg.A, 1))));
    long reverted = w.log.stream().filter(l -> l.contains("reorganised")).count();
    assertEquals(2, reverted);
    long claims = w.log.stream().filter(l -> l.contains("claims with the preimage")).count();
    assertTrue(claims >= 3, "the reverted claims were submitted again: " + w.log);
    assertEquals(Optional.of(HtlcStatus.CLAIMED), w.status(Leg.A));
    assertEquals(Optional.of(HtlcStatus.CLAIMED), w.status(Leg.B));
    SwapInvariants.assertHonestInitiatorKeptItsDue(w);
    SwapInvariants.assertHonestParticipantKeptItsDue(w);
  }

  @Test
  void theInitiatorDoesNotRevealTheSecretInsideTheMargin() {
    // Bob fixes his expiry (24 h) when he first decides to lock, then sends the lock 20 h late:
    // it lands with less than the 6 h margin left, so Alice must not claim (a reorganisation
    // could take her claim away after the secret is out) and both refund.
    SwapWorld w = world(Behaviour.PROMPT, new Behaviour(20 * HOUR, 0, 0, false));
    w.run(RUN, Map.of());
    assertEquals(Optional.of(HtlcStatus.REFUNDED), w.status(Leg.B));
    assertEquals(Optional.of(HtlcStatus.REFUNDED), w.status(Leg.A));
    assertTrue(w.participant.core.secret().isEmpty());
    SwapInvariants.assertHonestInitiatorKeptItsDue(w);
  }

  @Test
  void aParticipantLockOnOtherTermsIsNeverClaimed() {
    SwapWorld w = world(Behaviour.PROMPT, new Behaviour(0, 0, 0, true));
    w.run(RUN, Map.of());
    assertEquals(Optional.of(HtlcStatus.REFUNDED), w.status(Leg.A));
    assertEquals(Optional.of(HtlcStatus.REFUNDED), w.status(Leg.B));
    SwapInvariants.assertHonestInitiatorKeptItsDue(w);
  }

  @Test
  void termsNeedTheInitiatorsLockToOutlastTheParticipantsByTwoMargins() {
    Address x = Keys.address(1);
    Preimage s = Preimage.random(org.cybervein.api.random.DeterministicRandom.fromSeed(1));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new AtomicSwap.Terms(
                x,
                x,
                SwapWorld.ON_A,
                1,
                x,
                x,
                SwapWorld.ON_B,
                1,
                s.hashlock(),
                35 * HOUR,
                24 * HOUR,
                6 * HOUR,
                3));
    AtomicSwap.Terms ok =
        new AtomicSwap.Terms(
            x,
            x,
            SwapWorld.ON_A,
            1,
            x,
            x,
            SwapWorld.ON_B,
            1,
            s.hashlock(),
            36 * HOUR,
            24 * HOUR,
            6 * HOUR,
            3);
    Preimage other = Preimage.random(org.cybervein.api.random.DeterministicRandom.fromSeed(2));
    assertThrows(IllegalArgumentException.class, () -> AtomicSwap.initiator(ok, other));
    assertFalse(AtomicSwap.participant(ok).secret().isPresent());
  }

  static Amount fees(SwapWorld.SimChain chain, int key) {
    return SwapWorld.feesPaid(chain, Keys.address(key));
  }
}
