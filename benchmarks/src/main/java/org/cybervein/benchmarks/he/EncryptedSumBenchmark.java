package org.cybervein.benchmarks.he;

import com.n1analytics.paillier.EncryptedNumber;
import com.n1analytics.paillier.PaillierContext;
import java.math.BigInteger;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.crypto.he.PaillierKeySize;
import org.cybervein.fl.vertical.GradientCipher;
import org.cybervein.fl.vertical.PaillierCipherSuite;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The encrypted weighted sum {@code [[sum_i k_i a_i]]} that vertical training forms per feature and
 * mini-batch (A's gradient {@code sum_i [[d_i]]^(x_ij)}), under one 2048-bit key, with the scalars
 * the protocol really uses: standardised features at scale 1 (32 fractional bits), about half of
 * them negative. Divide a score by {@code terms} for the cost per term.
 *
 * <ul>
 *   <li>{@code multiExponentiation}: {@code GradientCipher.dot} of the Paillier suite (Pippenger's
 *       bucket method, positive and negative terms apart, one inversion).
 *   <li>{@code perTerm}: the same sum as one short scalar multiplication and one addition per term
 *       (the interface's default, what training did before).
 *   <li>{@code javallierMultiplyAdd}: javallier 0.6.0, {@code multiply(long)} and {@code add} per
 *       term, under the same modulus.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
@State(Scope.Thread)
public class EncryptedSumBenchmark {
  /** Rows per mini-batch: FATE's default batch and a large one. */
  @Param({"64", "512"})
  public int terms;

  private GradientCipher cipher;
  private GradientCipher perTermCipher;
  private BigInteger[] ciphertexts;
  private BigInteger[] scalars;
  private PaillierContext context;
  private EncryptedNumber[] javallierCiphertexts;
  private long[] longScalars;

  /** One key, {@code terms} encryptions and scalars from fixed seeds. */
  @Setup
  public void setUp() {
    DeterministicRandom random = DeterministicRandom.fromSeed(0x53554DL);
    cipher = PaillierCipherSuite.of(PaillierKeySize.BITS_2048).generate(random).publicKey();
    perTermCipher = new PerTerm(cipher);
    Random scalarsRandom = new Random(12);
    ciphertexts = new BigInteger[terms];
    scalars = new BigInteger[terms];
    longScalars = new long[terms];
    context =
        new com.n1analytics.paillier.PaillierPublicKey(cipher.plaintextModulus())
            .createSignedContext();
    javallierCiphertexts = new EncryptedNumber[terms];
    for (int i = 0; i < terms; i++) {
      long a = scalarsRandom.nextInt(1 << 30);
      ciphertexts[i] = cipher.encrypt(BigInteger.valueOf(a), random);
      javallierCiphertexts[i] = context.encrypt(a).getSafeEncryptedNumber();
      // a standard normal feature at scale 1: round(x 2^32)
      longScalars[i] = Math.round(scalarsRandom.nextGaussian() * 0x1p32);
      scalars[i] = BigInteger.valueOf(longScalars[i]);
    }
    if (!cipher.dot(ciphertexts, scalars).equals(perTermCipher.dot(ciphertexts, scalars))) {
      throw new IllegalStateException("the two sums differ");
    }
  }

  /** CyberVein: one multi-exponentiation per sign. */
  @Benchmark
  public BigInteger multiExponentiation() {
    return cipher.dot(ciphertexts, scalars);
  }

  /** CyberVein: one scalar multiplication and one addition per term. */
  @Benchmark
  public BigInteger perTerm() {
    return perTermCipher.dot(ciphertexts, scalars);
  }

  /** Baseline: javallier, multiply and add per term. */
  @Benchmark
  public EncryptedNumber javallierMultiplyAdd() {
    EncryptedNumber sum = javallierCiphertexts[0].multiply(longScalars[0]);
    for (int i = 1; i < terms; i++) {
      sum = sum.add(javallierCiphertexts[i].multiply(longScalars[i]));
    }
    return sum;
  }

  /** The Paillier cipher with the interface's default {@code dot}: the per-term loop. */
  private record PerTerm(GradientCipher inner) implements GradientCipher {
    @Override
    public String suite() {
      return inner.suite();
    }

    @Override
    public org.cybervein.api.Bytes encoded() {
      return inner.encoded();
    }

    @Override
    public BigInteger plaintextModulus() {
      return inner.plaintextModulus();
    }

    @Override
    public int maxCiphertextBytes() {
      return inner.maxCiphertextBytes();
    }

    @Override
    public boolean isCiphertext(BigInteger c) {
      return inner.isCiphertext(c);
    }

    @Override
    public BigInteger encrypt(BigInteger m, org.cybervein.api.random.RandomSource random) {
      return inner.encrypt(m, random);
    }

    @Override
    public BigInteger add(BigInteger a, BigInteger b) {
      return inner.add(a, b);
    }

    @Override
    public BigInteger addPlaintext(BigInteger c, BigInteger m) {
      return inner.addPlaintext(c, m);
    }

    @Override
    public BigInteger multiply(BigInteger c, BigInteger k) {
      return inner.multiply(c, k);
    }

    @Override
    public BigInteger negate(BigInteger c) {
      return inner.negate(c);
    }
  }
}
