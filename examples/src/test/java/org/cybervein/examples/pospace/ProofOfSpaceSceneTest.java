package org.cybervein.examples.pospace;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProofOfSpaceSceneTest {
  @Test
  void honestProverVerifiesAndCheaterIsCaught() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    assertTrue(ProofOfSpaceScene.run(42, out), bytes.toString(StandardCharsets.UTF_8));
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("rejected: BAD_MERKLE_PATH"), text);
  }
}
