package org.cybervein.benchmarks.fl;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.random.RandomSource;
import org.cybervein.crypto.he.PaillierKeySize;
import org.cybervein.fl.InvalidFederatedMessageException;
import org.cybervein.fl.data.CsvDatasets;
import org.cybervein.fl.data.InvalidDatasetException;
import org.cybervein.fl.data.PartyDataset;
import org.cybervein.fl.transfer.SimulatedTransferTraining;
import org.cybervein.fl.transfer.TransferModel;
import org.cybervein.fl.transfer.TransferSettings;
import org.cybervein.fl.vertical.CipherSuite;
import org.cybervein.fl.vertical.GradientCipher;
import org.cybervein.fl.vertical.GradientDecryptor;
import org.cybervein.fl.vertical.MockCipherSuite;
import org.cybervein.fl.vertical.PaillierCipherSuite;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One epoch of federated transfer learning on the breast transfer setting (B: 342 labelled users,
 * 10 features; A: 341 users, 20 features; 114 shared), d = 4, one round per exchange: both parties
 * encrypt their intermediate values (114 x 4 + 16 each), form their encrypted gradients (84 and 44
 * weighted sums of 118 ciphertexts), mask them and have the other decrypt them, and B's loss share
 * is decrypted, all over the simulated network on one thread. The two key pairs are generated once
 * in the setup, so the figure is the epoch alone.
 *
 * <p>Mode: single-shot time of one epoch, in seconds. {@code cipher=paillier2048} is the real
 * thing; {@code cipher=mock} the identical protocol without encryption, the floor of the protocol's
 * own arithmetic.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1)
@Warmup(iterations = 1)
@Measurement(iterations = 2)
@State(Scope.Benchmark)
public class TransferEpochBenchmark {
  private static final long SEED = 0x46544cL;

  /** The cipher: {@code paillier2048} or {@code mock}. */
  @Param({"paillier2048", "mock"})
  public String cipher;

  private PartyDataset hostData;
  private PartyDataset guestData;
  private List<String> overlap;
  private CipherSuite suite;
  private long run;

  /** Loads the data and generates the two parties' keys. */
  @Setup(Level.Trial)
  public void setUp() throws IOException, InvalidDatasetException {
    hostData = load("breast_transfer_host", Optional.empty());
    guestData = load("breast_transfer_guest", Optional.of("y"));
    Set<String> hostIds = new HashSet<>(hostData.ids());
    overlap = guestData.ids().stream().filter(hostIds::contains).toList();
    suite =
        switch (cipher) {
          case "paillier2048" ->
              new Pregenerated(PaillierCipherSuite.of(PaillierKeySize.BITS_2048));
          case "mock" -> new MockCipherSuite();
          default -> throw new IllegalArgumentException("unknown cipher " + cipher);
        };
  }

  /** One epoch, as both parties run it. */
  @Benchmark
  public TransferModel transferEpoch() {
    return new SimulatedTransferTraining(
            SEED + run++,
            hostData,
            guestData,
            overlap,
            TransferSettings.defaults(1, 1).withShape(4, 0.2, 0.01),
            suite)
        .run();
  }

  /** A suite whose key generation hands out two keys made in the setup, so runs skip it. */
  private static final class Pregenerated implements CipherSuite {
    private final CipherSuite inner;
    private final GradientDecryptor[] keys = new GradientDecryptor[2];
    private int next;

    Pregenerated(CipherSuite inner) {
      this.inner = inner;
      for (int i = 0; i < keys.length; i++) {
        keys[i] = inner.generate(DeterministicRandom.fromSeed(SEED + i));
      }
    }

    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public GradientDecryptor generate(RandomSource random) {
      return keys[next++ % keys.length];
    }

    @Override
    public GradientCipher decodePublicKey(Bytes encoded) throws InvalidFederatedMessageException {
      return inner.decodePublicKey(encoded);
    }
  }

  private static PartyDataset load(String name, Optional<String> label)
      throws IOException, InvalidDatasetException {
    try (InputStream in =
        TransferEpochBenchmark.class.getResourceAsStream("/datasets/transfer/" + name + ".csv")) {
      if (in == null) {
        throw new IOException("missing resource /datasets/transfer/" + name + ".csv");
      }
      return CsvDatasets.read(in, label);
    }
  }
}
