package org.cybervein.examples.fl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class VerticalTrainingDemoTest {
  @Test
  void sceneTrainsPredictsAndWritesTheLossCurve() throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    boolean ok =
        VerticalTrainingDemo.run(42, new PrintStream(buffer, true, StandardCharsets.UTF_8));
    String out = buffer.toString(StandardCharsets.UTF_8);
    assertTrue(ok, out);
    assertTrue(out.contains("epoch 3"), out);
    String svgLine =
        out.lines().filter(l -> l.startsWith("Loss curve: ")).findFirst().orElseThrow();
    Path svg = Path.of(svgLine.substring("Loss curve: ".length()));
    assertTrue(Files.readString(svg).contains("<polyline"));
    Files.delete(svg);
  }
}
