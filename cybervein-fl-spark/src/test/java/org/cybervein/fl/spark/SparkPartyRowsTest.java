package org.cybervein.fl.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.fl.data.CsvDatasets;
import org.cybervein.fl.data.InvalidDatasetException;
import org.cybervein.fl.data.PartyDataset;
import org.cybervein.fl.data.Standardiser;
import org.cybervein.fl.model.Hyperparameters;
import org.cybervein.fl.model.ModelKind;
import org.cybervein.fl.vertical.GradientCipher;
import org.cybervein.fl.vertical.GradientDecryptor;
import org.cybervein.fl.vertical.MockCipherSuite;
import org.cybervein.fl.vertical.PaillierCipherSuite;
import org.cybervein.fl.vertical.PartyRows;
import org.cybervein.fl.vertical.SimulatedVerticalTraining;
import org.cybervein.fl.vertical.VerticalModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Party A over rows in Spark ({@code local[2]}) against party A over the same rows in one JVM.
 *
 * <p>The weights must be equal to the last bit, not within a tolerance: every double the party
 * forms from its rows ({@code u_i}, summed over the columns in the same order) is computed by the
 * same expression on the same values, and every sum over rows is taken under encryption, where the
 * order of the partial sums changes the ciphertext's form but not the integer it decrypts to. So
 * any difference at all would be a bug (rows in the wrong batch, a row lost or counted twice).
 */
class SparkPartyRowsTest {
  private static final long SEED = 20261207L;
  private static final Hyperparameters LOGISTIC =
      new Hyperparameters(ModelKind.LOGISTIC_TAYLOR, 0.15, 0.01, 64, 3, 1e-5);
  private static final PaillierCipherSuite SMALL_KEYS = PaillierCipherSuite.insecureForTesting(256);
  private static final SuiteFactory SMALL_KEYS_FACTORY =
      () -> PaillierCipherSuite.insecureForTesting(256);
  private static final SuiteFactory MOCK_FACTORY = MockCipherSuite::new;

  private static SparkSession spark;

  @TempDir static Path dir;

