package org.cybervein.benchmarks.he;

import com.n1analytics.paillier.EncryptedNumber;
import com.n1analytics.paillier.PaillierContext;
import java.math.BigInteger;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.crypto.he.MultiExponentiation;
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
 * the protocol really uses: standardised features at scale 1 (32 fractional bits, so about 33-bit
 * magnitudes), about half of them negative. Divide a score by {@code terms} for the cost per term
 * ({@code tenFeaturesSharingBases}: by {@code 10 terms}, per (row, feature) pair).
 *
 * <ul>
 *   <li>{@code multiExponentiation}: {@code GradientCipher.dot} of the Paillier suite as training
 *       calls it (positive and negative terms apart, each a {@code MultiExponentiation.product},
 *       one inversion).
 *   <li>{@code signedMultiExponentiation}: {@code MultiExponentiation.signedProduct} over the same
 *       ciphertext values (signed digits, both signs in one pass, one inversion).
 *   <li>{@code tenFeaturesSharingBases}: {@code MultiExponentiation.signedProducts}, the sums of 10
 *       features over the same {@code terms} ciphertexts (the host's gradient for a batch).
 *   <li>{@code perTerm}: the same sum as one short scalar multiplication and one addition per term
 *       (the interface's default, what training did before).
 *   <li>{@code javallierMultiplyAdd}: javallier 0.6.0 (GMP), {@code multiply(long)} and {@code add}
 *       per term, on the same ciphertext values under the same modulus.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Threads(1)
@State(Scope.Thread)
public class EncryptedSumBenchmark {
  /** Rows per mini-batch: FATE's default batch, a large one and a very large one. */
  @Param({"64", "512", "4096"})
  public int terms;

  private static final int FEATURES = 10;

  private GradientCipher cipher;
  private GradientCipher perTermCipher;
  private BigInteger[] ciphertexts;
  private BigInteger[] scalars;
  private PaillierContext context;
  private EncryptedNumber[] javallierCiphertexts;
  private long[] longScalars;
  private BigInteger nSquared;
  private BigInteger[][] featureScalars;

  /**
   * One key, {@code terms} ciphertexts and scalars from fixed seeds. 64 values are encrypted; the
   * other ciphertexts are products of two earlier ones (encryptions of sums, as uniform as fresh
   * ones, at a fraction of the setup time).
   */
  @Setup
  public void setUp() {
    DeterministicRandom random = DeterministicRandom.fromSeed(0x53554DL);
    cipher = PaillierCipherSuite.of(PaillierKeySize.BITS_2048).generate(random).publicKey();
    perTermCipher = new PerTerm(cipher);
    BigInteger n = cipher.plaintextModulus();
    nSquared = n.multiply(n);
    Random scalarsRandom = new Random(12);
    ciphertexts = new BigInteger[terms];
    scalars = new BigInteger[terms];
    longScalars = new long[terms];
    context = new com.n1analytics.paillier.PaillierPublicKey(n).createSignedContext();
    javallierCiphertexts = new EncryptedNumber[terms];
    for (int i = 0; i < terms; i++) {
      ciphertexts[i] =
          i < 64
              ? cipher.encrypt(BigInteger.valueOf(scalarsRandom.nextInt(1 << 30)), random)
              : cipher.add(ciphertexts[scalarsRandom.nextInt(i)], ciphertexts[i - 1]);
      javallierCiphertexts[i] = new EncryptedNumber(context, ciphertexts[i], 0, true);
      longScalars[i] = standardNormalAtScaleOne(scalarsRandom);
      scalars[i] = BigInteger.valueOf(longScalars[i]);
    }
    featureScalars = new BigInteger[FEATURES][terms];
    featureScalars[0] = scalars;
    for (int j = 1; j < FEATURES; j++) {
      for (int i = 0; i < terms; i++) {
        featureScalars[j][i] = BigInteger.valueOf(standardNormalAtScaleOne(scalarsRandom));
      }
    }
    BigInteger expected = cipher.dot(ciphertexts, scalars);
    if (!multiExponentiation().equals(signedMultiExponentiation())
        || !expected.equals(tenFeaturesSharingBases()[0])
        || (terms <= 512 && !expected.equals(perTerm()))) {
      throw new IllegalStateException("the sums differ");
    }
    // javallier may raise a negative scalar as n - |k| (another ciphertext of the same sum)
    System.out.println(
        "javallier's ciphertext is ours: "
            + expected.equals(javallierMultiplyAdd().calculateCiphertext()));
  }

  /** A standard normal feature at scale 1, as training encodes it: {@code round(x 2^32)}. */
  private static long standardNormalAtScaleOne(Random random) {
    return Math.round(random.nextGaussian() * 0x1p32);
  }

  /** CyberVein: one multi-exponentiation per sign. */
  @Benchmark
  public BigInteger multiExponentiation() {
    return cipher.dot(ciphertexts, scalars);
  }

  /** CyberVein: one multi-exponentiation with signed digits, both signs in one pass. */
  @Benchmark
  public BigInteger signedMultiExponentiation() {
    return MultiExponentiation.signedProduct(ciphertexts, scalars, nSquared);
  }

  /** CyberVein: the sums of 10 features over the same ciphertexts; per pair: divide by 10 terms. */
  @Benchmark
  public BigInteger[] tenFeaturesSharingBases() {
    return MultiExponentiation.signedProducts(ciphertexts, featureScalars, nSquared);
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
