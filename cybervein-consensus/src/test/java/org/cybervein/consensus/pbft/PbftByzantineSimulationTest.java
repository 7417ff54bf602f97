package org.cybervein.consensus.pbft;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.cybervein.store.lmdb.LmdbKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Byzantine simulation of PBFT: hundreds of seeded scenarios per run (see {@link
 * PbftScenario}), each checking agreement, validity, at-most-once execution and monotonic views
 * after every event, and that every request completes once the network heals.
 *
 * <p>{@code -Dcybervein.sim.seeds=N} (or its older name {@code -Dpbft.seeds=N}) runs N seeds in
 * every seeded test (defaults below, sized for a quick build); {@code -Dpbft.seed=S} replays one
 * seed in every test; a failure prints its seed.
 *
 * <p>Issue 14's attacks are Byzantine roles of their own ({@link Byzantine#HUGE_VIEW}, {@link
 * Byzantine#CORRUPT_BATCH}, {@link Byzantine#MAC_REPLY}, {@link Byzantine#VIEW_TAG}, {@link
 * Byzantine#UPLOAD_FLOOD}), drawn like the others. Runs beyond the fault bound (more than f
 * Byzantine replicas) check one invariant, that no exception escapes any core, and report what was
 * lost (agreement, validity, liveness) without failing.
 */
class PbftByzantineSimulationTest {
  private static final int DEFAULT_SEEDS = 80;

  private static final Byzantine[] EVERY_BEHAVIOUR = Byzantine.values();

  /**
   * Seeds of the default run that fail because of a known bug of the replica core, skipped (and
   * printed) in the default run so the build stays green, and run by {@code -Dpbft.strict=true}.
   * Add a seed only with a note of the bug and a regression test of its own; remove it when the
   * core is fixed. None of them is in the default run's seed ranges; they came from a run of 2,800
   * seeds ({@code -Dpbft.seeds=400}). 7088 and 7300 came from the LMDB test and fail the same way
   * in memory.
   */
  private static final Map<Long, String> KNOWN_CORE_FAILURES = Map.of();

  private static void runSeeds(
      String name, long base, int defaultSeeds, PbftScenario.Settings settings) {
    Optional<Long> one = Optional.ofNullable(Long.getLong("pbft.seed"));
    int seeds =
        Integer.getInteger("cybervein.sim.seeds", Integer.getInteger("pbft.seeds", defaultSeeds));
    long start = System.nanoTime();
    long executions = 0;
    long events = 0;
    int safetyLost = 0;
    int stalled = 0;
    java.util.TreeMap<String, Integer> lost = new java.util.TreeMap<>();
    List<Long> toRun = new ArrayList<>();
    if (one.isPresent()) {
      toRun.add(one.get());
    } else {
      for (int k = 0; k < seeds; k++) {
        toRun.add(base + k);
      }
    }
    // Every seed runs even after a failure, so that one run reports every failing seed.
    List<AssertionError> failures = new ArrayList<>();
    boolean strict = Boolean.getBoolean("pbft.strict") || one.isPresent();
    for (long seed : toRun) {
      if (!strict && KNOWN_CORE_FAILURES.containsKey(seed)) {
        System.out.println(
            name
                + ": SKIPPED seed "
                + seed
                + ", known core failure: "
                + KNOWN_CORE_FAILURES.get(seed));
        continue;
      }
      try {
        PbftScenario.Outcome o = PbftScenario.run(seed, settings);
        executions += o.executions();
        events += o.events();
        if (!o.safetyLost().isEmpty()) {
          safetyLost++;
          for (String v : o.safetyLost()) {
            lost.merge(kindOf(v), 1, Integer::sum);
          }
        }
        if (!o.liveAfterHealing()) {
          stalled++;
        }
      } catch (AssertionError e) {
        System.out.println(name + ": FAILED " + e.getMessage());
        failures.add(e);
      }
    }
    System.out.printf(
        "%s: %d seeds from %d, %d failed, %d honest executions, %d events, %d ms%n",
        name,
        toRun.size(),
        toRun.get(0),
        failures.size(),
        executions,
        events,
        (System.nanoTime() - start) / 1_000_000);
    if (settings.beyondFaultBound()) {
      System.out.printf(
          "%s: beyond f, no exception escaped; safety lost in %d seeds %s, not live in %d%n",
          name, safetyLost, lost, stalled);
    }
    if (!failures.isEmpty()) {
      AssertionError first = failures.get(0);
      AssertionError summary =
          new AssertionError(
              failures.size()
                  + " of "
                  + toRun.size()
                  + " seeds failed; first: "
                  + first.getMessage(),
              first);
      throw summary;
    }
  }

