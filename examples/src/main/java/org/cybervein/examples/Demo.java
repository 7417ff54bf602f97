package org.cybervein.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.cybervein.examples.dagcore.DagLifecycleScene;
import org.cybervein.examples.dagstore.DurableDagScene;
import org.cybervein.examples.fl.SecureAveragingDemo;
import org.cybervein.examples.fl.VerticalTrainingDemo;
import org.cybervein.examples.greetings.GreetingsDemo;
import org.cybervein.examples.greetings.GreetingsOverTcp;
import org.cybervein.examples.he.EncryptedAlignmentDemo;
import org.cybervein.examples.ledger.DataFlowScene;
import org.cybervein.examples.pbft.PbftDemo;
import org.cybervein.examples.pospace.ProofOfSpaceScene;
import org.cybervein.examples.storage.StorageProofsScene;

/**
 * The end-to-end demo of the SDK: runs each scene on the simulated network, deterministically for a
 * seed, and exits with status 1 if any scene fails.
 *
 * <p>Run it with {@code mvn -B -q -Pdemo -DskipTests package} (seed 42) or pass {@code
 * -Ddemo.seed=N}.
 */
public final class Demo {
  private Demo() {}

  /** One scene of the demo: prints its story and says whether it reached its goal. */
  @FunctionalInterface
  interface Scene {
    boolean run(long seed, PrintStream out);
  }

  /** The scenes, in the order of the whitepaper's layers. */
  static List<Scene> scenes() {
    List<Scene> scenes = new ArrayList<>();
    scenes.add((seed, out) -> GreetingsDemo.run(seed, out).allGreeted());
    scenes.add(Demo::greetingsOverTcp);
    scenes.add(DagLifecycleScene::run);
    scenes.add(DurableDagScene::run);
    scenes.add(ProofOfSpaceScene::run);
    scenes.add(StorageProofsScene::run);
    scenes.add(DataFlowScene::run);
    scenes.add(PbftDemo::run);
    scenes.add(EncryptedAlignmentDemo::run);
    scenes.add(VerticalTrainingDemo::run);
    scenes.add(SecureAveragingDemo::run);
    return scenes;
  }

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
    boolean allPassed = true;
    for (Scene scene : scenes()) {
      out.println();
      allPassed &= scene.run(seed, out);
    }
    if (!allPassed) {
      System.exit(1);
    }
  }

  private static boolean greetingsOverTcp(long seed, PrintStream out) {
    try {
      return GreetingsOverTcp.allGreeted(GreetingsOverTcp.run(seed, Duration.ofSeconds(20), out));
    } catch (IOException e) {
      System.err.println("could not open loopback sockets: " + e);
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
