package org.cybervein.api.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.Transport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PartitionTest {
  private static final NodeId A = NodeId.of("a");
  private static final NodeId B = NodeId.of("b");
  private static final NodeId C = NodeId.of("c");
  private static final Bytes PING = Bytes.utf8("ping");

  private SimulatedNetwork net;
  private Transport fromA;
  private Transport fromB;
  private Transport fromC;
  private Inbox atA;
  private Inbox atB;
  private Inbox atC;

  @BeforeEach
  void threeNodesWithTenMillisecondLinks() {
    net =
        SimulatedNetwork.builder(11)
            .defaultLink(LinkConditions.reliable(LatencyDistribution.fixed(Duration.ofMillis(10))))
            .build();
    atA = new Inbox(net);
    atB = new Inbox(net);
    atC = new Inbox(net);
    fromA = net.addNode(A, atA.factory()).transport();
    fromB = net.addNode(B, atB.factory()).transport();
    fromC = net.addNode(C, atC.factory()).transport();
  }

  private List<TraceEvent.DropReason> dropReasons() {
    return net.trace().stream().map(TraceEvent::dropReason).flatMap(Optional::stream).toList();
  }

  @Test
  void partitionBlocksCrossGroupMessagesInBothDirectionsAndHealRestoresThem() {
    net.partition(Set.of(A), Set.of(B, C));
    assertFalse(net.canReach(A, B));
    assertTrue(net.canReach(B, C));
    fromA.send(B, PING);
    fromB.send(A, PING);
    fromB.send(C, PING);
    net.runFor(Duration.ofSeconds(1));
    assertEquals(0, atA.received.size());
    assertEquals(0, atB.received.size());
    assertEquals(1, atC.received.size(), "b and c are in one group");
    assertEquals(
        List.of(TraceEvent.DropReason.PARTITION, TraceEvent.DropReason.PARTITION), dropReasons());

    net.heal();
    assertTrue(net.canReach(A, B));
    fromA.send(B, PING);
    fromB.send(A, PING);
    net.runFor(Duration.ofSeconds(1));
    assertEquals(1, atA.received.size());
    assertEquals(1, atB.received.size());
  }

  @Test
  void nodesInNoGroupFormOneGroupTogether() {
    net.partition(Set.of(A));
    assertTrue(net.canReach(B, C));
    assertFalse(net.canReach(A, C));
    assertTrue(net.canReach(A, A), "a node always reaches itself");
    NodeId late = NodeId.of("d");
    net.addNode(late, ctx -> {});
    assertTrue(net.canReach(late, B), "a node added later joins the unlisted group");
  }

  @Test
  void messageInFlightWhenPartitionStartsIsDropped() {
    fromA.send(B, PING);
    net.runFor(Duration.ofMillis(5));
    net.partition(Set.of(A), Set.of(B));
    net.runFor(Duration.ofMillis(100));
    net.heal();
    net.runFor(Duration.ofMillis(100));
    assertEquals(0, atB.received.size(), "healing does not bring a lost message back");
    assertEquals(List.of(TraceEvent.DropReason.PARTITION), dropReasons());
    TraceEvent drop =
        net.trace().stream().filter(e -> e.kind() == TraceEvent.Kind.DROP).findFirst().get();
    assertEquals(net.trace().get(0).time().plusMillis(10), drop.time(), "dropped on arrival");
  }

  @Test
  void reachabilityIsCheckedWhenAMessageArrives() {
    // Sent before a short partition and arriving after it healed: it never met the cut.
    fromA.send(B, PING);
    net.schedule(Duration.ofMillis(2), () -> net.partition(Set.of(A), Set.of(B)));
    net.schedule(Duration.ofMillis(4), net::heal);
    net.runFor(Duration.ofMillis(20));
    assertEquals(List.of(PING), atB.messages());
  }

  @Test
  void laterPartitionReplacesEarlierOne() {
    net.partition(Set.of(A), Set.of(B));
    net.partition(Set.of(A, B), Set.of(C));
    assertTrue(net.canReach(A, B));
    assertFalse(net.canReach(B, C));
  }

  @Test
  void traceNamesTheGroupsInACanonicalOrder() {
    net.partition(Set.of(C, B), Set.of(A));
    TraceEvent event = net.trace().get(net.trace().size() - 1);
    assertEquals(TraceEvent.Kind.PARTITION, event.kind());
    assertEquals("[b, c] | [a] | rest", event.detail());
  }

  @Test
  void rejectsUnknownNodesAndNodesInTwoGroups() {
    assertThrows(IllegalArgumentException.class, () -> net.partition(Set.of(NodeId.of("x"))));
    assertThrows(IllegalArgumentException.class, () -> net.partition(Set.of(A, B), Set.of(B)));
    assertTrue(net.canReach(A, B), "a rejected partition changes nothing");
  }
}
