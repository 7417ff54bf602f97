package org.cybervein.fl.vertical;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.cybervein.fl.data.CsvDatasets;
import org.cybervein.fl.data.InvalidDatasetException;
import org.cybervein.fl.data.PartyDataset;

/** The FATE example datasets copied under src/test/resources/datasets (see the README there). */
final class TestData {
  private TestData() {}

  static PartyDataset load(String name, Optional<String> label) {
    try (InputStream in = TestData.class.getResourceAsStream("/datasets/" + name + ".csv")) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return CsvDatasets.read(in, label);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InvalidDatasetException e) {
      throw new IllegalStateException(e);
    }
  }

  static PartyDataset host(String pair) {
    return load(pair + "_host", Optional.empty());
  }

  static PartyDataset guest(String pair, String label) {
    return load(pair + "_guest", Optional.of(label));
  }

  /** Rows of A then B side by side, as the centralised reference sees them. */
  static double[][] pooled(PartyDataset a, PartyDataset b) {
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
