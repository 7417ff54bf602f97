package org.cybervein.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import org.cybervein.examples.greetings.GreetingsDemo;
import org.cybervein.examples.greetings.GreetingsOverTcp;
import org.cybervein.examples.pbft.PbftDemo;

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
    out.println();
    boolean overTcp;
    try {
      overTcp =
          GreetingsOverTcp.allGreeted(GreetingsOverTcp.run(seed, Duration.ofSeconds(20), out));
    } catch (IOException e) {
      System.err.println("could not open loopback sockets: " + e);
      overTcp = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      overTcp = false;
    }
    if (!greetings.allGreeted() || !overTcp) {
      System.exit(1);
    }
    out.println();
    if (!PbftDemo.run(seed, out)) {
      System.exit(1);
    }
  }
}
