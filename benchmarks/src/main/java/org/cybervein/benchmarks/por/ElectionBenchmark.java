package org.cybervein.benchmarks.por;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.PublicKey;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.wire.SignedEnvelope;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.envelope.EnvelopeSigner;
import org.cybervein.crypto.envelope.EnvelopeVerifier;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.poc.BandwidthReceipt;
import org.cybervein.storageproofs.poc.Election;
import org.cybervein.storageproofs.poc.ElectionContribution;
import org.cybervein.storageproofs.poc.RewardSplit;
import org.cybervein.storageproofs.poc.VerifiedReceipt;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Proof of Contribution on the storage side: the election over {@code m} contributions (one tagged
 * SHA-256 and three logarithms each), the exact reward split among them, and the verification of
 * one bandwidth receipt.
 *
 * <p>Mode: average time per operation in microseconds. Baseline in the same run: {@code
 * envelopeOpenRaw}, the signature check of the receipt's envelope alone ({@link EnvelopeVerifier}),
 * which bounds {@code receiptOpen} from below; the difference is decoding and the receipt id.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class ElectionBenchmark {
  private static final long SEED = 0x454c454354L;

  /** Contributions in the round. */
  @Param({"10", "100", "1000"})
  public int m;

  private List<ElectionContribution> round;
  private SignedEnvelope receipt;
  private Amount reward;

  /** Builds {@code m} contributions with varied figures and one signed receipt. */
  @Setup
  public void setUp() {
    DeterministicRandom random = DeterministicRandom.fromSeed(SEED);
    PublicKey key = Ed25519PrivateKey.generate(random).publicKey();
    round = new ArrayList<>(m);
    for (int i = 0; i < m; i++) {
      round.add(
          new ElectionContribution(
              key,
              hash(random),
              hash(random),
              hash(random),
              1 + random.nextLong(1L << 40),
              1 + random.nextLong(1L << 30)));
    }
    reward = Amount.ofCvt(50);
    Ed25519PrivateKey downloader = Ed25519PrivateKey.generate(random);
    receipt =
        BandwidthReceipt.of(key, hash(random), 1 << 20, 7, random)
            .sign(EnvelopeSigner.of(downloader));
  }

  private static Hash hash(DeterministicRandom random) {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Hash.of(b);
  }

  /** The winner among {@code m} contributions. */
  @Benchmark
  public Optional<ElectionContribution> electWinner() {
    return Election.winner(round);
  }

  /** The reward split among {@code m} contributions. */
  @Benchmark
  public List<Amount> splitReward() {
    return RewardSplit.split(reward, round);
  }

  /** Baseline: the envelope signature check alone. */
  @Benchmark
  public Bytes envelopeOpenRaw() throws InvalidCryptoInputException {
    return EnvelopeVerifier.open(receipt);
  }

  /** One bandwidth receipt: signature, decoding, checks and id. */
  @Benchmark
  public VerifiedReceipt receiptOpen() throws InvalidStorageProofException {
    return BandwidthReceipt.open(receipt);
  }
}
