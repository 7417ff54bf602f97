package org.cybervein.api.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.time.Clock;
import org.cybervein.api.time.Timer;
import org.junit.jupiter.api.Test;

/** Running the simulation: steps, deadlines, conditions, quiescence, timers, checks. */
class RunControlTest {
  private static final NodeId A = NodeId.of("a");
  private static final NodeId B = NodeId.of("b");
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  private final SimulatedNetwork net = SimulatedNetwork.builder(1).start(T0).build();

  /** A node that sets a timer re-arming itself every {@code period}. */
  private static NodeFactory ticker(Duration period, int[] ticks) {
    return ctx -> tick(ctx.clock(), period, ticks);
  }

  private static void tick(Clock clock, Duration period, int[] ticks) {
    clock.schedule(
        period,
        () -> {
          ticks[0]++;
          tick(clock, period, ticks);
        });
  }

  @Test
  void stepRunsOneEventAndAdvancesTheClockToIt() {
    assertFalse(net.step(), "nothing pending");
    List<Instant> ran = new ArrayList<>();
    net.schedule(Duration.ofSeconds(2), () -> ran.add(net.now()));
    net.schedule(Duration.ofSeconds(1), () -> ran.add(net.now()));
    assertTrue(net.step());
    assertEquals(List.of(T0.plusSeconds(1)), ran);
    assertEquals(T0.plusSeconds(1), net.now());
    assertTrue(net.step());
    assertFalse(net.step());
    assertEquals(List.of(T0.plusSeconds(1), T0.plusSeconds(2)), ran);
  }

  @Test
  void runForAdvancesTheClockEvenWithoutEvents() {
    net.runFor(Duration.ofMinutes(3));
    assertEquals(T0.plusSeconds(180), net.now());
    net.runFor(Duration.ZERO);
    assertEquals(T0.plusSeconds(180), net.now());
  }

  @Test
  void runUntilRunsEventsUpToAndIncludingTheDeadline() {
    List<String> ran = new ArrayList<>();
    net.at(T0.plusMillis(10), () -> ran.add("at 10"));
    net.at(T0.plusMillis(11), () -> ran.add("at 11"));
    net.runUntil(T0.plusMillis(10));
    assertEquals(List.of("at 10"), ran);
    assertEquals(T0.plusMillis(10), net.now());
  }

  @Test
  void virtualTimeNeverGoesBackwards() {
    net.runFor(Duration.ofSeconds(1));
    assertThrows(IllegalArgumentException.class, () -> net.runUntil(T0));
    assertThrows(IllegalArgumentException.class, () -> net.at(T0, () -> {}));
    assertThrows(
        IllegalArgumentException.class, () -> net.schedule(Duration.ofNanos(-1), () -> {}));
    assertThrows(IllegalArgumentException.class, () -> net.runFor(Duration.ofNanos(-1)));
  }

  @Test
  void clockIsMonotoneOverABusyRun() {
    SimulatedNetwork busy =
        SimulatedNetwork.builder(77)
            .defaultLink(
                new LinkConditions(
                    LatencyDistribution.exponential(Duration.ZERO, Duration.ofMillis(5)),
                    0.05,
                    0.2,
                    0.5,
                    Duration.ofMillis(20)))
            .traceCapacity(0)
            .build();
    Instant[] last = {busy.now()};
    busy.addInvariant(
        () -> {
          assertFalse(busy.now().isBefore(last[0]), "time went back");
          last[0] = busy.now();
        });
    for (String name : List.of("p", "q", "r")) {
      busy.addNode(
          NodeId.of(name),
          ctx ->
              ctx.transport()
                  .register(
                      (from, message) -> {
                        if (message.size() < 8) {
                          ctx.transport().send(from, message.concat(Bytes.of(new byte[] {1})));
                        }
                      }));
    }
    NodeContext s = busy.addNode(NodeId.of("s"), ctx -> {});
    for (int i = 0; i < 200; i++) {
      s.transport().send(NodeId.of(List.of("p", "q", "r").get(i % 3)), Bytes.utf8("x"));
    }
    assertTrue(busy.runUntilQuiescent(Duration.ofHours(1)));
    assertTrue(busy.stats().eventsProcessed() > 200);
  }

  @Test
  void runUntilConditionStopsAtTheEventThatMadeItTrue() {
    int[] ticks = new int[1];
    net.addNode(A, ticker(Duration.ofMillis(100), ticks));
    assertTrue(net.runUntil(() -> ticks[0] == 3, Duration.ofSeconds(10)));
    assertEquals(T0.plusMillis(300), net.now());
  }

  @Test
  void runUntilConditionGivesUpAtTheTimeout() {
    int[] ticks = new int[1];
    net.addNode(A, ticker(Duration.ofMillis(100), ticks));
    assertFalse(net.runUntil(() -> ticks[0] == 1000, Duration.ofSeconds(1)));
    assertEquals(10, ticks[0]);
    assertEquals(T0.plusSeconds(1), net.now());
  }

  @Test
  void runUntilConditionThatAlreadyHoldsRunsNothing() {
    net.schedule(Duration.ZERO, () -> {});
    assertTrue(net.runUntil(() -> true, Duration.ofSeconds(1)));
    assertEquals(0, net.stats().eventsProcessed());
  }

