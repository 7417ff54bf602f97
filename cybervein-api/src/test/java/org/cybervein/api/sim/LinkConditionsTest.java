package org.cybervein.api.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.Transport;
import org.cybervein.api.testing.PropertyRuns;
import org.junit.jupiter.api.Test;

/** Loss, duplication, reordering and latency of a link, measured over many messages. */
class LinkConditionsTest {
  private static final NodeId A = NodeId.of("a");
  private static final NodeId B = NodeId.of("b");

  private SimulatedNetwork net;
  private Transport sender;
  private Inbox inbox;

  private void network(long seed, LinkConditions link) {
    net = SimulatedNetwork.builder(seed).defaultLink(link).traceCapacity(0).build();
    sender = net.addNode(A, ctx -> {}).transport();
    inbox = new Inbox(net);
    net.addNode(B, inbox.factory());
  }

  private static Bytes numbered(int i) {
    return Bytes.of(ByteBuffer.allocate(4).putInt(i).array());
  }

  private static int number(Bytes message) {
    return ByteBuffer.wrap(message.toByteArray()).getInt();
  }

  /** Sends messages 0 .. n-1 from a to b, one every {@code gap}, and runs until all arrived. */
  private void sendNumbered(int n, Duration gap) {
    for (int i = 0; i < n; i++) {
      Bytes message = numbered(i);
      net.schedule(gap.multipliedBy(i), () -> sender.send(B, message));
    }
    assertTrue(net.runUntilQuiescent(Duration.ofHours(1)));
  }

  private Map<Integer, Integer> receivedCounts() {
    Map<Integer, Integer> counts = new HashMap<>();
    for (Bytes m : inbox.messages()) {
      counts.merge(number(m), 1, Integer::sum);
    }
    return counts;
  }

  /** |observed - n p| within 4.5 standard deviations of a binomial(n, p). */
  private static void assertBinomial(long observed, int n, double p) {
    double sigma = Math.sqrt(n * p * (1 - p));
    assertTrue(
        Math.abs(observed - n * p) <= 4.5 * sigma,
        "observed " + observed + " of " + n + ", expected about " + n * p);
  }

  @Test
  void perfectLinkDeliversEveryMessageExactlyOnce() {
    network(1, LinkConditions.DEFAULT);
    sendNumbered(1000, Duration.ZERO);
    Map<Integer, Integer> counts = receivedCounts();
    assertEquals(1000, counts.size());
    assertTrue(counts.values().stream().allMatch(c -> c == 1));
    assertEquals(new NetworkStats(1000, 0, 0, 1000, 0, 0, 0, 2000), net.stats());
  }

  @Test
  void dropProbabilityOneDeliversNothing() {
    network(2, LinkConditions.DEFAULT.withDropProbability(1.0));
    sendNumbered(1000, Duration.ZERO);
    assertEquals(List.of(), inbox.received);
    assertEquals(1000, net.stats().messagesDropped());
  }

  @Test
  void deliveredFractionMatchesDropProbability() {
    network(3, LinkConditions.DEFAULT.withDropProbability(0.3));
    sendNumbered(10_000, Duration.ZERO);
    assertBinomial(inbox.received.size(), 10_000, 0.7);
    assertTrue(receivedCounts().values().stream().allMatch(c -> c == 1), "loss never duplicates");
  }

  @Test
  void duplicatesHappenAtTheConfiguredRate() {
    network(4, LinkConditions.DEFAULT.withDuplicateProbability(0.2));
    sendNumbered(10_000, Duration.ZERO);
    Map<Integer, Integer> counts = receivedCounts();
    long twice = counts.values().stream().filter(c -> c == 2).count();
    assertEquals(10_000, counts.size(), "every message arrives");
    assertTrue(counts.values().stream().allMatch(c -> c == 1 || c == 2));
    assertEquals(net.stats().messagesDuplicated(), twice);
    assertBinomial(twice, 10_000, 0.2);
  }

  @Test
  void fixedLatencyWithoutReorderingIsFifoPerLink() {
    network(5, LinkConditions.DEFAULT.withLatency(LatencyDistribution.fixed(Duration.ofMillis(5))));
    sendNumbered(500, Duration.ofNanos(100_000));
    List<Integer> order = inbox.messages().stream().map(LinkConditionsTest::number).toList();
    for (int i = 0; i < 500; i++) {
      assertEquals(i, order.get(i));
    }
    // Messages sent at the same instant keep their order too: ties break by scheduling order.
    network(5, LinkConditions.DEFAULT);
    sendNumbered(500, Duration.ZERO);
    assertEquals(
        inbox.messages().stream().map(LinkConditionsTest::number).sorted().toList(),
        inbox.messages().stream().map(LinkConditionsTest::number).toList());
  }

