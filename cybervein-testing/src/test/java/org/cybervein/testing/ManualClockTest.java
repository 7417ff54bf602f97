package org.cybervein.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.time.Timer;
import org.junit.jupiter.api.Test;

class ManualClockTest {
  private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
  private final ManualClock clock = new ManualClock(T0);
  private final List<String> ran = new ArrayList<>();

  @Test
  void standsStillUntilAdvanced() {
    assertEquals(T0, clock.now());
    assertEquals(T0, clock.now());
    clock.advance(Duration.ofSeconds(5));
    assertEquals(T0.plusSeconds(5), clock.now());
  }

  @Test
  void runsDueActionsInDeadlineThenSchedulingOrderAtTheirDeadlines() {
    clock.schedule(Duration.ofSeconds(3), () -> ran.add("c@" + clock.now()));
    clock.schedule(Duration.ofSeconds(1), () -> ran.add("a@" + clock.now()));
    clock.schedule(Duration.ofSeconds(1), () -> ran.add("b@" + clock.now()));
    clock.schedule(Duration.ofSeconds(9), () -> ran.add("late"));
    clock.advance(Duration.ofSeconds(5));
    assertEquals(
        List.of("a@" + T0.plusSeconds(1), "b@" + T0.plusSeconds(1), "c@" + T0.plusSeconds(3)), ran);
    assertEquals(T0.plusSeconds(5), clock.now());
    assertEquals(List.of(T0.plusSeconds(9)), clock.pendingDeadlines());
  }

  @Test
  void actionsScheduledByActionsRunWithinTheSameAdvance() {
    clock.schedule(
        Duration.ofSeconds(1),
        () -> clock.schedule(Duration.ofSeconds(1), () -> ran.add("second@" + clock.now())));
    clock.advanceTo(T0.plusSeconds(2));
    assertEquals(List.of("second@" + T0.plusSeconds(2)), ran);
  }

  @Test
  void cancelledActionsNeverRun() {
    Timer timer = clock.schedule(Duration.ofSeconds(1), () -> ran.add("x"));
    assertTrue(timer.cancel());
    assertFalse(timer.cancel());
    clock.advance(Duration.ofSeconds(2));
    assertEquals(List.of(), ran);
    Timer done = clock.schedule(Duration.ZERO, () -> ran.add("now"));
    clock.advance(Duration.ZERO);
    assertEquals(List.of("now"), ran);
    assertFalse(done.cancel(), "an action that ran cannot be cancelled");
  }

  @Test
  void neverGoesBackwards() {
    assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofNanos(-1)));
    assertThrows(IllegalArgumentException.class, () -> clock.advanceTo(T0.minusNanos(1)));
    assertThrows(
        IllegalArgumentException.class, () -> clock.schedule(Duration.ofNanos(-1), () -> {}));
    assertEquals(T0, clock.now());
  }
}
