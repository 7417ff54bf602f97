package org.cybervein.examples.swap;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CvtSwapSceneTest {
  @Test
  void bothClaimAndTheLightClientSeesTheSecretForSeveralSeeds() {
    for (long seed : new long[] {42, 7, 2026}) {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      boolean ok = CvtSwapScene.run(seed, new PrintStream(buffer, true, StandardCharsets.UTF_8));
      String log = buffer.toString(StandardCharsets.UTF_8);
      System.out.print(log);
      assertTrue(ok, log);
      assertTrue(log.contains("Alice asks chain B to claim with the secret"), log);
      assertTrue(log.contains("Bob asks chain A to claim with the secret"), log);
      assertTrue(log.contains("proved against state root"), log);
    }
  }
}
