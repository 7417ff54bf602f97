package org.cybervein.fl.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.cybervein.fl.data.CsvDatasets;
import org.cybervein.fl.data.InvalidDatasetException;
import org.cybervein.fl.data.PartyDataset;

/**
 * A transfer setting from src/test/resources/datasets/transfer (see the README there): B's labelled
 * users, A's unlabelled users, the users both hold (in B's file order, as a PSI run would hand them
 * to both parties) and the held-out labels of A's own users.
 */
record TransferData(
    PartyDataset guest,
    PartyDataset host,
    List<String> overlap,
    PartyDataset hostOnly,
    double[] hostOnlyLabels) {

  static TransferData load(String name) {
    PartyDataset guest = read(name + "_guest", Optional.of("y"));
    PartyDataset host = read(name + "_host", Optional.empty());
    Set<String> hostIds = new HashSet<>(host.ids());
    List<String> overlap = guest.ids().stream().filter(hostIds::contains).toList();
    List<String> heldOut = new ArrayList<>();
    List<Double> labels = new ArrayList<>();
    try (InputStream in = resource(name + "_host_labels")) {
      List<String> lines =
          new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).toList();
      for (String line : lines) {
        String[] cells = line.split(",");
        heldOut.add(cells[0]);
        labels.add(Double.parseDouble(cells[1]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new TransferData(
        guest,
        host,
        overlap,
        host.select(heldOut),
        labels.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private static InputStream resource(String file) {
    InputStream in = TransferData.class.getResourceAsStream("/datasets/transfer/" + file + ".csv");
    if (in == null) {
      throw new IllegalStateException("missing test resource " + file);
    }
    return in;
  }

  /** B cut down to the shared users: the baseline without B's other labelled users. */
  TransferData overlapOnly() {
    return new TransferData(guest.select(overlap), host, overlap, hostOnly, hostOnlyLabels);
  }

  private static PartyDataset read(String file, Optional<String> label) {
    try (InputStream in = resource(file)) {
      return CsvDatasets.read(in, label);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InvalidDatasetException e) {
      throw new IllegalStateException(e);
    }
  }
}
