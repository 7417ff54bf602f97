package org.cybervein.benchmarks.por;

import java.security.GeneralSecurityException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.erasure.ReedSolomonCode;
import org.cybervein.storageproofs.por.SentinelEncoding;
import org.cybervein.storageproofs.por.SentinelPor;
import org.cybervein.storageproofs.por.SentinelPorKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * POR encoding throughput on about 1 MiB of data (4,702 stripes of 223 bytes = 1,048,546 bytes):
 * Reed-Solomon RS(255, 223) encoding alone, on one thread and as two tasks on a two-thread
 * executor, one codeword decode with 16 errors, and the whole sentinel POR encoding (encryption,
 * coding, interleaving, permutation, sentinels).
 *
 * <p>Mode: throughput in operations per second; one operation encodes the whole buffer, so ops/s is
 * very nearly MiB/s of file data (target: 100 MiB/s or more for {@code rsEncodeSingleThread}).
 * {@code rsDecode16Errors} is one 255-byte codeword per operation.
 *
 * <p>Baseline, measured in the same run: {@code aesCtrRaw}, the JDK's AES-256-CTR over the same
 * bytes (AES instructions), the cheapest keyed pass over the data the POR makes anyway.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class ErasureCodingBenchmark {
  private static final long SEED = 0x5253454e43L;
  private static final int STRIPES = 4702;

  private final ReedSolomonCode code = ReedSolomonCode.rs255x223();
  private byte[] data;
  private byte[] codewords;
  private byte[] corrupted;
  private byte[] scratch;
  private Bytes file;
  private ExecutorService twoThreads;
  private SentinelPor por;
  private Hash fileId;
  private Cipher aesCtr;

  /** Draws the data and starts the two-thread executor the parallel benchmarks use. */
  @Setup
  public void setUp() throws GeneralSecurityException {
    DeterministicRandom random = DeterministicRandom.fromSeed(SEED);
    data = new byte[STRIPES * ReedSolomonCode.DATA_SIZE];
    random.nextBytes(data);
    codewords = new byte[STRIPES * ReedSolomonCode.CODEWORD_SIZE];
    file = Bytes.of(data);
    twoThreads = Executors.newFixedThreadPool(2);
    por = SentinelPor.withKey(SentinelPorKey.generate(random));
    byte[] id = new byte[32];
    random.nextBytes(id);
    fileId = Hash.of(id);
    corrupted = new byte[ReedSolomonCode.CODEWORD_SIZE];
    code.encode(data, 0, corrupted, 0);
    for (int i = 0; i < 16; i++) {
      corrupted[i * 15] ^= (byte) (i + 1);
    }
    scratch = new byte[ReedSolomonCode.CODEWORD_SIZE];
    byte[] key = new byte[32];
    random.nextBytes(key);
    aesCtr = Cipher.getInstance("AES/CTR/NoPadding");
    aesCtr.init(
        Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
  }

  /** Stops the executor. */
  @TearDown
  public void tearDown() {
    twoThreads.shutdownNow();
  }

  /** Baseline: the JDK's AES-256-CTR over the same bytes. */
  @Benchmark
  public byte[] aesCtrRaw() {
    return aesCtr.update(data);
  }

  /** RS(255, 223) over all stripes on the benchmark thread. */
  @Benchmark
  public byte[] rsEncodeSingleThread() {
    code.encodeStripes(data, codewords, STRIPES);
    return codewords;
  }

  /** RS(255, 223) over all stripes as two tasks on a two-thread executor (both cores). */
  @Benchmark
  public byte[] rsEncodeTwoThreads() {
    code.encodeStripes(data, codewords, STRIPES, twoThreads, 2);
    return codewords;
  }

  /** Decodes one codeword with 16 byte errors (the code's capacity). */
  @Benchmark
  public int rsDecode16Errors() throws InvalidStorageProofException {
    System.arraycopy(corrupted, 0, scratch, 0, scratch.length);
    return code.decode(scratch, 0);
  }

  /** The whole sentinel POR encoding, 1,000 sentinels, on the benchmark thread. */
  @Benchmark
  public SentinelEncoding sentinelEncodeSingleThread() {
    return por.encode(fileId, file, 1000);
  }

  /** The whole sentinel POR encoding with the stripes coded as two tasks on two threads. */
  @Benchmark
  public SentinelEncoding sentinelEncodeTwoThreads() {
    return por.encode(fileId, file, 1000, twoThreads, 2);
  }
}
