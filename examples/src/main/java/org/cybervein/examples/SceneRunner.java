package org.cybervein.examples;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Runs the demo's scenes in order, each under a numbered header ({@code "[3/11] DAG core: ..."})
 * with its story indented below it and a footer saying whether it reached its goal and how long it
 * took, and ends with one summary line. A scene that throws counts as failed and the next one still
 * runs, so one broken layer does not hide how the others did.
 */
final class SceneRunner {
  private static final String INDENT = "  ";

  private final PrintStream out;
  private final LongSupplier nanoTime;

  /**
   * Creates a runner.
   *
   * @param out where headers, stories and the summary are printed
   * @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime}; a fixed one in
   *     tests, so that the output is exact)
   */
  SceneRunner(PrintStream out, LongSupplier nanoTime) {
    this.out = Objects.requireNonNull(out, "out");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /**
   * Runs every scene with {@code seed} and prints the summary line last.
   *
   * @return the summary
   */
  DemoSummary run(List<Scene> scenes, long seed) {
    long demoStart = nanoTime.getAsLong();
    PrintStream body =
        new PrintStream(new IndentingOutputStream(out, INDENT), true, StandardCharsets.UTF_8);
    List<String> failed = new ArrayList<>();
    for (int i = 0; i < scenes.size(); i++) {
      Scene scene = scenes.get(i);
      String number = "[" + (i + 1) + "/" + scenes.size() + "]";
      out.println();
      out.println(number + " " + scene.title());
      long start = nanoTime.getAsLong();
      boolean ok;
      try {
        ok = scene.body().run(seed, body);
      } catch (RuntimeException e) {
        body.println("the scene stopped with " + e);
        e.printStackTrace(body);
        ok = false;
      }
      body.flush();
      out.println(number + (ok ? " OK" : " FAILED") + " in " + DemoSummary.format(since(start)));
      if (!ok) {
        failed.add(number + " " + scene.title());
      }
    }
    DemoSummary summary = new DemoSummary(scenes.size(), failed, since(demoStart));
    out.println();
    out.println(summary.line());
    out.flush();
    return summary;
  }

  private Duration since(long start) {
    return Duration.ofNanos(Math.max(0, nanoTime.getAsLong() - start));
  }
}