  @BeforeAll
  static void startSpark() {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("cybervein-fl-spark-test")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .getOrCreate();
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void paillierTrainingOverCsvInSparkGivesTheSingleJvmWeightsExactly() throws Exception {
    PartyDataset a = dataset("breast_hetero_host", Optional.empty());
    PartyDataset b = dataset("breast_hetero_guest", Optional.of("y"));
    Path csv = resource("breast_hetero_host");
    VerticalModel reference = new SimulatedVerticalTraining(SEED, a, b, LOGISTIC, SMALL_KEYS).run();
    try (SparkPartyRows rows =
        SparkPartyRows.load(
            SparkPartyRows.readCsv(spark, csv.toString()),
            columns(a),
            a.ids(),
            Optional.empty(),
            2,
            SMALL_KEYS_FACTORY)) {
      VerticalModel distributed =
          new SimulatedVerticalTraining(SEED, a, b, LOGISTIC, SMALL_KEYS).hostRows(rows).run();
      assertSameModel(reference, distributed);
    }
  }

  @Test
  void parquetWrittenByShuffledPartitionsGivesTheSameWeightsWithAStandardiser() throws Exception {
    PartyDataset raw = dataset("breast_hetero_host", Optional.empty());
    PartyDataset b = dataset("breast_hetero_guest", Optional.of("y"));
    // Fit on the rows as FATE ships them, then apply: the same arithmetic in memory and in Spark.
    Standardiser standardiser = Standardiser.fit(raw);
    PartyDataset a = standardiser.apply(raw);
    Hyperparameters h = LOGISTIC;
    VerticalModel reference =
        new SimulatedVerticalTraining(SEED, a, b, h, new MockCipherSuite()).run();
    String parquet = dir.resolve("host.parquet").toString();
    // Three partitions in random order: the files no longer list the rows in the aligned order.
    SparkPartyRows.readCsv(spark, resource("breast_hetero_host").toString())
        .repartition(3)
        .write()
        .parquet(parquet);
    try (SparkPartyRows rows =
        SparkPartyRows.load(
            SparkPartyRows.readParquet(spark, parquet),
            columns(a),
            a.ids(),
            Optional.of(standardiser),
            3,
            MOCK_FACTORY)) {
      VerticalModel distributed =
          new SimulatedVerticalTraining(SEED, a, b, h, new MockCipherSuite()).hostRows(rows).run();
      assertSameModel(reference, distributed);
    }
  }

  @Test
  void gradientSumsDecryptToTheInMemorySumsForEveryBatchBoundary() throws Exception {
    PartyDataset a = dataset("breast_hetero_host", Optional.empty());
    PartyRows memory = PartyRows.inMemory(a);
    GradientDecryptor keys = SMALL_KEYS.generate(DeterministicRandom.fromSeed(SEED));
    GradientCipher cipher = keys.publicKey();
    DeterministicRandom random = DeterministicRandom.fromSeed(SEED + 1);
    try (SparkPartyRows rows =
        SparkPartyRows.load(
            SparkPartyRows.readCsv(spark, resource("breast_hetero_host").toString()),
            columns(a),
            a.ids(),
            Optional.empty(),
            2,
            SMALL_KEYS_FACTORY)) {
      // Ranges inside one block, across blocks, and the ragged last batch.
      int[][] ranges = {{0, 1}, {5, 20}, {31, 2}, {30, 100}, {500, 69}};
      for (int[] r : ranges) {
        BigInteger[] d = new BigInteger[r[1]];
        double[] w = new double[a.featureCount()];
        for (int i = 0; i < d.length; i++) {
          d[i] =
              cipher.encrypt(
                  BigInteger.valueOf(i * 7L - 50).mod(cipher.plaintextModulus()), random);
        }
        for (int j = 0; j < w.length; j++) {
          w[j] = (j - 7) / 3.0;
        }
        assertArrayEquals(memory.forward(r[0], r[1], w), rows.forward(r[0], r[1], w));
        BigInteger[] expected = memory.encryptedGradientSums(cipher, r[0], d, Runnable::run);
        BigInteger[] actual = rows.encryptedGradientSums(cipher, r[0], d, Runnable::run);
        for (int j = 0; j < expected.length; j++) {
          assertEquals(keys.decrypt(expected[j]), keys.decrypt(actual[j]), "feature " + j);
        }
      }
      assertThrows(IllegalArgumentException.class, () -> rows.forward(560, 10, new double[20]));
    }
  }

  @Test
  void refusesMissingValuesNamingIdAndColumn() {
    Dataset<Row> table =
        table(
            List.of(
                RowFactory.create("r1", "1.5", "2"),
                RowFactory.create("r2", "", "3"),
                RowFactory.create("r3", "4", "5")));
    InvalidDatasetException e =
        assertThrows(InvalidDatasetException.class, () -> load(table, List.of("r1", "r2", "r3")));
    assertEquals(InvalidDatasetException.Reason.MISSING_VALUE, e.reason());
    assertTrue(e.getMessage().contains("id r2, column x0"), e.getMessage());
  }

  @Test
  void refusesTextThatIsNotANumber() {
    Dataset<Row> table =
        table(List.of(RowFactory.create("r1", "1.5", "2"), RowFactory.create("r2", "4", "abc")));
    InvalidDatasetException e =
        assertThrows(InvalidDatasetException.class, () -> load(table, List.of("r1", "r2")));
    assertEquals(InvalidDatasetException.Reason.NOT_A_NUMBER, e.reason());
    assertTrue(e.getMessage().contains("id r2, column x1"), e.getMessage());
  }

  @Test
  void refusesAnAlignedIdMissingFromTheTableOrPresentTwice() {
    Dataset<Row> table =
        table(
            List.of(
                RowFactory.create("r1", "1", "2"),
                RowFactory.create("r2", "3", "4"),
                RowFactory.create("r2", "5", "6")));
    InvalidDatasetException missing =
        assertThrows(InvalidDatasetException.class, () -> load(table, List.of("r1", "r9")));
    assertEquals(InvalidDatasetException.Reason.BAD_ID, missing.reason());
    InvalidDatasetException twice =
        assertThrows(InvalidDatasetException.class, () -> load(table, List.of("r1", "r2")));
    assertEquals(InvalidDatasetException.Reason.BAD_ID, twice.reason());
    assertTrue(twice.getMessage().contains("more than once"), twice.getMessage());
  }

  @Test
  void refusesAMissingColumn() {
    Dataset<Row> table = table(List.of(RowFactory.create("r1", "1", "2")));
    InvalidDatasetException e =
        assertThrows(
            InvalidDatasetException.class,
            () ->
                SparkPartyRows.load(
                    table,
                    new PartyColumns("id", List.of("x0", "x7")),
                    List.of("r1"),
                    Optional.empty(),
                    2,
                    MOCK_FACTORY));
    assertEquals(InvalidDatasetException.Reason.MISSING_COLUMN, e.reason());
  }

  private static SparkPartyRows load(Dataset<Row> table, List<String> ids)
      throws InvalidDatasetException {
    return SparkPartyRows.load(
        table, new PartyColumns("id", List.of("x0", "x1")), ids, Optional.empty(), 2, MOCK_FACTORY);
  }

  private static Dataset<Row> table(List<Row> rows) {
    StructType schema =
        new StructType()
            .add("id", DataTypes.StringType)
            .add("x0", DataTypes.StringType)
            .add("x1", DataTypes.StringType);
    return spark.createDataFrame(rows, schema);
  }

  private static void assertSameModel(VerticalModel expected, VerticalModel actual) {
    assertArrayEquals(expected.hostWeights(), actual.hostWeights(), 0.0);
    assertArrayEquals(expected.guestWeights(), actual.guestWeights(), 0.0);
    assertEquals(expected.intercept(), actual.intercept(), 0.0);
    assertEquals(expected.epochs(), actual.epochs());
  }

  private static PartyColumns columns(PartyDataset a) {
    return new PartyColumns("id", a.featureNames());
  }

  /** The resource copied to a file, since Spark reads files, not class-path streams. */
  private static Path resource(String name) {
    Path file = dir.resolve(name + ".csv");
    if (!Files.exists(file)) {
      try (InputStream in =
          SparkPartyRowsTest.class.getResourceAsStream("/datasets/" + name + ".csv")) {
        Files.copy(in, file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return file;
  }

  private static PartyDataset dataset(String name, Optional<String> label) throws Exception {
    return CsvDatasets.read(resource(name), label);
  }
}
