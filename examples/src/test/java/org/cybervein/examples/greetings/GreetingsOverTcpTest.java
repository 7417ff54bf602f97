package org.cybervein.examples.greetings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class GreetingsOverTcpTest {
  @Test
  void theSimulatedNodesRunUnchangedOverLoopbackSockets() throws Exception {
    List<NodeReport> reports =
        GreetingsOverTcp.run(
            7, Duration.ofSeconds(30), new PrintStream(PrintStream.nullOutputStream()));
    assertEquals(GreetingsDemo.NODES, reports.size());
    assertTrue(GreetingsOverTcp.allGreeted(reports), reports.toString());
    assertTrue(reports.stream().allMatch(r -> r.rejected() == 0), reports.toString());
  }
}