  /** The kind of a safety violation, for the summary of a run beyond the fault bound. */
  private static String kindOf(String violation) {
    if (violation.startsWith("client")) {
      return violation.contains("no honest replica executed")
          ? "client completed what no honest replica executed"
          : "client result or proof";
    }
    if (violation.startsWith("the contract")) {
      return "contract";
    }
    return violation.split(":")[0];
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
        DEFAULT_SEEDS / 4,
        PbftScenario.Settings.of(7, AuthMode.MAC_AUTHENTICATORS).withByzantine(2, EVERY_BEHAVIOUR));
  }

  @Test
  void sevenReplicasWithSignaturesStaySafeAndLiveWithUpToTwoByzantine() {
    runSeeds(
        "n=7 SIG",
        4_000,
        DEFAULT_SEEDS / 8,
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

  @Test
  void tenReplicasWithMacsStaySafeAndLiveWithUpToThreeByzantine() {
    runSeeds(
        "n=10 MAC",
        8_000,
        DEFAULT_SEEDS / 20,
        PbftScenario.Settings.of(10, AuthMode.MAC_AUTHENTICATORS)
            .withByzantine(3, EVERY_BEHAVIOUR));
  }

  @Test
  void tenReplicasWithSignaturesStaySafeAndLiveWithUpToThreeByzantine() {
    runSeeds(
        "n=10 SIG",
        9_000,
        DEFAULT_SEEDS / 40,
        PbftScenario.Settings.of(10, AuthMode.SIGNATURES).withByzantine(3, EVERY_BEHAVIOUR));
  }

  private static final Byzantine[] ISSUE_14_ATTACKS = {
    Byzantine.HUGE_VIEW,
    Byzantine.CORRUPT_BATCH,
    Byzantine.MAC_REPLY,
    Byzantine.VIEW_TAG,
    Byzantine.UPLOAD_FLOOD
  };

  /** Issue 14's attacks only, one Byzantine replica of four, both authentication modes. */
  @Test
  void issue14AttacksWithinTheFaultBoundChangeNothingHonestReplicasOrClientsDecide() {
    Byzantine[] attacks = ISSUE_14_ATTACKS;
    runSeeds(
        "issue 14 n=4 SIG",
        10_000,
        DEFAULT_SEEDS / 4,
        PbftScenario.Settings.of(4, AuthMode.SIGNATURES).withByzantine(1, attacks));
    runSeeds(
        "issue 14 n=4 MAC",
        11_000,
        DEFAULT_SEEDS / 8,
        PbftScenario.Settings.of(4, AuthMode.MAC_AUTHENTICATORS).withByzantine(1, attacks));
  }

  /** Issue 14's attacks only, up to two Byzantine replicas of seven. */
  @Test
  void issue14AttacksWithSevenReplicas() {
    Byzantine[] attacks = ISSUE_14_ATTACKS;
    runSeeds(
        "issue 14 n=7 SIG",
        12_000,
        DEFAULT_SEEDS / 16,
        PbftScenario.Settings.of(7, AuthMode.SIGNATURES).withByzantine(2, attacks));
  }

  /**
   * More than f Byzantine replicas (f + 1 of n = 4, 7 and 10): safety and liveness may go, and the
   * report says which; what must hold is that no exception escapes any core, whatever they send.
   */
  @Test
  void beyondTheFaultBoundNoExceptionEscapesAnyCore() {
    runSeeds(
        "beyond f n=4 MAC",
        13_000,
        DEFAULT_SEEDS / 16,
        PbftScenario.Settings.of(4, AuthMode.MAC_AUTHENTICATORS)
            .beyondFaultBound(2, EVERY_BEHAVIOUR));
    runSeeds(
        "beyond f n=4 SIG",
        14_000,
        DEFAULT_SEEDS / 16,
        PbftScenario.Settings.of(4, AuthMode.SIGNATURES)
            .beyondFaultBound(2, Byzantine.CORRUPT_BATCH, Byzantine.HUGE_VIEW));
  }

  /** As {@link #beyondTheFaultBoundNoExceptionEscapesAnyCore}, with seven and ten replicas. */
  @Test
  void beyondTheFaultBoundWithSevenAndTenReplicas() {
    runSeeds(
        "beyond f n=7 SIG",
        15_000,
        DEFAULT_SEEDS / 40,
        PbftScenario.Settings.of(7, AuthMode.SIGNATURES).beyondFaultBound(3, EVERY_BEHAVIOUR));
    runSeeds(
        "beyond f n=10 MAC",
        16_000,
        DEFAULT_SEEDS / 80,
        PbftScenario.Settings.of(10, AuthMode.MAC_AUTHENTICATORS)
            .beyondFaultBound(4, EVERY_BEHAVIOUR));
  }

  /**
   * A Byzantine replica sends requests in a real client's name, signed with its own key, before the
   * client's first request. On the core of 19:00 UTC replicas bound a client address to the key of
   * the first request they executed for it, so the squatter's request executed in the client's name
   * and the real client was locked out (seed 4003, n = 7). Since core commit 45f3d52 a client is
   * its address and its key together: the squatter is a client of its own and the real client's
   * requests, results and at-most-once record stay its own, which the monitor checks.
   */
  @Test
  void aByzantineReplicaCannotSquatAClientsAddress() {
    runSeeds(
        "address squatting",
        4_000,
        DEFAULT_SEEDS / 8,
        PbftScenario.Settings.of(7, AuthMode.SIGNATURES)
            .withByzantine(1, Byzantine.FORGE)
            .squattingAddresses());
  }

  /**
   * Seed 5000 with the replicas' default timeouts, three requests per client more and a longer
   * chaos phase: no Byzantine replica at all, only loss, a partition and crashes of r3, r0 (which
   * restarts) and r2; after the heal r2 executes a null request at n = 2 where r0 and r3 had
   * executed a client's request in view 0. A replica that restarts must keep its prepared
   * certificates (or the view change must not lose a committed request). Found on the core of 19:00
   * UTC (and seed 5016 of the default settings); passes since the core's next commits.
   */
  @Test
  void committedRequestSurvivesCrashesAndAViewChange() {
    PbftScenario.run(
        5_000,
        PbftScenario.Settings.of(4, AuthMode.MAC_AUTHENTICATORS)
            .withByzantine(1, Byzantine.TWINS, Byzantine.EQUIVOCATE)
            .with(
                c -> c.withCheckpoints(4, 16).withBatching(8, 1 << 20), 6, Duration.ofSeconds(3)));
  }

  /**
   * Seeds 1066 (n = 4, one silent replica) and 3007 (n = 7, two silent replicas): partitions and
   * crashes left honest replicas in different views after healing, the lower ones in a view whose
   * primary is silent, and no request completed in 120 s. Fixed in core commit 8b998b9 (a timed out
   * view change moves on when others are in a later one; backoff capped). Since issue 14 it moves
   * one view per timeout, never to a view a single replica announced.
   */
  @Test
  void healedReplicasSplitAcrossViewsMeetAgain() {
    PbftScenario.run(
        1066,
        PbftScenario.Settings.of(4, AuthMode.MAC_AUTHENTICATORS).withByzantine(1, EVERY_BEHAVIOUR));
    PbftScenario.run(
        3007,
        PbftScenario.Settings.of(7, AuthMode.MAC_AUTHENTICATORS).withByzantine(2, EVERY_BEHAVIOUR));
  }

  /**
   * Seeds 1165, 1252, 7088 and 7300 (n = 4, one silent replica, partitions and crashes), found in a
   * run of 2,800 seeds: after healing one honest replica sat alone in view 1 and the two others in
   * view 0 and nothing completed in 120 s. Fixed in core commit c34d835 (the primary also times out
   * on requests it cannot get executed).
   */
  @Test
  void aReplicaAloneInALaterViewDoesNotStallTheGroup() {
    for (long seed : new long[] {1165, 1252, 7088, 7300}) {
      PbftScenario.run(
          seed,
          PbftScenario.Settings.of(4, AuthMode.MAC_AUTHENTICATORS)
              .withByzantine(1, EVERY_BEHAVIOUR));
    }
  }

  /** The state machine and every replica's durable state on LMDB instead of in memory. */
  @Test
  void fourReplicasOnLmdbStaySafeAndLive(@TempDir Path directory) {
    AtomicInteger environments = new AtomicInteger();
    runSeeds(
        "n=4 MAC on LMDB",
        7_000,
        Math.max(1, DEFAULT_SEEDS / 20),
        PbftScenario.Settings.of(4, AuthMode.MAC_AUTHENTICATORS)
            .withByzantine(1, EVERY_BEHAVIOUR)
            .withStores(
                () -> {
                  try {
                    return LmdbKeyValueStore.builder(
                            Files.createDirectory(
                                directory.resolve("env" + environments.getAndIncrement())))
                        .mapSize(64L << 20)
                        // A simulated crash loses no page cache, so fsync would only cost time.
                        .durability(LmdbKeyValueStore.Durability.NO_SYNC)
                        .open();
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                }));
  }
}
