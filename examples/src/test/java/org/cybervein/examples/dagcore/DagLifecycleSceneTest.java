package org.cybervein.examples.dagcore;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DagLifecycleSceneTest {
  @Test
  void sceneSucceedsForSeveralSeeds() {
    for (long seed : new long[] {42, 7, 2026}) {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
      assertTrue(DagLifecycleScene.run(seed, out), buffer.toString(StandardCharsets.UTF_8));
    }
  }
}
