package org.cybervein.api.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.store.InMemoryKeyValueStore;
import org.cybervein.api.store.KeyValueStore;
import org.cybervein.api.time.Timer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CrashRestartTest {
  private static final NodeId A = NodeId.of("a");
  private static final NodeId B = NodeId.of("b");
  private static final Bytes PING = Bytes.utf8("ping");

  private SimulatedNetwork net;
  private NodeContext a;
  private Inbox atB;
  private final List<NodeContext> startsOfB = new ArrayList<>();

  @BeforeEach
  void twoNodesWithTenMillisecondLinks() {
    net =
        SimulatedNetwork.builder(5)
            .defaultLink(LinkConditions.reliable(LatencyDistribution.fixed(Duration.ofMillis(10))))
            .build();
    a = net.addNode(A, ctx -> {});
    atB = new Inbox(net);
    net.addNode(
        B,
        ctx -> {
          startsOfB.add(ctx);
          ctx.transport().register(atB);
        });
  }

  private List<TraceEvent> events(TraceEvent.Kind kind) {
    return net.trace().stream().filter(e -> e.kind() == kind).toList();
  }

  private List<TraceEvent.DropReason> dropReasons() {
    return net.trace().stream().map(TraceEvent::dropReason).flatMap(Optional::stream).toList();
  }

  @Test
  void crashCancelsTheNodesTimers() {
    int[] fired = new int[1];
    Timer timer = startsOfB.get(0).clock().schedule(Duration.ofMillis(10), () -> fired[0]++);
    net.runFor(Duration.ofMillis(5));
    net.crash(B);
    net.runFor(Duration.ofMillis(100));
    assertEquals(0, fired[0]);
    assertEquals(0, net.stats().timersFired());
    assertFalse(timer.cancel(), "a timer cancelled by the crash cannot be cancelled again");
    assertFalse(net.hasPendingEvents());
  }

  @Test
  void messagesInFlightToACrashedNodeAreDroppedWithoutCallingItsHandler() {
    a.transport().send(B, PING);
    net.runFor(Duration.ofMillis(5));
    net.crash(B);
    net.runFor(Duration.ofMillis(100));
    assertEquals(0, atB.received.size());
    assertEquals(List.of(TraceEvent.DropReason.DESTINATION_CRASHED), dropReasons());
    assertFalse(net.isUp(B));
  }

  @Test
  void messageInFlightAcrossARestartIsDropped() {
    a.transport().send(B, PING);
    net.schedule(Duration.ofMillis(2), () -> net.crash(B));
    net.schedule(Duration.ofMillis(4), () -> net.restart(B));
    net.runFor(Duration.ofMillis(100));
    assertEquals(0, atB.received.size(), "the old incarnation's mail never reaches the new one");
    assertEquals(List.of(TraceEvent.DropReason.DESTINATION_CRASHED), dropReasons());
  }

  @Test
  void messageSentWhileTheDestinationIsDownIsLostEvenIfItComesBackFirst() {
    net.crash(B);
    a.transport().send(B, PING);
    net.schedule(Duration.ofMillis(1), () -> net.restart(B));
    net.runFor(Duration.ofMillis(100));
    assertEquals(0, atB.received.size());
  }

  @Test
  void crashedIncarnationIsInert() {
    NodeContext old = startsOfB.get(0);
    net.crash(B);
    old.transport().send(A, PING);
    Timer discarded =
        old.clock()
            .schedule(
                Duration.ZERO,
                () -> {
                  throw new AssertionError("a crashed node's timer ran");
                });
    net.runFor(Duration.ofSeconds(1));
    assertFalse(discarded.cancel());
    assertEquals(List.of(TraceEvent.DropReason.SENDER_CRASHED), dropReasons());
    assertEquals(1, events(TraceEvent.Kind.TIMER_DISCARDED).size());

    net.restart(B);
    Inbox intruder = new Inbox(net);
    old.transport().register(intruder);
    a.transport().send(B, PING);
    net.runFor(Duration.ofSeconds(1));
    assertEquals(0, intruder.received.size(), "the old transport cannot steal the new one's mail");
    assertEquals(1, atB.received.size());
  }

  @Test
  void messagesAlreadySentByANodeThatCrashesStillArrive() {
    Inbox atA = new Inbox(net);
    a.transport().register(atA);
    startsOfB.get(0).transport().send(A, PING);
    net.crash(B);
    net.runFor(Duration.ofMillis(100));
    assertEquals(List.of(PING), atA.messages());
  }

  @Test
  void restartStartsANewIncarnationThatReceivesNewMessages() {
    net.crash(B);
    NodeContext second = net.restart(B);
    assertEquals(2, startsOfB.size(), "the factory ran again");
    assertNotSame(startsOfB.get(0), second);
    assertEquals(2, second.incarnation());
    assertEquals(2, net.incarnation(B));
    assertTrue(net.isUp(B));
    a.transport().send(B, PING);
    net.runFor(Duration.ofMillis(100));
    assertEquals(List.of(PING), atB.messages());
    assertEquals(
        List.of("incarnation=1", "incarnation=2"),
        net.trace().stream()
            .filter(e -> e.to().equals(Optional.of(B)))
            .filter(e -> e.kind() == TraceEvent.Kind.START || e.kind() == TraceEvent.Kind.RESTART)
            .map(TraceEvent::detail)
            .toList());
  }

  @Test
  void timersOfAnOldIncarnationNeverFireInTheNewOne() {
    int[] fired = new int[1];
    startsOfB.get(0).clock().schedule(Duration.ofMillis(10), () -> fired[0]++);
    net.schedule(Duration.ofMillis(5), () -> net.crash(B));
    net.schedule(Duration.ofMillis(6), () -> net.restart(B));
    net.runFor(Duration.ofSeconds(1));
    assertEquals(0, fired[0]);
    assertEquals(List.of(), events(TraceEvent.Kind.TIMER));
  }

  @Test
  void durableStateLivesOutsideTheFactoryCall() {
    KeyValueStore disk = new InMemoryKeyValueStore();
    Bytes key = Bytes.utf8("starts");
    NodeId c = NodeId.of("c");
    net.addNode(
        c,
        ctx -> {
          int starts = disk.get(key).map(v -> (int) v.byteAt(0)).orElse(0);
          disk.put(key, Bytes.of(new byte[] {(byte) (starts + 1)}));
        });
    net.crash(c);
    net.restart(c);
    net.crash(c);
    net.restart(c);
    assertEquals(Optional.of(Bytes.of(new byte[] {3})), disk.get(key));
  }

  @Test
  void rejectsCrashingADownNodeRestartingAnUpNodeAndAddingANodeTwice() {
    assertThrows(IllegalStateException.class, () -> net.restart(B));
    net.crash(B);
    assertThrows(IllegalStateException.class, () -> net.crash(B));
    assertThrows(IllegalArgumentException.class, () -> net.addNode(A, ctx -> {}));
    assertThrows(IllegalArgumentException.class, () -> net.crash(NodeId.of("nobody")));
  }

  @Test
  void sendToAnUnknownNodeOrANodeWithoutHandlerIsDropped() {
    net.addNode(NodeId.of("deaf"), ctx -> {});
    a.transport().send(NodeId.of("nobody"), PING);
    a.transport().send(NodeId.of("deaf"), PING);
    net.runFor(Duration.ofSeconds(1));
    assertEquals(
        List.of(TraceEvent.DropReason.UNKNOWN_DESTINATION, TraceEvent.DropReason.NO_HANDLER),
        dropReasons());
  }
}
