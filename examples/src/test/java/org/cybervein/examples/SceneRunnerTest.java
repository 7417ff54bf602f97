package org.cybervein.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SceneRunnerTest {
  private static String run(List<Scene> scenes, long seed, DemoSummary[] summary) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    // A clock that advances 1.5 s each time it is read, so that every duration printed is known.
    AtomicLong clock = new AtomicLong();
    summary[0] =
        new SceneRunner(out, () -> clock.getAndAdd(Duration.ofMillis(1500).toNanos()))
            .run(scenes, seed);
    return buffer.toString(StandardCharsets.UTF_8);
  }

  @Test
  void numberedHeadersIndentedStoriesFootersAndASummaryLineLast() {
    List<Scene> scenes =
        List.of(
            new Scene(
                "First layer",
                (seed, out) -> {
                  out.println("seed " + seed);
                  out.printf("two%nlines%n");
                  return true;
                }),
            new Scene("Second layer", (seed, out) -> true));
    DemoSummary[] summary = new DemoSummary[1];
    String text = run(scenes, 7, summary);

    assertEquals(
        String.join(
            "\n",
            "",
            "[1/2] First layer",
            "  seed 7",
            "  two",
            "  lines",
            "[1/2] OK in 1.5 s",
            "",
            "[2/2] Second layer",
            "[2/2] OK in 1.5 s",
            "",
            "Demo finished: 2 scenes run in 7.5 s, 2 OK, 0 failed",
            ""),
        text.replace(System.lineSeparator(), "\n"));
    assertTrue(summary[0].allPassed());
  }

  @Test
  void aFailedOrThrowingSceneIsCountedAndTheNextOneStillRuns() {
    boolean[] lastRan = {false};
    List<Scene> scenes =
        List.of(
            new Scene("Fails", (seed, out) -> false),
            new Scene(
                "Throws",
                (seed, out) -> {
                  throw new IllegalStateException("broken on purpose");
                }),
            new Scene(
                "Passes",
                (seed, out) -> {
                  lastRan[0] = true;
                  return true;
                }));
    DemoSummary[] summary = new DemoSummary[1];
    String text = run(scenes, 1, summary);

    assertTrue(lastRan[0]);
    assertFalse(summary[0].allPassed());
    assertEquals(List.of("[1/3] Fails", "[2/3] Throws"), summary[0].failed());
    assertTrue(text.contains("[1/3] FAILED in 1.5 s"), text);
    assertTrue(text.contains("  the scene stopped with java.lang.IllegalStateException"), text);
    assertTrue(text.contains("[2/3] FAILED in "), text);
    assertTrue(text.contains("[3/3] OK in 1.5 s"), text);
    List<String> lines = text.lines().toList();
    assertEquals(
        "Demo finished: 3 scenes run in ",
        lines.get(lines.size() - 1).substring(0, "Demo finished: 3 scenes run in ".length()));
    assertTrue(
        lines.get(lines.size() - 1).endsWith(", 1 OK, 2 failed: [1/3] Fails; [2/3] Throws"), text);
  }

  @Test
  void durationsReadAsSecondsThenMinutes() {
    assertEquals("0.0 s", DemoSummary.format(Duration.ZERO));
    assertEquals("59.9 s", DemoSummary.format(Duration.ofMillis(59_949)));
    assertEquals("1 min 0 s", DemoSummary.format(Duration.ofSeconds(60)));
    assertEquals("2 min 41 s", DemoSummary.format(Duration.ofSeconds(161)));
  }

  @Test
  void indentingSplitsLinesInsideOneWrite() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (PrintStream indented =
        new PrintStream(new IndentingOutputStream(buffer, "> "), true, StandardCharsets.UTF_8)) {
      indented.print("a\n\nb");
      indented.print("c\n");
      indented.write('d');
      indented.write('\n');
    }
    assertEquals("> a\n\n> bc\n> d\n", buffer.toString(StandardCharsets.UTF_8));
  }
}