  @Test
  void reorderingLetsLaterMessagesOvertakeEarlierOnes() {
    network(6, LinkConditions.DEFAULT.withReorder(0.2, Duration.ofMillis(10)));
    sendNumbered(2000, Duration.ofMillis(1));
    List<Integer> order = inbox.messages().stream().map(LinkConditionsTest::number).toList();
    int overtaken = 0;
    for (int i = 1; i < order.size(); i++) {
      if (order.get(i) < order.get(i - 1)) {
        overtaken++;
      }
    }
    assertEquals(2000, receivedCounts().size(), "reordering loses nothing");
    assertTrue(overtaken > 100, "only " + overtaken + " inversions");
    assertBinomial(net.stats().messagesReordered(), 2000, 0.2);
  }

  @Test
  void fixedLatencyDeliversAtExactlySendTimePlusLatency() {
    network(7, LinkConditions.DEFAULT.withLatency(LatencyDistribution.fixed(Duration.ofMillis(5))));
    sendNumbered(100, Duration.ofMillis(3));
    for (Inbox.Received r : inbox.received) {
      Instant sentAt = Instant.EPOCH.plusMillis(3L * number(r.message()));
      assertEquals(sentAt.plusMillis(5), r.at());
    }
  }

  @Test
  void uniformLatencyStaysWithinItsBoundsAndAveragesToTheMiddle() {
    PropertyRuns.qt(PropertyRuns.examples() / 20)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              network(
                  seed,
                  LinkConditions.DEFAULT.withLatency(
                      LatencyDistribution.uniform(Duration.ofMillis(2), Duration.ofMillis(12))));
              sendNumbered(1000, Duration.ZERO);
              double meanMillis =
                  inbox.received.stream()
                          .mapToLong(r -> Duration.between(Instant.EPOCH, r.at()).toNanos())
                          .peek(
                              nanos ->
                                  assertTrue(
                                      nanos >= 2_000_000 && nanos <= 12_000_000, nanos + "ns"))
                          .average()
                          .orElseThrow()
                      / 1e6;
              // Uniform on [2, 12] ms: mean 7, standard error 2.9 / sqrt(1000) = 0.09 ms.
              assertEquals(7.0, meanMillis, 0.5);
            });
  }

  @Test
  void exponentialLatencyHasItsMinimumAndMean() {
    network(
        8,
        LinkConditions.DEFAULT.withLatency(
            LatencyDistribution.exponential(Duration.ofMillis(1), Duration.ofMillis(11))));
    sendNumbered(10_000, Duration.ZERO);
    double meanMillis =
        inbox.received.stream()
                .mapToLong(r -> Duration.between(Instant.EPOCH, r.at()).toNanos())
                .peek(nanos -> assertTrue(nanos >= 1_000_000))
                .average()
                .orElseThrow()
            / 1e6;
    // The exponential part has mean and deviation 10 ms: standard error 0.1 ms.
    assertEquals(11.0, meanMillis, 0.5);
  }

  @Test
  void linkOverrideAppliesToItsDirectedLinkOnly() {
    network(9, LinkConditions.DEFAULT);
    NodeId c = NodeId.of("c");
    Transport fromC = net.addNode(c, ctx -> {}).transport();
    net.setLink(A, B, LinkConditions.DEFAULT.withDropProbability(1.0));
    assertEquals(1.0, net.link(A, B).dropProbability());
    assertEquals(LinkConditions.DEFAULT, net.link(B, A));
    sender.send(B, numbered(1));
    fromC.send(B, numbered(2));
    net.runFor(Duration.ofSeconds(1));
    assertEquals(List.of(numbered(2)), inbox.messages(), "only a -> b is cut");
    net.clearLink(A, B);
    assertEquals(LinkConditions.DEFAULT, net.link(A, B));
    sender.send(B, numbered(3));
    net.runFor(Duration.ofSeconds(1));
    assertEquals(List.of(numbered(2), numbered(3)), inbox.messages());
  }

  @Test
  void rejectsInvalidConditions() {
    assertThrows(
        IllegalArgumentException.class, () -> LinkConditions.DEFAULT.withDropProbability(1.5));
    assertThrows(
        IllegalArgumentException.class,
        () -> LinkConditions.DEFAULT.withDuplicateProbability(Double.NaN));
    assertThrows(
        IllegalArgumentException.class,
        () -> LinkConditions.DEFAULT.withReorder(-0.1, Duration.ofMillis(1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> LinkConditions.DEFAULT.withReorder(0.1, Duration.ofMillis(-1)));
    assertThrows(
        IllegalArgumentException.class, () -> LatencyDistribution.fixed(Duration.ofNanos(-1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> LatencyDistribution.uniform(Duration.ofMillis(2), Duration.ofMillis(1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> LatencyDistribution.exponential(Duration.ofMillis(2), Duration.ofMillis(1)));
  }
}
