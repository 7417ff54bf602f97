package org.cybervein.examples;

import java.io.PrintStream;
import java.util.Objects;

/**
 * One scene of the demo: a title for its header and the code that tells its story.
 *
 * @param title what the scene shows, one line, printed in the scene's header
 * @param body the story
 */
record Scene(String title, Body body) {
  /** Rejects a blank or multi-line title. */
  Scene {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(body, "body");
    if (title.isBlank() || title.contains("\n")) {
      throw new IllegalArgumentException("a scene title is one non-blank line: " + title);
    }
  }

  /** The story of a scene. */
  @FunctionalInterface
  interface Body {
    /**
     * Runs the scene.
     *
     * @param seed the demo's seed; the same seed replays the same simulated run
     * @param out where the story is printed
     * @return whether the scene reached its goal
     */
    boolean run(long seed, PrintStream out);
  }
}
