package org.cybervein.examples.fl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecureAveragingDemoTest {
  @Test
  void trainsThroughACrashAndReportsContributions() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    boolean ok = SecureAveragingDemo.run(7, out);
    String text = buffer.toString(StandardCharsets.UTF_8);
    System.out.print(text);
    assertTrue(ok, text);
    assertTrue(text.contains("hospital-3 crashes in round 2"), text);
    assertTrue(text.contains("Shapley values"), text);
  }
}
