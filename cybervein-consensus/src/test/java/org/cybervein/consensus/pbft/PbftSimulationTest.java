package org.cybervein.consensus.pbft;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The Byzantine simulation of PBFT: hundreds of seeded scenarios per run (see {@link
 * PbftScenario}), each checking agreement, validity, at-most-once execution and monotonic views
 * after every event, and that every request completes once the network heals.
 *
 * <p>{@code -Dpbft.seeds=N} sets the seeds per test (default below, sized for a quick build);
 * {@code -Dpbft.seed=S} replays one seed in every test; a failure prints its seed.
 */
@org.junit.jupiter.api.Disabled(
    "needs the replica core's normal case and view change (branch wip-pbft-core)")
class PbftSimulationTest {
  private static final int DEFAULT_SEEDS = 40;

  private static final Byzantine[] EVERY_BEHAVIOUR = Byzantine.values();

  private static void runSeeds(
      String name, long base, int defaultSeeds, PbftScenario.Settings settings) {
    Optional<Long> one = Optional.ofNullable(Long.getLong("pbft.seed"));
    int seeds = Integer.getInteger("pbft.seeds", defaultSeeds);
    long start = System.nanoTime();
    long executions = 0;
    long events = 0;
    int runs = 0;
    if (one.isPresent()) {
      PbftScenario.Outcome o = PbftScenario.run(one.get(), settings);
      executions += o.executions();
      events += o.events();
      runs++;
    } else {
      for (int k = 0; k < seeds; k++) {
        PbftScenario.Outcome o = PbftScenario.run(base + k, settings);
        executions += o.executions();
        events += o.events();
        runs++;
      }
    }
    System.out.printf(
        "%s: %d seeds from %s, %d honest executions, %d events, %d ms%n",
        name,
        runs,
        one.map(String::valueOf).orElse(String.valueOf(base)),
        executions,
        events,
        (System.nanoTime() - start) / 1_000_000);
  }

  @Test
  void fourReplicasWithMacsStaySafeAndLiveUnderNetworkFaultsCrashesAndOneByzantine() {
    runSeeds(
        "n=4 MAC",
        1_000,
        DEFAULT_SEEDS,
        PbftScenario.Settings.of(4, AuthMode.MAC_AUTHENTICATORS).withByzantine(1, EVERY_BEHAVIOUR));
  }

  @Test
  void fourReplicasWithSignaturesStaySafeAndLiveUnderNetworkFaultsCrashesAndOneByzantine() {
    runSeeds(
        "n=4 SIG",
        2_000,
        DEFAULT_SEEDS / 2,
        PbftScenario.Settings.of(4, AuthMode.SIGNATURES).withByzantine(1, EVERY_BEHAVIOUR));
  }

  @Test
  void sevenReplicasWithMacsStaySafeAndLiveWithUpToTwoByzantine() {
    runSeeds(
        "n=7 MAC",
        3_000,
        DEFAULT_SEEDS / 2,
        PbftScenario.Settings.of(7, AuthMode.MAC_AUTHENTICATORS).withByzantine(2, EVERY_BEHAVIOUR));
  }

  @Test
  void sevenReplicasWithSignaturesStaySafeAndLiveWithUpToTwoByzantine() {
    runSeeds(
        "n=7 SIG",
        4_000,
        DEFAULT_SEEDS / 4,
        PbftScenario.Settings.of(7, AuthMode.SIGNATURES).withByzantine(2, EVERY_BEHAVIOUR));
  }

  @Test
  void twinsAndAnEquivocatingPrimaryNeverBreakAgreement() {
    runSeeds(
        "twins/equivocation",
        5_000,
        DEFAULT_SEEDS / 2,
        PbftScenario.Settings.of(4, AuthMode.MAC_AUTHENTICATORS)
            .withByzantine(1, Byzantine.TWINS, Byzantine.EQUIVOCATE));
  }
}
