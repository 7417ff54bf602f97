package org.cybervein.benchmarks.he;

import com.n1analytics.paillier.EncryptedNumber;
import com.n1analytics.paillier.PaillierContext;
import com.n1analytics.paillier.util.BigIntegerUtil;
import java.math.BigInteger;
import java.util.concurrent.TimeUnit;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.he.FixedPointCodec;
import org.cybervein.crypto.he.PaillierCiphertext;
import org.cybervein.crypto.he.PaillierEncryptor;
import org.cybervein.crypto.he.PaillierKeySize;
import org.cybervein.crypto.he.PaillierPlaintext;
import org.cybervein.crypto.he.PaillierPrivateKey;
import org.cybervein.crypto.he.PaillierPublicKey;
import org.cybervein.crypto.he.PaillierWire;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Paillier at 2048 bits on one thread, CyberVein ({@code org.cybervein.crypto.he}) side by side
 * with javallier 0.6.0 (N1 Analytics) <b>under the same modulus</b> in the same run.
 *
 * <p>Mode: average time per operation, in microseconds (us/op); lower is better.
 *
 * <ul>
 *   <li>{@code encrypt}: an obfuscated encryption with the public key only ({@code r^n mod n^2} by
 *       {@code BigInteger.modPow}); baseline {@code javallierEncrypt} is {@code
 *       context.encrypt(x).getSafeEncryptedNumber()}, as javallier's {@code encrypt} alone skips
 *       the random factor until the number is used or serialized.
 *   <li>{@code encryptWithPrivateKey}: the key owner's path, {@code r^n} through the factorisation
 *       (two half-length exponentiations modulo {@code p^2}, {@code q^2}); javallier has no such
 *       path, compare with {@code javallierEncrypt}.
 *   <li>{@code encryptWithShortExponents}: the opt-in Damgard-Jurik-Nielsen factor {@code h_s^a}
 *       for a 256-bit a through a fixed-base table ({@code ShortExponentRandomness}); it adds the
 *       short-exponent assumption, compare with {@code encrypt} and {@code javallierEncrypt}.
 *   <li>{@code encryptUnobfuscated} / {@code javallierEncryptUnobfuscated}: {@code 1 + m n} only.
 *   <li>{@code decrypt} / {@code javallierDecrypt}: CRT decryption and decoding to a double.
 *   <li>{@code add} / {@code javallierAdd}: ciphertext + ciphertext.
 *   <li>{@code multiplyScalar} / {@code javallierMultiplyScalar}: ciphertext times the integer
 *       123456789 (scale unchanged).
 *   <li>{@code multiplyNegativeScalar} / {@code javallierMultiplyNegativeScalar}: times -123456789,
 *       which both libraries compute as an inversion modulo {@code n^2} and a short exponent.
 *   <li>{@code decodeCiphertext}: {@code PaillierWire.decodeCiphertext}, the validation a receiver
 *       pays (range and {@code gcd(c, n) = 1}); javallier has no validating decoder.
 * </ul>
 *
 * <p>javallier calls GMP through jnagmp when it can load its bundled libgmp ({@code
 * BigIntegerUtil.USE_GMP}, printed at setup); CyberVein is pure Java. A fair reading needs that
 * line of output.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
@State(Scope.Thread)
public class PaillierBenchmark {
  private static final long SEED = 0x5041494C4C494552L;
  private static final double VALUE = -1234.5678;
  private static final long SCALAR = 123456789L;

  private PaillierPrivateKey privateKey;
  private FixedPointCodec codec;
  private PaillierEncryptor encryptor;
  private PaillierEncryptor ownerEncryptor;
  private PaillierEncryptor shortExponentEncryptor;
  private PaillierPlaintext plaintext;
  private PaillierCiphertext ciphertext;
  private PaillierCiphertext other;
  private org.cybervein.api.Bytes encodedCiphertext;

  private PaillierContext context;
  private com.n1analytics.paillier.PaillierPrivateKey javallierKey;
  private EncryptedNumber javallierCiphertext;
  private EncryptedNumber javallierOther;

