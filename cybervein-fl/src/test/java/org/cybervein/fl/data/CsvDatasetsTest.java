package org.cybervein.fl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.cybervein.api.random.DeterministicRandom;
import org.junit.jupiter.api.Test;

class CsvDatasetsTest {
  private static PartyDataset read(String text, String label) throws InvalidDatasetException {
    return CsvDatasets.read(new StringReader(text), Optional.ofNullable(label));
  }

  private static InvalidDatasetException.Reason rejection(String text, String label) {
    return assertThrows(InvalidDatasetException.class, () -> read(text, label)).reason();
  }

  @Test
  void readsIdsLabelAndFeaturesInFileOrder() throws Exception {
    PartyDataset d = read("id,y,x0,x1\n7,1,0.5,-2\n3,0,1e-3,4\n", "y");
    assertEquals(List.of("7", "3"), d.ids());
    assertEquals(List.of("x0", "x1"), d.featureNames());
    assertArrayEquals(new double[] {1, 0}, d.labels().orElseThrow());
    assertArrayEquals(new double[] {0.001, 4}, d.row(1));
  }

  @Test
  void hostFilesHaveNoLabel() throws Exception {
    PartyDataset d = read("id,x0\n1,2\n", null);
    assertTrue(d.labels().isEmpty());
    assertEquals(1, d.featureCount());
  }

  @Test
  void rejectsMalformedTables() {
    assertEquals(InvalidDatasetException.Reason.EMPTY, rejection("", null));
    assertEquals(InvalidDatasetException.Reason.MISSING_COLUMN, rejection("id,x0\n1,2\n", "y"));
    assertEquals(InvalidDatasetException.Reason.MISSING_COLUMN, rejection("id,y\n1,2\n", "y"));
    assertEquals(
        InvalidDatasetException.Reason.WRONG_FIELD_COUNT, rejection("id,x0\n1,2,3\n", null));
    assertEquals(InvalidDatasetException.Reason.NOT_A_NUMBER, rejection("id,x0\n1,abc\n", null));
    assertEquals(InvalidDatasetException.Reason.NOT_A_NUMBER, rejection("id,x0\n1,NaN\n", null));
    assertEquals(InvalidDatasetException.Reason.BAD_ID, rejection("id,x0\n1,2\n1,3\n", null));
    assertEquals(InvalidDatasetException.Reason.BAD_ID, rejection("id,x0\n,2\n", null));
  }

  @Test
  void droppingRowsKeepsTheRestInOrder() throws Exception {
    StringBuilder text = new StringBuilder("id,x0\n");
    for (int i = 0; i < 100; i++) {
      text.append(i).append(',').append(i).append('\n');
    }
    PartyDataset d = read(text.toString(), null);
    PartyDataset kept = d.dropRandomRows(0.2, DeterministicRandom.fromSeed(5L));
    assertEquals(80, kept.rowCount());
    assertEquals(80, new HashSet<>(kept.ids()).size());
    for (int i = 1; i < kept.rowCount(); i++) {
      assertTrue(kept.row(i - 1)[0] < kept.row(i)[0]);
      assertEquals(kept.ids().get(i), String.valueOf((int) kept.row(i)[0]));
    }
  }

  @Test
  void datasetIsImmutable() throws Exception {
    PartyDataset d = read("id,x0\n1,2\n", null);
    d.features()[0][0] = 99;
    d.row(0)[0] = 99;
    assertEquals(2, d.row(0)[0]);
  }
}
