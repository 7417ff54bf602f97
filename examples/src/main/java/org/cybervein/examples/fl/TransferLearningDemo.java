package org.cybervein.examples.fl;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cybervein.api.time.SystemClock;
import org.cybervein.fl.data.CsvDatasets;
import org.cybervein.fl.data.InvalidDatasetException;
import org.cybervein.fl.data.PartyDataset;
import org.cybervein.fl.model.EpochProgress;
import org.cybervein.fl.model.Metrics;
import org.cybervein.fl.transfer.SimulatedTransferTraining;
import org.cybervein.fl.transfer.TransferModel;
import org.cybervein.fl.transfer.TransferSettings;
import org.cybervein.fl.vertical.MockCipherSuite;
import org.cybervein.fl.vertical.PaillierCipherSuite;

/**
 * Federated transfer learning on the simulated network: hospital B holds 342 patients with 10
 * features and the diagnosis, hospital A 341 patients with 20 other features and no diagnosis; they
 * share 114 patients, which private set intersection finds. Each learns a small representation; B's
 * labels reach A's 227 patients outside the overlap through it. The scene trains on one code path
 * with two ciphers: 15 epochs of 4 local rounds (the communication-efficient mode) with the
 * plaintext stand-in cipher, a line per epoch, then 2 epochs under Paillier, which give the same
 * losses as the stand-in, and scores A's own patients through the encrypted prediction protocol, in
 * which A learns the scores and B nothing. The labels of A's own patients, held out from both
 * parties, give the AUC, beside the same model trained on the overlap alone.
 *
 * <p>To stay within seconds the encrypted part uses an INSECURE 1024-bit key and 2 epochs; an epoch
 * at 2048 bits is measured by the fl benchmark.
 */
public final class TransferLearningDemo {
  /** 15 exchanges of 4 local rounds each: 60 gradient steps in the communication-efficient mode. */
  static final TransferSettings SETTINGS =
      new TransferSettings(4, 0.5, 0.2, 0.01, 1.0, 15, 4, 1e-6, 1);

  static final int ENCRYPTED_EPOCHS = 2;

  /** The encrypted run: one round per exchange, to stay within seconds. */
  static final TransferSettings ENCRYPTED =
      SETTINGS.withMaxEpochs(ENCRYPTED_EPOCHS).withLocalRounds(1);

  private TransferLearningDemo() {}

  /**
   * Runs the scene.
   *
   * @param seed the seed of the simulated networks
   * @param out where the story is printed
   * @return true if both runs finished, the encrypted losses equal the plaintext ones within 1e-6,
   *     the encrypted scores equal the plaintext model's, and the transfer beats the overlap alone
   */
  public static boolean run(long seed, PrintStream out) {
    PartyDataset b;
    PartyDataset a;
    PartyDataset heldOut;
    double[] heldOutLabels;
    try {
      b = load("breast_transfer_guest", Optional.of("y"));
      a = load("breast_transfer_host", Optional.empty());
      List<String> ids = new ArrayList<>();
      List<Double> labels = new ArrayList<>();
      for (String line : resource("breast_transfer_host_labels").lines().skip(1).toList()) {
        String[] cells = line.split(",");
        ids.add(cells[0]);
        labels.add(Double.parseDouble(cells[1]));
      }
      heldOut = a.select(ids);
      heldOutLabels = labels.stream().mapToDouble(Double::doubleValue).toArray();
    } catch (IOException | InvalidDatasetException e) {
      out.println("cannot read the demo dataset: " + e);
      return false;
    }
    List<String> overlap =
        SimulatedAlignment.align(
                seed, SimulatedTransferTraining.HOST, a, SimulatedTransferTraining.GUEST, b)
            .ids();
    out.printf(
        "B: %d labelled users, %d features; A: %d users, %d features, no labels;"
            + " PSI finds %d shared users%n",
        b.rowCount(), b.featureCount(), a.rowCount(), a.featureCount(), overlap.size());
    out.printf(
        "representation d=%d (tanh), gamma %.2f, L2 %.2f, lr %.1f, %d epochs of %d local rounds;"
            + " plaintext stand-in cipher on the protocol's code path%n",
        SETTINGS.dimension(),
        SETTINGS.gamma(),
        SETTINGS.l2(),
        SETTINGS.learningRate(),
        SETTINGS.maxEpochs(),
        SETTINGS.localRounds());

    List<EpochProgress> plain = new ArrayList<>();
    TransferModel model;
    try (SystemClock clock = new SystemClock()) {
      model =
          new SimulatedTransferTraining(seed, a, b, overlap, SETTINGS, new MockCipherSuite())
              .clock(clock)
              .listener(EpochLines.printing(out, 6, plain))
              .run();
    }
    double transfer = Metrics.auc(model.scoreHostRows(heldOut), heldOutLabels);
    TransferModel alone =
        new SimulatedTransferTraining(
                seed, a, b.select(overlap), overlap, SETTINGS, new MockCipherSuite())
            .run();
    double overlapOnly = Metrics.auc(alone.scoreHostRows(heldOut), heldOutLabels);
    out.printf(
        "AUC on A's %d own users: transfer %.4f; the same model with B's data cut to the"
            + " overlap %.4f%n",
        heldOut.rowCount(), transfer, overlapOnly);

    out.printf(
        "Under Paillier, one key pair per party, no coordinator (1024-bit demo keys, insecure"
            + " size), %d epochs of 1 round:%n",
        ENCRYPTED_EPOCHS);
    TransferModel reference =
        new SimulatedTransferTraining(seed, a, b, overlap, ENCRYPTED, new MockCipherSuite()).run();
    List<EpochProgress> encrypted = new ArrayList<>();
    SimulatedTransferTraining session;
    TransferModel short_;
    try (SystemClock clock = new SystemClock()) {
      session =
          new SimulatedTransferTraining(
                  seed, a, b, overlap, ENCRYPTED, PaillierCipherSuite.insecureForTesting(1024))
              .clock(clock)
              .listener(EpochLines.printing(out, 6, encrypted));
      short_ = session.run();
    }
    double gap = 0;
    for (int e = 0; e < encrypted.size(); e++) {
      gap = Math.max(gap, Math.abs(encrypted.get(e).loss() - reference.losses().get(e)));
    }
    PartyDataset some = heldOut.select(heldOut.ids().subList(0, 20));
    double[] scores = session.scoreOnHost(some);
    double[] expected = short_.scoreHostRows(some);
    double scoreGap = 0;
    for (int i = 0; i < scores.length; i++) {
      scoreGap = Math.max(scoreGap, Math.abs(scores[i] - expected[i]));
    }
    out.printf(
        "  largest loss gap to the same run with the plaintext stand-in %.1e; A scored %d users through B's encrypted Phi"
            + " (largest gap %.1e), B decrypted only masked values%n",
        gap, scores.length, scoreGap);
    return plain.size() == model.epochs()
        && encrypted.size() == ENCRYPTED_EPOCHS
        && gap < 1e-6
        && scoreGap < 1e-6
        && transfer > overlapOnly;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in =
        TransferLearningDemo.class.getResourceAsStream("/datasets/transfer/" + name + ".csv")) {
      if (in == null) {
        throw new IOException("missing resource /datasets/transfer/" + name + ".csv");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static PartyDataset load(String name, Optional<String> label)
      throws IOException, InvalidDatasetException {
    return CsvDatasets.read(new java.io.StringReader(resource(name)), label);
  }
}