  /** One 2048-bit key from a fixed seed, shared by both libraries. */
  @Setup
  public void setUp() throws InvalidCryptoInputException {
    DeterministicRandom random = DeterministicRandom.fromSeed(SEED);
    privateKey = PaillierPrivateKey.generate(PaillierKeySize.BITS_2048, random);
    PaillierPublicKey publicKey = privateKey.publicKey();
    codec = FixedPointCodec.of(publicKey, FixedPointCodec.DEFAULT_FRACTIONAL_BITS);
    encryptor = PaillierEncryptor.create(publicKey, random);
    ownerEncryptor = PaillierEncryptor.withPrivateKey(privateKey, random);
    shortExponentEncryptor =
        PaillierEncryptor.withShortExponents(
            org.cybervein.crypto.he.ShortExponentRandomness.create(publicKey, random), random);
    plaintext = codec.encode(VALUE);
    ciphertext = encryptor.encrypt(plaintext);
    other = encryptor.encrypt(codec.encode(42.25));
    encodedCiphertext = PaillierWire.encode(ciphertext);

    BigInteger n = publicKey.modulus();
    BigInteger[] pq = factor(privateKey, n);
    BigInteger totient = pq[0].subtract(BigInteger.ONE).multiply(pq[1].subtract(BigInteger.ONE));
    javallierKey =
        new com.n1analytics.paillier.PaillierPrivateKey(
            new com.n1analytics.paillier.PaillierPublicKey(n), totient);
    context = javallierKey.getPublicKey().createSignedContext();
    javallierCiphertext = context.encrypt(VALUE).getSafeEncryptedNumber();
    javallierOther = context.encrypt(42.25).getSafeEncryptedNumber();
    System.out.println("javallier uses GMP: " + BigIntegerUtil.USE_GMP);
    if (codec.decrypt(privateKey, ciphertext) != VALUE
        || context.decodeDouble(javallierKey.decrypt(javallierCiphertext)) != VALUE) {
      throw new IllegalStateException("round trip failed");
    }
  }

  /** The primes through the public encoding of the key (the benchmark has no package access). */
  private static BigInteger[] factor(PaillierPrivateKey key, BigInteger n) {
    try {
      org.cybervein.api.wire.v1.HeProto.PaillierPrivateKey message =
          org.cybervein.api.wire.v1.HeProto.PaillierPrivateKey.parseFrom(
              PaillierWire.encode(key).toByteArray());
      BigInteger p = new BigInteger(1, message.getP().toByteArray());
      BigInteger q = new BigInteger(1, message.getQ().toByteArray());
      if (!p.multiply(q).equals(n)) {
        throw new IllegalStateException("p q != n");
      }
      return new BigInteger[] {p, q};
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  /** CyberVein: public-key encryption with a fresh random factor. */
  @Benchmark
  public PaillierCiphertext encrypt() {
    return encryptor.encrypt(codec.encode(VALUE));
  }

  /** CyberVein: the key owner's encryption, random factor through CRT. */
  @Benchmark
  public PaillierCiphertext encryptWithPrivateKey() {
    return ownerEncryptor.encrypt(codec.encode(VALUE));
  }

  /** CyberVein, opt-in: the factor {@code h_s^a} for a 256-bit a by a fixed-base table (DJN). */
  @Benchmark
  public PaillierCiphertext encryptWithShortExponents() {
    return shortExponentEncryptor.encrypt(codec.encode(VALUE));
  }

  /** CyberVein: {@code 1 + m n} without random factor. */
  @Benchmark
  public PaillierCiphertext encryptUnobfuscated() {
    return encryptor.encryptUnobfuscated(codec.encode(VALUE));
  }

  /** CyberVein: CRT decryption and decoding. */
  @Benchmark
  public double decrypt() throws InvalidCryptoInputException {
    return codec.decrypt(privateKey, ciphertext);
  }

  /** CyberVein: homomorphic addition. */
  @Benchmark
  public PaillierCiphertext add() {
    return ciphertext.add(other);
  }

  /** CyberVein: multiplication by an integer scalar. */
  @Benchmark
  public PaillierCiphertext multiplyScalar() {
    return ciphertext.multiply(SCALAR);
  }

  /** CyberVein: multiplication by a negative integer scalar (inverse, then short exponent). */
  @Benchmark
  public PaillierCiphertext multiplyNegativeScalar() {
    return ciphertext.multiply(-SCALAR);
  }

  /** CyberVein: validating decoder of a received ciphertext. */
  @Benchmark
  public PaillierCiphertext decodeCiphertext() throws InvalidCryptoInputException {
    return PaillierWire.decodeCiphertext(privateKey.publicKey(), encodedCiphertext);
  }

  /** Baseline: javallier encryption including its random factor. */
  @Benchmark
  public EncryptedNumber javallierEncrypt() {
    return context.encrypt(VALUE).getSafeEncryptedNumber();
  }

  /** Baseline: javallier encryption without random factor. */
  @Benchmark
  public EncryptedNumber javallierEncryptUnobfuscated() {
    return context.encrypt(VALUE);
  }

  /** Baseline: javallier CRT decryption and decoding. */
  @Benchmark
  public double javallierDecrypt() {
    return context.decodeDouble(javallierKey.decrypt(javallierCiphertext));
  }

  /** Baseline: javallier addition. */
  @Benchmark
  public EncryptedNumber javallierAdd() {
    return javallierCiphertext.add(javallierOther);
  }

  /** Baseline: javallier multiplication by an integer scalar. */
  @Benchmark
  public EncryptedNumber javallierMultiplyScalar() {
    return javallierCiphertext.multiply(SCALAR);
  }

  /** Baseline: javallier multiplication by a negative integer scalar. */
  @Benchmark
  public EncryptedNumber javallierMultiplyNegativeScalar() {
    return javallierCiphertext.multiply(-SCALAR);
  }
}
