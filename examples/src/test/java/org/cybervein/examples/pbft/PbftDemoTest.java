package org.cybervein.examples.pbft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PbftDemoTest {
  private static String output(long seed) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    assertTrue(
        PbftDemo.run(seed, new PrintStream(buffer, true, StandardCharsets.UTF_8)),
        () -> "seed " + seed + ":\n" + buffer.toString(StandardCharsets.UTF_8));
    return buffer.toString(StandardCharsets.UTF_8);
  }

  @Test
  void sameSeedPrintsTheSameRunLineForLine() {
    assertEquals(output(42), output(42));
  }

  @Test
  void primaryCrashesViewChangesAndEveryWriteLandsInTheContract() {
    for (long seed = 0; seed < 5; seed++) {
      String out = output(seed);
      assertTrue(out.contains("crashes"), out);
      assertTrue(out.contains("entered view 1"), out);
      assertTrue(out.contains("contract (ledger block 2): log n=1:"), out);
      assertTrue(out.contains("confirmed in the ledger's database contract"), out);
    }
  }
}
