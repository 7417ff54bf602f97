package org.cybervein.api.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.junit.jupiter.api.Test;

/** The usage example of the package documentation, kept compiling and true. */
class PackageExampleTest {
  @Test
  void echoExampleRunsAsDocumented() {
    SimulatedNetwork net =
        SimulatedNetwork.builder(42L)
            .defaultLink(LinkConditions.DEFAULT.withDropProbability(0.1))
            .build();
    NodeId a = NodeId.of("a");
    net.addNode(a, ctx -> ctx.transport().register((from, msg) -> ctx.transport().send(from, msg)));
    List<Bytes> replies = new ArrayList<>();
    NodeContext b =
        net.addNode(
            NodeId.of("b"), ctx -> ctx.transport().register((from, msg) -> replies.add(msg)));
    b.transport().send(a, Bytes.utf8("ping"));
    net.schedule(Duration.ofSeconds(5), () -> net.crash(a));
    net.addInvariant(() -> assertTrue(replies.size() <= 1));
    net.runFor(Duration.ofSeconds(10));
    assertEquals(List.of(Bytes.utf8("ping")), replies, "seed 42 loses neither ping nor pong");
    assertEquals(Duration.ofSeconds(10), Duration.between(java.time.Instant.EPOCH, net.now()));
    System.out.println(net.stats() + " " + net.traceDigest());
  }
}
