package org.cybervein.examples.he;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EncryptedAlignmentDemoTest {
  private static String run(long seed) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    assertTrue(EncryptedAlignmentDemo.run(seed, out));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void partiesAgreeOnTwentySharedIdsAndDecryptTheExactSum() {
    String text = run(42);
    assertTrue(text.contains("both learn 20 shared ids"), text);
    assertTrue(text.contains("decrypts the sum 13.75 (expected 13.75)"), text);
  }

  @Test
  void sceneReplaysExactlyFromItsSeed() {
    assertEquals(run(7), run(7));
  }
}
