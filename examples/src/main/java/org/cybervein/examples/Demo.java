package org.cybervein.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.cybervein.examples.dagcore.DagLifecycleScene;
import org.cybervein.examples.dagstore.DurableDagScene;
import org.cybervein.examples.fl.SecureAveragingDemo;
import org.cybervein.examples.fl.TransferLearningDemo;
import org.cybervein.examples.fl.VerticalTrainingDemo;
import org.cybervein.examples.greetings.GreetingsDemo;
import org.cybervein.examples.greetings.GreetingsOverTcp;
import org.cybervein.examples.he.EncryptedAlignmentDemo;
import org.cybervein.examples.ledger.DataFlowScene;
import org.cybervein.examples.pbft.PbftDemo;
import org.cybervein.examples.pospace.ProofOfSpaceScene;
import org.cybervein.examples.storage.StorageProofsScene;
import org.cybervein.examples.swap.BtcSwapScene;
import org.cybervein.examples.swap.CvtSwapScene;

/**
 * The end-to-end demo of the SDK: runs each scene on the simulated network, deterministically for a
 * seed, under numbered headers, ends with a summary line, and exits with status 1 if any scene
 * fails. The vertical training scene writes its loss curve to {@value #LOSS_CURVE_FILE} in the
 * output directory.
 *
 * <p>Run it with {@code mvn -B -q -Pdemo -DskipTests package} (seed 42, output directory {@code
 * examples/target/demo}) or pass {@code -Ddemo.seed=N}.
 */
public final class Demo {
  /** The name of the loss curve picture in the output directory. */
  public static final String LOSS_CURVE_FILE = "loss-curve.svg";

  private Demo() {}

  /**
   * The scenes, in the order of the whitepaper's layers.
   *
   * @param outputDirectory where scenes write files (the loss curve)
   */
  static List<Scene> scenes(Path outputDirectory) {
    Path lossCurve = outputDirectory.resolve(LOSS_CURVE_FILE);
    return List.of(
        new Scene(
            "Signed envelopes on the simulated network",
            (seed, out) -> GreetingsDemo.run(seed, out).allGreeted()),
        new Scene("The same nodes over TCP on 127.0.0.1", Demo::greetingsOverTcp),
        new Scene("DAG core: units, certification, total order, finality", DagLifecycleScene::run),
        new Scene("DAG on LMDB: stop, reopen, carry on", DurableDagScene::run),
        new Scene(
            "Proof of space: Init, commit proof, storage proof, a cheater", ProofOfSpaceScene::run),
        new Scene(
            "Storage proofs: upload audits, sentinel and compact POR, election",
            StorageProofsScene::run),
        new Scene(
            "Data flow on the ledger: upload fee, audit, download fee, PoC blocks",
            DataFlowScene::run),
        new Scene(
            "Cross-chain atomic swap: CVT on chain A for CVT on chain B, hashed timelocks",
            CvtSwapScene::run),
        new Scene(
            "CVT for BTC: a real Bitcoin mainnet payment proved to the btc-swap contract (SPV)",
            BtcSwapScene::run),
        new Scene("PBFT: four member nodes order a database's operation log", PbftDemo::run),
        new Scene(
            "Private sample alignment (ECDH-PSI) and a Paillier-encrypted sum",
            EncryptedAlignmentDemo::run),
        new Scene(
            "Vertical federated learning: A (features), B (features + labels), C (keys)",
            (seed, out) -> VerticalTrainingDemo.run(seed, out, lossCurve)),
        new Scene(
            "Federated transfer learning: B's labels reach A's users through 114 shared ones",
            TransferLearningDemo::run),
        new Scene(
            "Horizontal federated averaging with secure aggregation (4 hospitals)",
            SecureAveragingDemo::run));
  }

  /**
   * Runs every scene.
   *
   * @param args optionally the seed (a long, 42 if absent) and then the output directory ({@code
   *     target/demo} if absent)
   */
  public static void main(String[] args) {
    long seed = 42;
    if (args.length > 0) {
      try {
        seed = Long.parseLong(args[0].trim());
      } catch (NumberFormatException e) {
        System.err.println(
            "usage: Demo [seed [output directory]], where seed is a whole number; got " + args[0]);
        System.exit(2);
      }
    }
    Path outputDirectory = Path.of(args.length > 1 ? args[1] : "target/demo").toAbsolutePath();
    PrintStream out = System.out;
    List<Scene> scenes = scenes(outputDirectory);
    out.printf(
        "CyberVein SDK demo, seed %d: %d scenes, one per layer, about a minute in all;"
            + " files go to %s%n",
        seed, scenes.size(), outputDirectory);
    DemoSummary summary = new SceneRunner(out, System::nanoTime).run(scenes, seed);
    if (!summary.allPassed()) {
      System.exit(1);
    }
  }

  private static boolean greetingsOverTcp(long seed, PrintStream out) {
    try {
      return GreetingsOverTcp.allGreeted(GreetingsOverTcp.run(seed, Duration.ofSeconds(20), out));
    } catch (IOException e) {
      out.println("could not open loopback sockets: " + e);
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
