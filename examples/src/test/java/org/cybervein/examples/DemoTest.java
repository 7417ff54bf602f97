package org.cybervein.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DemoTest {
  @Test
  void fourteenScenesWithDistinctTitles() {
    List<Scene> scenes = Demo.scenes(Path.of("unused"));
    assertEquals(14, scenes.size());
    Set<String> titles = new HashSet<>();
    scenes.forEach(s -> titles.add(s.title()));
    assertEquals(14, titles.size());
  }

  @Test
  void readmeNamesTheLossCurveFileTheDemoWrites() throws Exception {
    // Surefire runs in the module's directory; the README is the repository's.
    String readme = Files.readString(Path.of("..", "README.md"));
    assertTrue(readme.contains("`examples/target/demo/" + Demo.LOSS_CURVE_FILE + "`"));
  }
}
