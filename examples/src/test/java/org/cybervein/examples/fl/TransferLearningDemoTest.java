package org.cybervein.examples.fl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TransferLearningDemoTest {
  @Test
  void sceneTrainsPrintsProgressAndMatchesTheEncryptedRun() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    boolean ok =
        TransferLearningDemo.run(42, new PrintStream(buffer, true, StandardCharsets.UTF_8));
    String out = buffer.toString(StandardCharsets.UTF_8);
    assertTrue(ok, out);
    assertTrue(out.contains("PSI finds 114 shared users"), out);
    // a line per epoch of the plaintext run and of the encrypted one
    long lines = out.lines().filter(l -> l.matches("\\s*epoch \\d+ of \\d+  loss .*")).count();
    assertEquals(
        TransferLearningDemo.SETTINGS.maxEpochs() + TransferLearningDemo.ENCRYPTED_EPOCHS,
        lines,
        out);
  }
}
