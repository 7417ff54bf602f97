package org.cybervein.examples.dagstore;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DurableDagSceneTest {
  @Test
  void restartedNodeEndsWhereAnUninterruptedNodeEnds() {
    for (long seed : new long[] {42, 2026}) {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
      assertTrue(DurableDagScene.run(seed, out), buffer.toString(StandardCharsets.UTF_8));
    }
  }
}
