package org.cybervein.examples.fl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerticalTrainingDemoTest {
  @Test
  void sceneTrainsPredictsAndWritesTheLossCurveWithOnePointPerEpoch(@TempDir Path dir)
      throws Exception {
    Path svg = dir.resolve("demo").resolve("loss-curve.svg");
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    boolean ok =
        VerticalTrainingDemo.run(42, new PrintStream(buffer, true, StandardCharsets.UTF_8), svg);
    String out = buffer.toString(StandardCharsets.UTF_8);
    assertTrue(ok, out);
    // Training may stop early when the loss settles: count the epochs the scene printed.
    int epochs =
        (int) out.lines().filter(l -> l.matches("\\s*epoch \\d+ of \\d+  loss .*")).count();
    assertTrue(epochs >= 1 && epochs <= VerticalTrainingDemo.HYPERPARAMETERS.maxEpochs(), out);
    assertTrue(out.contains("Loss curve (" + epochs + " epochs): " + svg.toAbsolutePath()), out);

    SvgDocument curve = SvgDocument.parse(Files.readString(svg));
    assertEquals("epoch", curve.axisLabel("x-axis"));
    assertEquals("loss", curve.axisLabel("y-axis"));
    assertTrue(curve.tickLabels("y-axis").size() >= 2, "y axis ticks");
    assertEquals(epochs, curve.tickLabels("x-axis").size());
    assertEquals(epochs, curve.withClass("circle", "point").size());
  }
}
