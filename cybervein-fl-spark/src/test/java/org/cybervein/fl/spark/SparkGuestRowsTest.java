package org.cybervein.fl.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.concurrent.Executor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.RandomSource;
import org.cybervein.fl.InvalidFederatedMessageException;
import org.cybervein.fl.data.CsvDatasets;
import org.cybervein.fl.data.InvalidDatasetException;
import org.cybervein.fl.data.PartyDataset;
import org.cybervein.fl.model.Hyperparameters;
import org.cybervein.fl.model.ModelKind;
import org.cybervein.fl.vertical.CipherSuite;
import org.cybervein.fl.vertical.GradientCipher;
import org.cybervein.fl.vertical.GradientDecryptor;
import org.cybervein.fl.vertical.GuestRows;
import org.cybervein.fl.vertical.MockCipherSuite;
import org.cybervein.fl.vertical.PaillierCipherSuite;
import org.cybervein.fl.vertical.SimulatedVerticalTraining;
import org.cybervein.fl.vertical.VerticalModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Party B (and A) over rows in Spark ({@code local[2]}) against the same parties over the same rows
 * in one JVM. As in {@link SparkPartyRowsTest}, the weights must be equal to the last bit: B's
 * doubles ({@code e_i} and the row losses) are the same expression on the same values, summed in
 * row order on the driver, and every sum over rows is taken under encryption.
 */
class SparkGuestRowsTest {
  private static final long SEED = 20261208L;
  private static final Hyperparameters LOGISTIC =
      new Hyperparameters(ModelKind.LOGISTIC_TAYLOR, 0.15, 0.01, 128, 2, 1e-5);
  private static final PaillierCipherSuite SMALL_KEYS = PaillierCipherSuite.insecureForTesting(256);
  private static final SuiteFactory SMALL_KEYS_FACTORY =
      () -> PaillierCipherSuite.insecureForTesting(256);
  private static final SuiteFactory MOCK_FACTORY = MockCipherSuite::new;

  private static SparkSession spark;
  private static PartyDataset host;
  private static PartyDataset guest;

  /** B's breast rows in Spark, loaded once for the class: loading is a shuffle. */
  private static SparkGuestRows guestRows;

  @TempDir static Path dir;

  @BeforeAll
  static void startSpark() throws Exception {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("cybervein-fl-spark-guest-test")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            // A failing task fails its job at once, as a deterministic error would on a cluster.
            .config("spark.task.maxFailures", "1")
            .getOrCreate();
    host = dataset("breast_hetero_host", Optional.empty());
    guest = dataset("breast_hetero_guest", Optional.of("y"));
    guestRows =
        SparkGuestRows.load(
            SparkPartyRows.readCsv(spark, resource("breast_hetero_guest").toString()),
            new PartyColumns("id", guest.featureNames()),
            "y",
            guest.ids(),
            Optional.empty(),
            2,
            SMALL_KEYS_FACTORY);
  }

  @AfterAll
  static void stopSpark() {
    guestRows.close();
    spark.stop();
  }

  @Test
  void paillierTrainingWithTheGuestAndTheSecondHostInSparkGivesTheSingleJvmWeightsExactly()
      throws Exception {
    // Two hosts, A1 with x0..x9 in memory and A2 with x10..x19 read from the same CSV by Spark:
    // any host may be in Spark, and B too (A alone in Spark is SparkPartyRowsTest's).
    PartyDataset a1 = columnsOf(host, 0, 10);
    PartyDataset a2 = columnsOf(host, 10, 20);
    VerticalModel reference =
        new SimulatedVerticalTraining(SEED, List.of(a1, a2), guest, LOGISTIC, SMALL_KEYS).run();
    try (SparkPartyRows second =
        SparkPartyRows.load(
            SparkPartyRows.readCsv(spark, resource("breast_hetero_host").toString()),
            new PartyColumns("id", host.featureNames().subList(10, 20)),
            host.ids(),
            Optional.empty(),
            2,
            SMALL_KEYS_FACTORY)) {
      VerticalModel distributed =
          new SimulatedVerticalTraining(SEED, List.of(a1, a2), guest, LOGISTIC, SMALL_KEYS)
              .hostRows(1, second)
              .guestRows(guestRows)
              .run();
      assertSameModel(reference, distributed);
    }
  }

  @Test
  void residualTermsAreTheInMemoryDoublesForEveryBatchBoundary() {
    GuestRows memory = GuestRows.inMemory(guest);
    GuestRows rows = guestRows;
    assertTrue(rows.binaryLabels());
    double[] w = new double[guest.featureCount()];
    for (int j = 0; j < w.length; j++) {
      w[j] = (j - 4) / 3.0;
    }
    // Inside one block, across blocks, the ragged end; both models.
    int[][] ranges = {{5, 20}, {30, 100}, {500, 69}};
    for (int r = 0; r < ranges.length; r++) {
      ModelKind kind = ModelKind.values()[r % 2];
      int start = ranges[r][0];
      int count = ranges[r][1];
      assertEquals(
          memory.residualTerms(start, count, w, 0.375, kind),
          rows.residualTerms(start, count, w, 0.375, kind),
          kind + " from " + start);
    }
    assertThrows(
        IllegalArgumentException.class, () -> rows.residualTerms(560, 10, w, 0, ModelKind.LINEAR));
    assertThrows(
        IllegalArgumentException.class,
        () -> rows.residualTerms(0, 10, new double[3], 0, ModelKind.LINEAR));
  }

