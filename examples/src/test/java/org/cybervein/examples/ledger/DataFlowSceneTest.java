package org.cybervein.examples.ledger;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DataFlowSceneTest {
  @Test
  void feesGrantsRewardsAndAgreementHoldForSeveralSeeds() {
    for (long seed : new long[] {42, 7, 2026}) {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      boolean ok = DataFlowScene.run(seed, new PrintStream(buffer, true, StandardCharsets.UTF_8));
      String log = buffer.toString(StandardCharsets.UTF_8);
      System.out.print(log);
      assertTrue(ok, log);
      assertTrue(log.contains("won by storage node"), log);
    }
  }
}
