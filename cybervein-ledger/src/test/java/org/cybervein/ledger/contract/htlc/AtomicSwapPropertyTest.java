package org.cybervein.ledger.contract.htlc;

import static org.cybervein.ledger.contract.htlc.SwapWorld.HOUR;
import static org.cybervein.ledger.contract.htlc.SwapWorld.NEVER;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.ledger.contract.Seeds;
import org.cybervein.ledger.contract.htlc.AtomicSwap.Leg;
import org.cybervein.ledger.contract.htlc.SwapWorld.Behaviour;
import org.cybervein.ledger.contract.htlc.SwapWorld.Reorg;
import org.junit.jupiter.api.Test;

/**
 * An honest party that acts within its timelocks never loses funds, whatever the other party does:
 * over random schedules (from one seed each, printed by QuickTheories on failure and replayable
 * with {@code -Dqt.seed}) the other party acts late by up to three days, never acts at some step,
 * or locks on other terms; transactions wait up to two blocks; either chain reorganises up to two
 * blocks at random times. The honest party reacts within two hours, well inside the six-hour
 * margin, and waits for three confirmations.
 */
class AtomicSwapPropertyTest {
  @Test
  void anHonestInitiatorNeverLoses() {
    Seeds.qt(40)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              DeterministicRandom r = DeterministicRandom.fromSeed(seed);
              SwapWorld w = new SwapWorld(seed, honest(r), anything(r), 2, false);
              w.run(60 * HOUR, reorgs(r));
              SwapInvariants.assertHonestInitiatorKeptItsDue(w);
            });
  }

  @Test
  void anHonestParticipantNeverLoses() {
    Seeds.qt(40)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              DeterministicRandom r = DeterministicRandom.fromSeed(seed);
              SwapWorld w = new SwapWorld(seed, anything(r), honest(r), 2, false);
              w.run(60 * HOUR, reorgs(r));
              SwapInvariants.assertHonestParticipantKeptItsDue(w);
            });
  }

  @Test
  void twoHonestPartiesBothGainOrBothRefund() {
    Seeds.qt(20)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              DeterministicRandom r = DeterministicRandom.fromSeed(seed);
              SwapWorld w = new SwapWorld(seed, honest(r), honest(r), 2, false);
              w.run(60 * HOUR, reorgs(r));
              SwapInvariants.assertHonestInitiatorKeptItsDue(w);
              SwapInvariants.assertHonestParticipantKeptItsDue(w);
            });
  }

  /** Reacts within two hours to each kind of step. */
  static Behaviour honest(DeterministicRandom r) {
    return new Behaviour(delay(r, 2 * HOUR), delay(r, 2 * HOUR), delay(r, 2 * HOUR), false);
  }

  /** Acts late, never, or on other terms. */
  static Behaviour anything(DeterministicRandom r) {
    return new Behaviour(
        r.nextInt(4) == 0 ? NEVER : delay(r, 72 * HOUR),
        r.nextInt(4) == 0 ? NEVER : delay(r, 72 * HOUR),
        r.nextInt(4) == 0 ? NEVER : delay(r, 72 * HOUR),
        r.nextInt(5) == 0);
  }

  static long delay(DeterministicRandom r, long max) {
    return (long) r.nextInt((int) (max / SwapWorld.BLOCK_MILLIS) + 1) * SwapWorld.BLOCK_MILLIS;
  }

  /** Up to six reorganisations of one or two blocks, at random steps of the first 54 hours. */
  static Map<Long, List<Reorg>> reorgs(DeterministicRandom r) {
    Map<Long, List<Reorg>> out = new HashMap<>();
    int n = r.nextInt(7);
    for (int i = 0; i < n; i++) {
      long step = 1 + r.nextInt((int) (54 * HOUR / SwapWorld.BLOCK_MILLIS));
      out.computeIfAbsent(step, k -> new ArrayList<>())
          .add(new Reorg(r.nextInt(2) == 0 ? Leg.A : Leg.B, 1 + r.nextInt(2)));
    }
    return out;
  }
}
