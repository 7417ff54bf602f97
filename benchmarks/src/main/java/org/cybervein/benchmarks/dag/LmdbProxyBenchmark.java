package org.cybervein.benchmarks.dag;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.Txn;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What lmdbjava's byte-array proxy ({@code ByteArrayProxy.PROXY_BA}, what the SDK uses because it
 * needs no JVM flags) costs against its default {@code ByteBuffer} proxy, which on Java 17 needs
 * {@code --add-opens}: the flags are set for this benchmark's fork only, never in the SDK.
 *
 * <p>Same work on both: 32-byte keys, 256-byte values, {@code MDB_NOSYNC} so that the disk does not
 * hide the proxy's cost; puts are 1000 per transaction, gets one per read transaction. The
 * byte-array proxy copies each key and value into freshly allocated native memory and each result
 * into a new array; the buffer proxy reuses direct buffers and reads the map in place.
 *
 * <p>Mode: throughput in puts or gets per second; higher is better. {@code byteArray* /
 * byteBuffer*} is the price of running without flags.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"
    })
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
@State(Scope.Thread)
public class LmdbProxyBenchmark {
  private static final int VALUE_SIZE = 256;
  private static final int PRELOADED = 100_000;
  private static final long MAP_SIZE = 8L << 30;

  private Path arrayDir;
  private Path bufferDir;
  private Env<byte[]> arrayEnv;
  private Dbi<byte[]> arrayDbi;
  private Env<ByteBuffer> bufferEnv;
  private Dbi<ByteBuffer> bufferDbi;
  private byte[] value;
  private final byte[] keyScratch = new byte[32];
  private ByteBuffer keyBuffer;
  private ByteBuffer valueBuffer;
  private long nextArrayKey;
  private long nextBufferKey;
  private long nextRead;

  /** Opens one environment per proxy, each preloaded with the same 100,000 entries. */
  @Setup
  public void setUp() {
    arrayDir = Workload.tempDir("bench-proxy-ba");
    bufferDir = Workload.tempDir("bench-proxy-bb");
    arrayEnv =
        Env.create(ByteArrayProxy.PROXY_BA)
            .setMapSize(MAP_SIZE)
            .setMaxDbs(1)
            .open(arrayDir.toFile(), EnvFlags.MDB_NOSYNC);
    arrayDbi = arrayEnv.openDbi("bench", DbiFlags.MDB_CREATE);
    bufferEnv =
        Env.create()
            .setMapSize(MAP_SIZE)
            .setMaxDbs(1)
            .open(bufferDir.toFile(), EnvFlags.MDB_NOSYNC);
    bufferDbi = bufferEnv.openDbi("bench", DbiFlags.MDB_CREATE);
    value = new byte[VALUE_SIZE];
    value[0] = 1;
    keyBuffer = ByteBuffer.allocateDirect(32);
    valueBuffer = ByteBuffer.allocateDirect(VALUE_SIZE);
    valueBuffer.put(value).flip();
    for (int i = 0; i < PRELOADED / 1000; i++) {
      byteArrayPut1000();
      byteBufferPut1000();
    }
  }

  /** Closes both environments and deletes their files. */
  @TearDown
  public void tearDown() {
    arrayEnv.close();
    bufferEnv.close();
    Workload.delete(arrayDir);
    Workload.delete(bufferDir);
  }

  /** 1000 puts in one transaction through the byte-array proxy. */
  @Benchmark
  @OperationsPerInvocation(1000)
  public void byteArrayPut1000() {
    try (Txn<byte[]> txn = arrayEnv.txnWrite()) {
      for (int i = 0; i < 1000; i++) {
        byte[] k = new byte[32];
        Workload.counterKey(nextArrayKey++, k);
        arrayDbi.put(txn, k, value);
      }
      txn.commit();
    }
  }

  /** 1000 puts in one transaction through the ByteBuffer proxy, buffers reused. */
  @Benchmark
  @OperationsPerInvocation(1000)
  public void byteBufferPut1000() {
    try (Txn<ByteBuffer> txn = bufferEnv.txnWrite()) {
      for (int i = 0; i < 1000; i++) {
        Workload.counterKey(nextBufferKey++, keyScratch);
        keyBuffer.clear();
        keyBuffer.put(keyScratch).flip();
        bufferDbi.put(txn, keyBuffer, valueBuffer);
      }
      txn.commit();
    }
  }

  /** A get through the byte-array proxy: the value copied into a new array. */
  @Benchmark
  public byte[] byteArrayGet() {
    byte[] k = new byte[32];
    Workload.counterKey(nextRead++ % PRELOADED, k);
    try (Txn<byte[]> txn = arrayEnv.txnRead()) {
      return arrayDbi.get(txn, k);
    }
  }

  /** A get through the ByteBuffer proxy, copying the value out as the SDK must. */
  @Benchmark
  public byte[] byteBufferGet() {
    Workload.counterKey(nextRead++ % PRELOADED, keyScratch);
    keyBuffer.clear();
    keyBuffer.put(keyScratch).flip();
    try (Txn<ByteBuffer> txn = bufferEnv.txnRead()) {
      ByteBuffer v = bufferDbi.get(txn, keyBuffer);
      byte[] out = new byte[v.remaining()];
      v.get(out);
      return out;
    }
  }
}
