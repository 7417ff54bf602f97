package org.cybervein.examples.storage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StorageProofsSceneTest {
  @Test
  void honestStoragePassesAndEveryCheatIsCaught() {
    for (long seed : new long[] {42, 7}) {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      boolean ok =
          StorageProofsScene.run(seed, new PrintStream(buffer, true, StandardCharsets.UTF_8));
      String log = buffer.toString(StandardCharsets.UTF_8);
      System.out.print(log);
      assertTrue(ok, log);
    }
  }
}
