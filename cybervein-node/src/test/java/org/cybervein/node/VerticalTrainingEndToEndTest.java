package org.cybervein.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.cybervein.fl.data.CsvDatasets;
import org.cybervein.fl.data.PartyDataset;
import org.cybervein.fl.model.Hyperparameters;
import org.cybervein.fl.model.ModelKind;
import org.cybervein.fl.vertical.SimulatedVerticalTraining;
import org.cybervein.fl.vertical.VerticalModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end test 3 of issue 15: vertical training with party A, party B and coordinator C as three
 * processes over the gRPC transport with mutual TLS, on the breast data (the aligned {@code
 * breast_hetero_mini} split of cybervein-fl's test data). The model the processes train equals the
 * one the same three cores train on the simulated network in this JVM, to 1e-9.
 */
class VerticalTrainingEndToEndTest {
  private static final Duration START = Duration.ofSeconds(120);
  private static final Duration TRAIN = Duration.ofSeconds(150);
  private static final int EPOCHS = 2;
  private static final int PAILLIER_BITS = 512;

  /** The first rows of the split: enough for several batches, few enough to stay quick. */
  private static final int ROWS = 200;

  @Test
  @Timeout(400)
  void threeProcessesTrainTheModelTheSimulationTrains(@TempDir Path dir) throws Exception {
    Path data =
        Path.of(System.getProperty("basedir", ""))
            .toAbsolutePath()
            .getParent()
            .resolve("cybervein-fl/src/test/resources/datasets");
    assertTrue(Files.isDirectory(data), "the breast data at " + data);
    Path hostCsv = firstRows(data.resolve("breast_hetero_mini_host.csv"), dir.resolve("a.csv"));
    Path guestCsv = firstRows(data.resolve("breast_hetero_mini_guest.csv"), dir.resolve("b.csv"));
    try (NodeProcesses cluster = new NodeProcesses(dir)) {
      cluster.init(
          List.of("A,fl-host", "B,fl-guest", "C,fl-coordinator"),
          "--dataset",
          "A=" + hostCsv,
          "--dataset",
          "B=" + guestCsv,
          "--label",
          "B=y",
          "--fl-max-epochs",
          String.valueOf(EPOCHS),
          "--paillier-bits",
          String.valueOf(PAILLIER_BITS));
      cluster.withLogsOnFailure(
          () -> {
            NodeProcesses.Node a = cluster.start("A");
            NodeProcesses.Node b = cluster.start("B");
            cluster.start("C");
            JsonObject modelA = model(a.awaitLine("model ", START.plus(TRAIN)));
            JsonObject modelB = model(b.awaitLine("model ", START.plus(TRAIN)));
            assertTrue(modelA.get("ok").getAsBoolean() && modelB.get("ok").getAsBoolean());

            PartyDataset hostData = CsvDatasets.read(hostCsv, Optional.empty());
            PartyDataset guestData = CsvDatasets.read(guestCsv, Optional.of("y"));
            ClusterDescription.FlGenesis g = ClusterDescription.FlGenesis.DEFAULT;
            Hyperparameters hyper =
                new Hyperparameters(
                    ModelKind.LOGISTIC_TAYLOR,
                    g.learningRate(),
                    g.l2(),
                    g.batchSize(),
                    EPOCHS,
                    g.tolerance());
            VerticalModel simulated =
                new SimulatedVerticalTraining(
                        7, hostData, guestData, hyper, FlPartyRole.suite(PAILLIER_BITS))
                    .run();
            assertClose(simulated.hostWeights(), modelA.getAsJsonArray("weights"), "w_A");
            assertClose(simulated.guestWeights(), modelB.getAsJsonArray("weights"), "w_B");
            assertEquals(simulated.intercept(), modelB.get("intercept").getAsDouble(), 1e-9);
            assertEquals(simulated.epochs(), modelB.get("epochs").getAsInt());
          });
    }
  }

  private static Path firstRows(Path from, Path to) throws java.io.IOException {
    return Files.write(to, Files.readAllLines(from).subList(0, ROWS + 1));
  }

  private static JsonObject model(String line) {
    return JsonParser.parseString(line.substring("model ".length())).getAsJsonObject();
  }

  private static void assertClose(double[] expected, JsonArray actual, String what) {
    assertEquals(expected.length, actual.size(), what + " length");
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual.get(i).getAsDouble(), 1e-9, what + "[" + i + "]");
    }
  }
}
