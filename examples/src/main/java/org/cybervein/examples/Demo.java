package org.cybervein.examples;

import java.io.PrintStream;
import org.cybervein.examples.greetings.GreetingsDemo;

/**
 * The end-to-end demo of the SDK: runs each scene on the simulated network, deterministically for a
 * seed.
 *
 * <p>Run it with {@code mvn -B -q -Pdemo -DskipTests package} (seed 42) or pass {@code
 * -Ddemo.seed=N}.
 */
public final class Demo {
  private Demo() {}

  /**
   * Runs every scene.
   *
   * @param args optionally the seed (a long); 42 if absent
   */
  public static void main(String[] args) {
    long seed = 42;
    if (args.length > 0) {
      try {
        seed = Long.parseLong(args[0].trim());
      } catch (NumberFormatException e) {
        System.err.println("usage: Demo [seed], where seed is a whole number; got " + args[0]);
        System.exit(2);
      }
    }
    PrintStream out = System.out;
    out.println("CyberVein SDK demo, seed " + seed);
    out.println();
    GreetingsDemo.Result greetings = GreetingsDemo.run(seed, out);
    if (!greetings.allGreeted()) {
      System.exit(1);
    }
  }
}