  @Test
  void aFailingExecutorStopsTrainingWithAnErrorNamingTheJobAndTheCause() throws Exception {
    // A cipher whose gradient sums fail wherever they run: only the rows call dots, so with B's
    // rows in Spark the failure happens in an executor task (in local mode the broadcast key is
    // the driver's own object, so the executors hold this very cipher).
    CipherSuite failing = new DotsFailSuite(new MockCipherSuite());
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                new SimulatedVerticalTraining(SEED, host, guest, LOGISTIC, failing)
                    .guestRows(guestRows)
                    .run());
    assertTrue(
        e.getMessage().startsWith("Spark job failed: encrypted gradient sums of rows [0, 128)"),
        e.getMessage());
    assertTrue(e.getMessage().contains("executor failure (test)"), e.getMessage());
  }

  @Test
  void refusesAMissingLabelNamingIdAndColumnAndReportsNonBinaryLabels() throws Exception {
    StructType schema =
        new StructType()
            .add("id", DataTypes.StringType)
            .add("x0", DataTypes.StringType)
            .add("y", DataTypes.StringType);
    Dataset<Row> missing =
        spark.createDataFrame(
            List.of(RowFactory.create("r1", "1.5", "1"), RowFactory.create("r2", "2", "")), schema);
    InvalidDatasetException e =
        assertThrows(
            InvalidDatasetException.class,
            () ->
                SparkGuestRows.load(
                    missing,
                    new PartyColumns("id", List.of("x0")),
                    "y",
                    List.of("r1", "r2"),
                    Optional.empty(),
                    2,
                    MOCK_FACTORY));
    assertEquals(InvalidDatasetException.Reason.MISSING_VALUE, e.reason());
    assertTrue(e.getMessage().contains("id r2, column y"), e.getMessage());

    Dataset<Row> graded =
        spark.createDataFrame(
            List.of(RowFactory.create("r1", "1.5", "1"), RowFactory.create("r2", "2", "3")),
            schema);
    try (SparkGuestRows rows =
        SparkGuestRows.load(
            graded,
            new PartyColumns("id", List.of("x0")),
            "y",
            List.of("r1", "r2"),
            Optional.empty(),
            2,
            MOCK_FACTORY)) {
      assertFalse(rows.binaryLabels());
      PartyDataset host =
          new PartyDataset(
              List.of("r1", "r2"), List.of("h0"), new double[][] {{1}, {2}}, Optional.empty());
      PartyDataset labelled =
          new PartyDataset(
              List.of("r1", "r2"),
              List.of("x0"),
              new double[][] {{1.5}, {2}},
              Optional.of(new double[] {1, 3}));
      SimulatedVerticalTraining training =
          new SimulatedVerticalTraining(
                  SEED,
                  host,
                  labelled,
                  new Hyperparameters(ModelKind.LOGISTIC_TAYLOR, 0.1, 0, 2, 1, 1e-6),
                  new MockCipherSuite())
              .guestRows(rows);
      IllegalArgumentException refused =
          assertThrows(IllegalArgumentException.class, training::run);
      assertTrue(refused.getMessage().contains("0 or 1"), refused.getMessage());
    }
  }

  private static PartyDataset columnsOf(PartyDataset d, int from, int to) {
    double[][] x = new double[d.rowCount()][];
    for (int i = 0; i < x.length; i++) {
      x[i] = java.util.Arrays.copyOfRange(d.row(i), from, to);
    }
    return new PartyDataset(d.ids(), d.featureNames().subList(from, to), x, Optional.empty());
  }

  private static void assertSameModel(VerticalModel expected, VerticalModel actual) {
    assertArrayEquals(expected.hostWeights(), actual.hostWeights(), 0.0);
    assertArrayEquals(expected.guestWeights(), actual.guestWeights(), 0.0);
    assertEquals(expected.intercept(), actual.intercept(), 0.0);
    assertEquals(expected.epochs(), actual.epochs());
  }

  /** The resource copied to a file, since Spark reads files, not class-path streams. */
  private static Path resource(String name) {
    Path file = dir.resolve(name + ".csv");
    if (!Files.exists(file)) {
      try (InputStream in =
          SparkGuestRowsTest.class.getResourceAsStream("/datasets/" + name + ".csv")) {
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

  /** A suite whose ciphers fail in {@code dots}, as a faulty executor would. */
  private record DotsFailSuite(CipherSuite delegate) implements CipherSuite {
    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public GradientDecryptor generate(RandomSource random) {
      return delegate.generate(random);
    }

    @Override
    public GradientCipher decodePublicKey(Bytes encoded) throws InvalidFederatedMessageException {
      GradientCipher c = delegate.decodePublicKey(encoded);
      return new GradientCipher() {
        @Override
        public String suite() {
          return c.suite();
        }

        @Override
        public Bytes encoded() {
          return c.encoded();
        }

        @Override
        public BigInteger plaintextModulus() {
          return c.plaintextModulus();
        }

        @Override
        public int maxCiphertextBytes() {
          return c.maxCiphertextBytes();
        }

        @Override
        public boolean isCiphertext(BigInteger x) {
          return c.isCiphertext(x);
        }

        @Override
        public BigInteger encrypt(BigInteger m, RandomSource random) {
          return c.encrypt(m, random);
        }

        @Override
        public BigInteger add(BigInteger x, BigInteger y) {
          return c.add(x, y);
        }

        @Override
        public BigInteger addPlaintext(BigInteger x, BigInteger m) {
          return c.addPlaintext(x, m);
        }

        @Override
        public BigInteger multiply(BigInteger x, BigInteger k) {
          return c.multiply(x, k);
        }

        @Override
        public BigInteger negate(BigInteger x) {
          return c.negate(x);
        }

        @Override
        public BigInteger[] dots(BigInteger[] cs, BigInteger[][] scalars, Executor executor) {
          throw new ArithmeticException("executor failure (test)");
        }
      };
    }
  }
}
