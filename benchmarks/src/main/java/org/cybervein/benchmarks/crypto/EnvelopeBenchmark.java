package org.cybervein.benchmarks.crypto;

import java.util.concurrent.TimeUnit;
import org.cybervein.api.Bytes;
import org.cybervein.api.Signature;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.wire.SignedEnvelope;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.envelope.EnvelopeSigner;
import org.cybervein.crypto.envelope.EnvelopeVerifier;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.crypto.sign.Ed25519Verifier;
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
 * A {@link SignedEnvelope} with a {@value #BODY_SIZE}-byte body, the wrapper of every signed
 * message: {@link EnvelopeSigner#sign} followed by {@link SignedEnvelope#encode()}, and {@link
 * EnvelopeVerifier#decodeAndVerify} of the encoded bytes (the path of a message from an unknown
 * sender: decode, check the payload type, decode the signer's key, verify).
 *
 * <p>Mode: average time per operation, in microseconds (us/op); lower is better.
 *
 * <p>Baselines, measured in the same run: {@code rawSign} is {@link Ed25519PrivateKey#sign(byte[])}
 * of the same signing input, and {@code rawVerify} is {@link Ed25519Verifier#of} plus verify of it,
 * i.e. the signature work alone; the difference to the envelope figures is framing and encoding.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
@State(Scope.Thread)
public class EnvelopeBenchmark {
  /** Body length in bytes. */
  public static final int BODY_SIZE = 256;

  private static final long SEED = 0x454e56454c4f5045L;
  private static final String PAYLOAD_TYPE = "cybervein.benchmark.Body";

  private Ed25519PrivateKey key;
  private EnvelopeSigner signer;
  private Bytes body;
  private Bytes encoded;
  private byte[] signingInput;
  private Signature signature;

  /** Makes a key and body from a fixed seed and one encoded envelope to decode. */
  @Setup
  public void setUp() throws InvalidCryptoInputException {
    DeterministicRandom random = DeterministicRandom.fromSeed(SEED);
    key = Ed25519PrivateKey.generate(random);
    signer = EnvelopeSigner.of(key);
    byte[] bodyBytes = new byte[BODY_SIZE];
    random.nextBytes(bodyBytes);
    body = Bytes.of(bodyBytes);
    SignedEnvelope envelope = signer.sign(PAYLOAD_TYPE, body);
    encoded = envelope.encode();
    signingInput = SignedEnvelope.signingInput(PAYLOAD_TYPE, body);
    signature = envelope.signature();
    EnvelopeVerifier.decodeAndVerify(encoded, PAYLOAD_TYPE);
  }

  /** Signs the body into an envelope and encodes it for the wire. */
  @Benchmark
  public Bytes signAndEncode() {
    return signer.sign(PAYLOAD_TYPE, body).encode();
  }

  /** Decodes received bytes and verifies the envelope's signature. */
  @Benchmark
  public SignedEnvelope decodeAndVerify() throws InvalidCryptoInputException {
    return EnvelopeVerifier.decodeAndVerify(encoded, PAYLOAD_TYPE);
  }

  /** Baseline: the Ed25519 signature over the same signing input, nothing else. */
  @Benchmark
  public Signature rawSign() {
    return key.sign(signingInput);
  }

  /** Baseline: key decoding and Ed25519 verification of the same input, nothing else. */
  @Benchmark
  public boolean rawVerify() throws InvalidCryptoInputException {
    return Ed25519Verifier.of(key.publicKey()).verify(signingInput, signature);
  }
}
