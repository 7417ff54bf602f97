package org.cybervein.examples.fl;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.time.SystemClock;
import org.cybervein.fl.alignment.AlignedSamples;
import org.cybervein.fl.data.CsvDatasets;
import org.cybervein.fl.data.InvalidDatasetException;
import org.cybervein.fl.data.PartyDataset;
import org.cybervein.fl.model.CentralisedTrainer;
import org.cybervein.fl.model.EpochProgress;
import org.cybervein.fl.model.Hyperparameters;
import org.cybervein.fl.model.LinearModel;
import org.cybervein.fl.model.Metrics;
import org.cybervein.fl.model.ModelKind;
import org.cybervein.fl.vertical.PaillierCipherSuite;
import org.cybervein.fl.vertical.SimulatedVerticalTraining;
import org.cybervein.fl.vertical.VerticalModel;

/**
 * Vertical federated learning on the simulated network: party A (a hospital's lab results, 3
 * features) and party B (another's, 3 features and the diagnosis) each lose a random 20% of their
 * rows, align the rest by private set intersection (Part I), and train a logistic regression with
 * coordinator C under Paillier encryption (Part II). The demo prints a line per epoch, writes the
 * loss curve as an SVG picture ({@link LossCurveSvg}), predicts held-out rows through the
 * prediction protocol, and compares the federated model V_FED with the centralised one V_SUM.
 *
 * <p>To stay within a few seconds it uses the mini breast data (569 rows), 3 epochs and an INSECURE
 * 1024-bit Paillier key; a real deployment uses 2048 bits ({@code
 * PaillierCipherSuite.of(PaillierKeySize.BITS_2048)}), which costs about 6 times as much per epoch
 * (see the fl benchmark).
 */
public final class VerticalTrainingDemo {
  static final Hyperparameters HYPERPARAMETERS =
      new Hyperparameters(ModelKind.LOGISTIC_TAYLOR, 0.15, 0.01, 64, 3, 1e-4);
  private static final int HELD_OUT = 69;

  private VerticalTrainingDemo() {}

