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
    assertEquals(
        InvalidDatasetException.Reason.NOT_A_NUMBER, rejection("id,x0\n1,Infinity\n", null));
    assertEquals(InvalidDatasetException.Reason.MISSING_VALUE, rejection("id,x0\n1,NaN\n", null));
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

  private static PartyDataset read(String text, String label, MissingValues missing)
      throws InvalidDatasetException {
    return CsvDatasets.read(new StringReader(text), Optional.ofNullable(label), missing);
  }

  @Test
  void refusesAnEmptyFieldNamingLineAndColumnByDefault() {
    // FATE's own files leave fields empty; the default refuses and says where.
    InvalidDatasetException e =
        assertThrows(
            InvalidDatasetException.class, () -> read("id,y,age,income\n1,0,3,4\n2,1,,5\n", "y"));
    assertEquals(InvalidDatasetException.Reason.MISSING_VALUE, e.reason());
    assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    assertTrue(e.getMessage().contains("'age'"), e.getMessage());
  }

  @Test
  void everySpellingOfNoValueCountsAsMissing() {
    for (String token : List.of("", " ", "NA", "na", "NaN", "null", "NULL", "None")) {
      assertEquals(
          InvalidDatasetException.Reason.MISSING_VALUE,
          rejection("id,x0\n1," + token + "\n", null),
          "token '" + token + "'");
    }
  }

  @Test
  void notANumberNamesTheColumn() {
    InvalidDatasetException e =
        assertThrows(InvalidDatasetException.class, () -> read("id,a,b\n1,2,x7\n", null));
    assertEquals(InvalidDatasetException.Reason.NOT_A_NUMBER, e.reason());
    assertTrue(e.getMessage().contains("line 2, column 'b'"), e.getMessage());
  }

  @Test
  void fillsWithAConstantWhenAsked() throws Exception {
    PartyDataset d = read("id,a,b\n1,,2\n2,3,NA\n", null, MissingValues.fillWith(-1));
    assertArrayEquals(new double[] {-1, 2}, d.row(0));
    assertArrayEquals(new double[] {3, -1}, d.row(1));
  }

  @Test
  void fillsWithTheMeanOfTheValuesPresentInTheColumn() throws Exception {
    PartyDataset d =
        read("id,a,b\n1,,2\n2,3,4\n3,5,\n4,10,6\n", null, MissingValues.fillWithColumnMean());
    assertArrayEquals(new double[] {6, 2}, d.row(0)); // mean of 3, 5, 10
    assertArrayEquals(new double[] {5, 4}, d.row(2)); // mean of 2, 4, 6
    assertArrayEquals(new double[] {10, 6}, d.row(3));
  }

  @Test
  void aColumnWithNoValueHasNoMean() {
    InvalidDatasetException e =
        assertThrows(
            InvalidDatasetException.class,
            () -> read("id,a,b\n1,,2\n2,NA,4\n", null, MissingValues.fillWithColumnMean()));
    assertEquals(InvalidDatasetException.Reason.MISSING_VALUE, e.reason());
    assertTrue(e.getMessage().contains("'a'"), e.getMessage());
  }

  @Test
  void aMissingLabelIsRefusedWhateverThePolicy() {
    for (MissingValues policy :
        List.of(
            MissingValues.refuse(),
            MissingValues.fillWith(0),
            MissingValues.fillWithColumnMean())) {
      InvalidDatasetException e =
          assertThrows(
              InvalidDatasetException.class, () -> read("id,y,a\n1,,2\n2,1,3\n", "y", policy));
      assertEquals(InvalidDatasetException.Reason.MISSING_VALUE, e.reason());
      assertTrue(e.getMessage().contains("column 'y'"), e.getMessage());
    }
  }

  @Test
  void aFillValueMustBeFinite() {
    assertThrows(IllegalArgumentException.class, () -> MissingValues.fillWith(Double.NaN));
  }
}
