package org.cybervein.examples.swap;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BtcSwapSceneTest {
  @Test
  void theRealMainnetProofPaysTheBuyerOnceAndTheSecondLockIsRefunded() {
    for (long seed : new long[] {42, 7}) {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      boolean ok = BtcSwapScene.run(seed, new PrintStream(buffer, true, StandardCharsets.UTF_8));
      String log = buffer.toString(StandardCharsets.UTF_8);
      System.out.print(log);
      assertTrue(ok, log);
      assertTrue(log.contains("REAL (Bitcoin mainnet)"), log);
      assertTrue(log.contains("SYNTHETIC"), log);
      assertTrue(log.contains("refused (CONTRACT_RULE)"), log);
      assertTrue(log.contains("refused (DUPLICATE)"), log);
      // The real transaction's id, display order.
      assertTrue(
          log.contains("d60033c5cf5c199208a9c656a29967810c4e428c22efb492fdd816e6a0a1e548"), log);
    }
  }
}