  /**
   * Runs the scene.
   *
   * @param seed the seed of the simulated network and of the rows each party loses
   * @param out where the story is printed
   * @param lossCurve the file the loss curve is written to, as SVG (its directory is created)
   * @return true if training finished, the loss curve was written, and V_FED's AUC is within 1% of
   *     V_SUM's
   */
  public static boolean run(long seed, PrintStream out, Path lossCurve) {
    PartyDataset fullA;
    PartyDataset fullB;
    try {
      fullA = load("breast_hetero_mini_host", Optional.empty());
      fullB = load("breast_hetero_mini_guest", Optional.of("y"));
    } catch (IOException | InvalidDatasetException e) {
      out.println("cannot read the demo dataset: " + e);
      return false;
    }
    // The last rows are new users, predicted after training; the rest is for training.
    List<String> trainIds = fullA.ids().subList(0, fullA.rowCount() - HELD_OUT);
    List<String> newIds = fullA.ids().subList(fullA.rowCount() - HELD_OUT, fullA.rowCount());
    PartyDataset a = fullA.select(trainIds).dropRandomRows(0.2, DeterministicRandom.fromSeed(seed));
    PartyDataset b =
        fullB.select(trainIds).dropRandomRows(0.2, DeterministicRandom.fromSeed(seed + 1));

    AlignedSamples aligned =
        SimulatedAlignment.align(
            seed, SimulatedVerticalTraining.HOST, a, SimulatedVerticalTraining.GUEST, b);
    out.printf(
        "Part I: A holds %d rows, B %d; private set intersection finds %d common users%n",
        a.rowCount(), b.rowCount(), aligned.size());
    PartyDataset alignedA = aligned.align(a);
    PartyDataset alignedB = aligned.align(b);

    PaillierCipherSuite suite = PaillierCipherSuite.insecureForTesting(1024);
    out.printf(
        "Part II: logistic regression (Taylor loss), lr %.2f, L2 %.2f, batch %d, %d epochs,"
            + " 1024-bit demo key (insecure size, for speed)%n",
        HYPERPARAMETERS.learningRate(),
        HYPERPARAMETERS.l2(),
        HYPERPARAMETERS.batchSize(),
        HYPERPARAMETERS.maxEpochs());
    List<EpochProgress> epochs = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    SimulatedVerticalTraining session;
    VerticalModel model;
    try (SystemClock clock = new SystemClock()) {
      session =
          new SimulatedVerticalTraining(seed, alignedA, alignedB, HYPERPARAMETERS, suite)
              .executor(pool)
              .clock(clock)
              .listener(EpochLines.printing(out, 5, epochs));
      model = session.run();
    } finally {
      pool.shutdown();
    }
    out.printf(
        "  C decrypted %d values, each under a random mask; it never saw a gradient or loss%n",
        session.coordinator().decryptions());

    double[][] pooledTrain = pooled(alignedA, alignedB);
    double[] y = alignedB.labels().orElseThrow();
    LinearModel central = new CentralisedTrainer(HYPERPARAMETERS).train(pooledTrain, y, p -> {});
    double aucFed = Metrics.auc(model.pooled().predict(pooledTrain), y);
    double aucSum = Metrics.auc(central.predict(pooledTrain), y);
    double maxWeightGap = 0;
    double[] wFed = model.pooled().weights();
    double[] wSum = central.weights();
    for (int j = 0; j < wFed.length; j++) {
      maxWeightGap = Math.max(maxWeightGap, Math.abs(wFed[j] - wSum[j]));
    }
    out.printf(
        "V_FED AUC %.4f, V_SUM (centralised, same settings) AUC %.4f; largest weight gap %.1e%n",
        aucFed, aucSum, maxWeightGap);

    session.host().serve(fullA.select(newIds));
    long request = session.guest().requestPredictions(fullB.select(newIds));
    session
        .network()
        .runUntil(() -> session.guest().predictions(request).isPresent(), Duration.ofMinutes(1));
    Optional<double[]> predicted = session.guest().predictions(request);
    double[] newLabels = fullB.select(newIds).labels().orElseThrow();
    predicted.ifPresent(
        p ->
            out.printf(
                "Prediction protocol: %d new users scored jointly, AUC %.4f%n",
                p.length, Metrics.auc(p, newLabels)));

    boolean written = writeLossCurve(lossCurve, epochs, out);
    return written
        && epochs.size() == model.epochs()
        && predicted.isPresent()
        && Math.abs(aucFed - aucSum) < 0.01 * aucSum;
  }

  private static boolean writeLossCurve(Path file, List<EpochProgress> epochs, PrintStream out) {
    try {
      Path absolute = file.toAbsolutePath();
      Files.createDirectories(absolute.getParent());
      Files.writeString(
          absolute,
          LossCurveSvg.draw("Vertical logistic regression: training loss per epoch", epochs),
          StandardCharsets.UTF_8);
      out.println("Loss curve (" + epochs.size() + " epochs): " + absolute);
      return true;
    } catch (IOException e) {
      out.println("could not write the loss curve: " + e);
      return false;
    }
  }

  private static PartyDataset load(String name, Optional<String> label)
      throws IOException, InvalidDatasetException {
    try (InputStream in =
        VerticalTrainingDemo.class.getResourceAsStream("/datasets/" + name + ".csv")) {
      if (in == null) {
        throw new IOException("missing resource /datasets/" + name + ".csv");
      }
      return CsvDatasets.read(in, label);
    }
  }

  private static double[][] pooled(PartyDataset a, PartyDataset b) {
    double[][] xa = a.features();
    double[][] xb = b.features();
    double[][] x = new double[xa.length][];
    for (int i = 0; i < x.length; i++) {
      x[i] = new double[xa[i].length + xb[i].length];
      System.arraycopy(xa[i], 0, x[i], 0, xa[i].length);
      System.arraycopy(xb[i], 0, x[i], xa[i].length, xb[i].length);
    }
    return x;
  }
}
