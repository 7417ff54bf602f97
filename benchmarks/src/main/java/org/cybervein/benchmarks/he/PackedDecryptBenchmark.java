package org.cybervein.benchmarks.he;

import com.n1analytics.paillier.EncryptedNumber;
import com.n1analytics.paillier.PaillierContext;
import java.math.BigInteger;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.crypto.he.PaillierKeySize;
import org.cybervein.fl.vertical.GradientCipher;
import org.cybervein.fl.vertical.GradientDecryptor;
import org.cybervein.fl.vertical.PaillierCipherSuite;
import org.cybervein.fl.vertical.SlotLayout;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Coordinator C's decryption per value with packing ({@link SlotLayout}, 2048-bit key, batches of
 * 64: 12 slots of 169 bits per plaintext) against javallier 0.6.0's one decryption per value, in
 * the same run. Every score is per value ({@code @OperationsPerInvocation(12)} on the packed ones).
 *
 * <ul>
 *   <li>{@code packedDecrypt}: C decrypts one packed plaintext (CRT) and cuts it into 12 slots.
 *   <li>{@code javallierDecrypt}: javallier's {@code PaillierPrivateKey.decrypt} of one value.
 *   <li>{@code unpackedDecrypt}: our decryption of one value without packing.
 *   <li>{@code senderPack}: what packing costs the sender, Horner's rule over 12 masked ciphertexts
 *       (a shift by 2^169 per slot); {@code packedDecrypt + senderPack} is the whole price per
 *       value.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Threads(1)
@State(Scope.Thread)
public class PackedDecryptBenchmark {
  private static final int SLOTS = 12;

  private GradientDecryptor key;
  private GradientCipher cipher;
  private SlotLayout layout;
  private BigInteger[] masked;
  private BigInteger packed;
  private com.n1analytics.paillier.PaillierPrivateKey javallierKey;
  private EncryptedNumber javallierCiphertext;

  /** One key each, 12 masked values and their packing. */
  @Setup
  public void setUp() {
    DeterministicRandom random = DeterministicRandom.fromSeed(0x5041434bL);
    key = PaillierCipherSuite.of(PaillierKeySize.BITS_2048).generate(random);
    cipher = key.publicKey();
    layout = SlotLayout.forBatch(cipher.plaintextModulus().bitLength(), 64);
    if (layout.slots() != SLOTS) {
      throw new IllegalStateException("expected 12 slots, got " + layout.slots());
    }
    masked = new BigInteger[SLOTS];
    BigInteger[] masks = new BigInteger[SLOTS];
    BigInteger n = cipher.plaintextModulus();
    for (int k = 0; k < SLOTS; k++) {
      BigInteger value = BigInteger.valueOf(k * 1_000_003L - 5_000_000L).shiftLeft(96);
      masks[k] = layout.mask(random);
      masked[k] = cipher.addPlaintext(cipher.encrypt(value.mod(n), random), layout.shift(masks[k]));
    }
    packed = layout.pack(cipher, masked, Runnable::run)[0];
    BigInteger[] slots = layout.unpack(key.decrypt(packed), SLOTS).orElseThrow();
    try {
      for (int k = 0; k < SLOTS; k++) {
        BigInteger expected = BigInteger.valueOf(k * 1_000_003L - 5_000_000L).shiftLeft(96);
        if (!layout.recover(slots[k], masks[k]).equals(expected)) {
          throw new IllegalStateException("slot " + k + " does not round-trip");
        }
      }
    } catch (org.cybervein.fl.InvalidFederatedMessageException e) {
      throw new IllegalStateException(e);
    }
    javallierKey = com.n1analytics.paillier.PaillierPrivateKey.create(2048);
    PaillierContext context = javallierKey.getPublicKey().createSignedContext();
    javallierCiphertext = context.encrypt(123456789L).getSafeEncryptedNumber();
  }

  /** CyberVein, coordinator C: one CRT decryption and the cut into 12 slots, per value. */
  @Benchmark
  @OperationsPerInvocation(SLOTS)
  public Optional<BigInteger[]> packedDecrypt() {
    return layout.unpack(key.decrypt(packed), SLOTS);
  }

  /** CyberVein, the sender: Horner packing of 12 masked ciphertexts, per value. */
  @Benchmark
  @OperationsPerInvocation(SLOTS)
  public BigInteger[] senderPack() {
    return layout.pack(cipher, masked, Runnable::run);
  }

  /** CyberVein without packing: one CRT decryption per value. */
  @Benchmark
  public BigInteger unpackedDecrypt() {
    return key.decrypt(masked[0]);
  }

  /** Baseline: javallier 0.6.0, one decryption per value. */
  @Benchmark
  public Object javallierDecrypt() {
    return javallierKey.decrypt(javallierCiphertext);
  }
}