  @Test
  void runUntilQuiescentStopsWhenNothingIsPending() {
    NodeContext a = net.addNode(A, ctx -> {});
    net.addNode(B, ctx -> ctx.transport().register((from, m) -> {}));
    a.transport().send(B, Bytes.utf8("hi"));
    assertTrue(net.runUntilQuiescent(Duration.ofSeconds(1)));
    assertEquals(T0.plusMillis(1), net.now(), "the clock stops at the last event");
  }

  @Test
  void runUntilQuiescentGivesUpOnPeriodicTimers() {
    net.addNode(A, ticker(Duration.ofMillis(100), new int[1]));
    assertFalse(net.runUntilQuiescent(Duration.ofSeconds(2)));
    assertEquals(T0.plusSeconds(2), net.now());
    assertTrue(net.hasPendingEvents());
  }

  @Test
  void livelockFailsInsteadOfHanging() {
    SimulatedNetwork small = SimulatedNetwork.builder(1).maxEventsPerRun(1000).build();
    small.addNode(A, ticker(Duration.ZERO, new int[1]));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> small.runFor(Duration.ofSeconds(1)));
    assertTrue(e.getMessage().contains("livelock"), e.getMessage());
    assertEquals(1000, small.stats().eventsProcessed());
    assertEquals(Instant.EPOCH, small.now(), "zero-delay timers never advance the clock");
  }

  @Test
  void zeroDelayTimerRunsAtTheSameInstantAfterEventsAlreadyDue() {
    List<String> order = new ArrayList<>();
    NodeContext a = net.addNode(A, ctx -> {});
    net.schedule(
        Duration.ofMillis(5),
        () -> {
          order.add("first");
          a.clock().schedule(Duration.ZERO, () -> order.add("zero-delay timer at " + net.now()));
        });
    net.schedule(Duration.ofMillis(5), () -> order.add("second"));
    net.runFor(Duration.ofMillis(10));
    assertEquals(List.of("first", "second", "zero-delay timer at " + T0.plusMillis(5)), order);
  }

  @Test
  void timerCancelReturnsTrueOnceThenFalse() {
    NodeContext a = net.addNode(A, ctx -> {});
    int[] fired = new int[1];
    Timer timer = a.clock().schedule(Duration.ofMillis(1), () -> fired[0]++);
    assertTrue(timer.cancel());
    assertFalse(timer.cancel());
    net.runFor(Duration.ofSeconds(1));
    assertEquals(0, fired[0]);

    Timer ran = a.clock().schedule(Duration.ofMillis(1), () -> fired[0]++);
    net.runFor(Duration.ofSeconds(1));
    assertEquals(1, fired[0]);
    assertFalse(ran.cancel(), "a timer that ran cannot be cancelled");
  }

  @Test
  void scriptedActionsRunAtTheirTimeInSchedulingOrder() {
    List<String> order = new ArrayList<>();
    Timer cancelled = net.at(T0.plusSeconds(1), () -> order.add("cancelled"));
    net.at(T0.plusSeconds(1), () -> order.add("b"));
    net.clock().schedule(Duration.ofSeconds(1), () -> order.add("c"));
    net.at(T0.plusMillis(500), () -> order.add("a"));
    assertSame(T0, net.clock().now());
    assertTrue(cancelled.cancel());
    net.runFor(Duration.ofSeconds(2));
    assertEquals(List.of("a", "b", "c"), order);
    assertEquals(3, net.trace().stream().filter(e -> e.kind() == TraceEvent.Kind.ACTION).count());
  }

  @Test
  void invariantsRunAfterEveryEvent() {
    int[] checks = new int[1];
    net.addInvariant(() -> checks[0]++);
    net.addNode(A, ticker(Duration.ofMillis(10), new int[1]));
    net.runFor(Duration.ofSeconds(1));
    assertEquals(100, net.stats().eventsProcessed());
    assertEquals(net.stats().eventsProcessed(), checks[0]);
  }

  @Test
  void failingInvariantStopsTheRunAtTheEventThatBrokeIt() {
    int[] ticks = new int[1];
    net.addNode(A, ticker(Duration.ofMillis(10), ticks));
    net.addInvariant(
        () -> {
          if (ticks[0] > 4) {
            throw new AssertionError("too many ticks at " + net.now());
          }
        });
    AssertionError e = assertThrows(AssertionError.class, () -> net.runFor(Duration.ofSeconds(1)));
    assertEquals("too many ticks at " + T0.plusMillis(50), e.getMessage());
  }

  @Test
  void handlerExceptionsPropagateOutOfTheRun() {
    NodeContext a = net.addNode(A, ctx -> {});
    net.addNode(
        B,
        ctx ->
            ctx.transport()
                .register(
                    (from, message) -> {
                      throw new IllegalStateException("bug in b");
                    }));
    a.transport().send(B, Bytes.utf8("boom"));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> net.runFor(Duration.ofSeconds(1)));
    assertEquals("bug in b", e.getMessage());
    net.runFor(Duration.ofSeconds(1)); // the network stays usable afterwards
  }

  @Test
  void eventsCannotRunTheNetworkReentrantly() {
    net.schedule(Duration.ZERO, () -> net.runFor(Duration.ofSeconds(1)));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> net.runFor(Duration.ofSeconds(1)));
    assertTrue(e.getMessage().contains("inside"), e.getMessage());
  }
}
