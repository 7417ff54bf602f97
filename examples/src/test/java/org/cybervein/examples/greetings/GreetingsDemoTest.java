package org.cybervein.examples.greetings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GreetingsDemoTest {
  private static String output(long seed) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    GreetingsDemo.run(seed, new PrintStream(buffer, true, StandardCharsets.UTF_8));
    return buffer.toString(StandardCharsets.UTF_8);
  }

  @Test
  void sameSeedPrintsTheSameRunLineForLine() {
    assertEquals(output(42), output(42));
  }

  @Test
  void differentSeedsGiveDifferentRuns() {
    assertNotEquals(output(1), output(2));
  }

  @Test
  void everyGreetingCompletesAndEveryBadMessageIsRejectedDespiteLoss() {
    for (long seed = 0; seed < 30; seed++) {
      GreetingsDemo.Result result =
          GreetingsDemo.run(seed, new PrintStream(PrintStream.nullOutputStream()));
      assertTrue(result.allGreeted(), "seed " + seed + ": " + result.nodes());
      int rejected = result.nodes().stream().mapToInt(NodeReport::rejected).sum();
      assertEquals(
          result.outsiderMessagesDelivered(),
          rejected,
          "seed " + seed + ": exactly the outsider's delivered messages are rejected");
      assertTrue(
          result.network().messagesDropped() > 0, "seed " + seed + ": the network lost none");
    }
  }
}
