package org.cybervein.examples;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How a run of the demo went, as its last line says it.
 *
 * @param scenesRun how many scenes ran
 * @param failed the headers of the scenes that failed, in order (e.g. {@code "[7/11] Data flow"})
 * @param elapsed wall-clock time of the whole run
 */
record DemoSummary(int scenesRun, List<String> failed, Duration elapsed) {
  /** Copies the list and checks the counts. */
  DemoSummary {
    failed = List.copyOf(failed);
    Objects.requireNonNull(elapsed, "elapsed");
    if (scenesRun < failed.size() || elapsed.isNegative()) {
      throw new IllegalArgumentException(
          "cannot fail " + failed.size() + " of " + scenesRun + " scenes in " + elapsed);
    }
  }

  /** Whether every scene reached its goal. */
  boolean allPassed() {
    return failed.isEmpty();
  }

  /**
   * The summary line, e.g. {@code "Demo finished: 11 scenes run in 2 min 41 s, 11 OK, 0 failed"},
   * followed by the failed scenes' headers if there are any.
   */
  String line() {
    String line =
        String.format(
            Locale.ROOT,
            "Demo finished: %d scenes run in %s, %d OK, %d failed",
            scenesRun,
            format(elapsed),
            scenesRun - failed.size(),
            failed.size());
    return failed.isEmpty() ? line : line + ": " + String.join("; ", failed);
  }

  /** A duration as a person reads it: tenths of a second below a minute, whole seconds above. */
  static String format(Duration d) {
    if (d.compareTo(Duration.ofMinutes(1)) < 0) {
      return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
    return d.toMinutes() + " min " + d.toSecondsPart() + " s";
  }
}
