package org.cybervein.benchmarks.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.concurrent.TimeUnit;
import org.cybervein.api.Bytes;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.wire.CanonicalParser;
import org.cybervein.api.wire.v1.PbftProto;
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
 * What the canonical check costs on the message every PBFT operation sends most: a PBFT frame (a
 * body of {@code size} bytes and a four-tag authenticator, as a client's REQUEST with MACs), parsed
 * by {@link CanonicalParser} against the baseline of protobuf's own parse of the same bytes, which
 * checks neither the schema walk nor the re-encoding.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
@State(Scope.Thread)
public class CanonicalParseBenchmark {
  private static final CanonicalParser<PbftProto.PbftFrame> PARSER =
      CanonicalParser.of(PbftProto.PbftFrame.getDefaultInstance(), 1 << 20, 64);

  /** Bytes of the frame's body: a 0-byte and a 1 KiB write, and a 100 KiB PRE-PREPARE. */
  @Param({"64", "1100", "102400"})
  public int size;

  private Bytes encoded;
  private byte[] array;

  /** A frame with a random body and four 32-byte tags. */
  @Setup
  public void setUp() {
    DeterministicRandom random = DeterministicRandom.fromSeed(0x4341_4e4f_4e49L);
    byte[] body = new byte[size];
    random.nextBytes(body);
    PbftProto.PbftFrame.Builder frame = PbftProto.PbftFrame.newBuilder();
    frame.setBody(ByteString.copyFrom(body));
    PbftProto.PbftAuthenticator.Builder tags = PbftProto.PbftAuthenticator.newBuilder();
    for (int i = 0; i < 4; i++) {
      byte[] tag = new byte[32];
      random.nextBytes(tag);
      tags.addTags(ByteString.copyFrom(tag));
    }
    frame.setAuthenticator(tags);
    array = frame.build().toByteArray();
    encoded = Bytes.of(array);
  }

  /** The SDK's parse: size and field caps, the schema walk, protobuf's parse, the re-encoding. */
  @Benchmark
  public PbftProto.PbftFrame canonical() throws InvalidEncodingException {
    return PARSER.parse(encoded);
  }

  /** Baseline: protobuf's parse alone. */
  @Benchmark
  public PbftProto.PbftFrame protobufOnly() throws InvalidProtocolBufferException {
    return PbftProto.PbftFrame.parseFrom(array);
  }
}
