package org.cybervein.fl.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a {@link PartyDataset} from comma-separated text: a header line, then one line per row. The
 * first column is the sample id (kept as an opaque string); the column named by {@code
 * labelColumn}, if given, is the label; every other column is a feature. Fields are plain decimals
 * without quotes, as in FATE's example data. A feature field without a value (empty, {@code NA},
 * {@code NaN}, {@code null}, {@code None}) is handled by a {@link MissingValues} policy, by default
 * refused; every refusal names the line (the header is line 1) and the column.
 */
public final class CsvDatasets {
  private CsvDatasets() {}

  /**
   * Reads a dataset from a file, see {@link #read(Reader, Optional)}.
   *
   * @param file the CSV file, UTF-8
   * @param labelColumn the label column's header name for party B, empty for party A
   * @return the dataset
   * @throws InvalidDatasetException if the file cannot be read or is not a well-formed table of
   *     finite numbers with distinct ids
   */
  public static PartyDataset read(Path file, Optional<String> labelColumn)
      throws InvalidDatasetException {
    return read(file, labelColumn, MissingValues.refuse());
  }

  /**
   * Reads a dataset from a file, see {@link #read(Reader, Optional, MissingValues)}.
   *
   * @param file the CSV file, UTF-8
   * @param labelColumn the label column's header name for party B, empty for party A
   * @param missing what to do with feature fields that hold no value
   * @return the dataset
   * @throws InvalidDatasetException if the file cannot be read or is not a well-formed table of
   *     finite numbers with distinct ids
   */
  public static PartyDataset read(Path file, Optional<String> labelColumn, MissingValues missing)
      throws InvalidDatasetException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(reader, labelColumn, missing);
    } catch (IOException e) {
      throw new InvalidDatasetException(
          InvalidDatasetException.Reason.UNREADABLE, "cannot read " + file + ": " + e, e);
    }
  }

  /**
   * Reads a dataset from UTF-8 bytes, e.g. a class-path resource.
   *
   * @param in the CSV bytes, UTF-8; not closed
   * @param labelColumn the label column's header name for party B, empty for party A
   * @return the dataset
   * @throws InvalidDatasetException if the text is not a well-formed table of finite numbers with
   *     distinct ids
   */
  public static PartyDataset read(InputStream in, Optional<String> labelColumn)
      throws InvalidDatasetException {
    return read(new InputStreamReader(in, StandardCharsets.UTF_8), labelColumn);
  }

  /**
   * Reads a dataset.
   *
   * @param reader the text; not closed
   * @param labelColumn the label column's header name for party B, empty for party A
   * @return the dataset
   * @throws InvalidDatasetException if the text is not a well-formed table of finite numbers with
   *     distinct ids
   */
  public static PartyDataset read(Reader reader, Optional<String> labelColumn)
      throws InvalidDatasetException {
    return read(reader, labelColumn, MissingValues.refuse());
  }

  /**
   * Reads a dataset, handling feature fields without a value by {@code missing}.
   *
   * @param reader the text; not closed
   * @param labelColumn the label column's header name for party B, empty for party A
   * @param missing what to do with feature fields that hold no value
   * @return the dataset
   * @throws InvalidDatasetException if the text is not a well-formed table of finite numbers with
   *     distinct ids, or a value is missing where {@code missing} does not fill it
   */
  public static PartyDataset read(
      Reader reader, Optional<String> labelColumn, MissingValues missing)
      throws InvalidDatasetException {
    Objects.requireNonNull(labelColumn, "labelColumn");
    Objects.requireNonNull(missing, "missing");
    BufferedReader lines = new BufferedReader(reader);
    try {
      String header = lines.readLine();
      if (header == null || header.isBlank()) {
        throw new InvalidDatasetException(InvalidDatasetException.Reason.EMPTY, "no header line");
      }
      String[] names = header.trim().split(",", -1);
      int labelIndex = -1;
      if (labelColumn.isPresent()) {
        for (int c = 1; c < names.length; c++) {
          if (names[c].trim().equals(labelColumn.get())) {
            labelIndex = c;
          }
        }
        if (labelIndex < 0) {
          throw new InvalidDatasetException(
              InvalidDatasetException.Reason.MISSING_COLUMN,
              "no label column " + labelColumn.get() + " in header " + header);
        }
      }
      List<String> featureNames = new ArrayList<>();
      for (int c = 1; c < names.length; c++) {
        if (c != labelIndex) {
          featureNames.add(names[c].trim());
        }
      }
      if (featureNames.isEmpty()) {
        throw new InvalidDatasetException(
            InvalidDatasetException.Reason.MISSING_COLUMN, "no feature column in " + header);
      }
      List<String> ids = new ArrayList<>();
      List<double[]> rows = new ArrayList<>();
      List<Double> labels = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      // Missing cells as (row, feature) pairs, filled once every present value is known.
      List<int[]> holes = new ArrayList<>();
      String line;
      int lineNumber = 1;
      while ((line = lines.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        String[] fields = line.trim().split(",", -1);
        if (fields.length != names.length) {
          throw new InvalidDatasetException(
              InvalidDatasetException.Reason.WRONG_FIELD_COUNT,
              "line " + lineNumber + " has " + fields.length + " fields, header " + names.length);
        }
        String id = fields[0].trim();
        if (id.isEmpty() || !seen.add(id)) {
          throw new InvalidDatasetException(
              InvalidDatasetException.Reason.BAD_ID,
              "line " + lineNumber + ": empty or repeated id '" + id + "'");
        }
        double[] row = new double[featureNames.size()];
        int k = 0;
        for (int c = 1; c < fields.length; c++) {
          String field = fields[c].trim();
          if (MissingValues.isMissing(field)) {
            if (c == labelIndex || missing.refuses()) {
              throw new InvalidDatasetException(
                  InvalidDatasetException.Reason.MISSING_VALUE,
                  "line " + lineNumber + ", column '" + names[c].trim() + "': no value");
            }
            holes.add(new int[] {rows.size(), k++});
            continue;
          }
          double v = parse(field, lineNumber, names[c].trim());
          if (c == labelIndex) {
            labels.add(v);
          } else {
            row[k++] = v;
          }
        }
        ids.add(id);
        rows.add(row);
      }
      fill(rows, holes, missing, featureNames);
      Optional<double[]> y =
          labelIndex < 0
              ? Optional.empty()
              : Optional.of(labels.stream().mapToDouble(Double::doubleValue).toArray());
      return new PartyDataset(ids, featureNames, rows.toArray(new double[0][]), y);
    } catch (IOException e) {
      throw new InvalidDatasetException(
          InvalidDatasetException.Reason.UNREADABLE, "cannot read: " + e, e);
    }
  }

  private static void fill(
      List<double[]> rows, List<int[]> holes, MissingValues missing, List<String> featureNames)
      throws InvalidDatasetException {
    if (holes.isEmpty()) {
      return;
    }
    double[] fillValue = new double[featureNames.size()];
    if (missing.fillsWithMean()) {
      double[] sum = new double[fillValue.length];
      long[] holesIn = new long[fillValue.length];
      for (int[] hole : holes) {
        holesIn[hole[1]]++;
      }
      for (double[] row : rows) {
        for (int j = 0; j < row.length; j++) {
          sum[j] += row[j]; // holes are still 0 here and add nothing
        }
      }
      for (int j = 0; j < fillValue.length; j++) {
        long present = rows.size() - holesIn[j];
        if (holesIn[j] > 0 && present == 0) {
          throw new InvalidDatasetException(
              InvalidDatasetException.Reason.MISSING_VALUE,
              "column '" + featureNames.get(j) + "' has no value in any row, so it has no mean");
        }
        fillValue[j] = present == 0 ? 0 : sum[j] / present;
      }
    } else {
      java.util.Arrays.fill(fillValue, missing.constant());
    }
    for (int[] hole : holes) {
      rows.get(hole[0])[hole[1]] = fillValue[hole[1]];
    }
  }

  private static double parse(String field, int lineNumber, String column)
      throws InvalidDatasetException {
    try {
      double v = Double.parseDouble(field);
      if (Double.isFinite(v)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidDatasetException(
        InvalidDatasetException.Reason.NOT_A_NUMBER,
        "line " + lineNumber + ", column '" + column + "': not a finite number: '" + field + "'");
  }
}
