package org.cybervein.benchmarks.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.SignatureException;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.concurrent.TimeUnit;
import org.cybervein.api.PublicKey;
import org.cybervein.api.Signature;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.crypto.sign.Ed25519PublicKeys;
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
 * Ed25519 (RFC 8032) on one thread over a 64-byte message: signing with {@link
 * Ed25519PrivateKey#sign(byte[])}, verifying with a {@link Ed25519Verifier} made once for the key
 * (its decoded public point kept), and verifying with {@link Ed25519Verifier#of(PublicKey)} made on
 * every call (point decoding and the prime-order check included, as for a key seen once).
 *
 * <p>Mode: average time per operation, in microseconds (us/op); lower is better.
 *
 * <p>Baselines, measured in the same run: {@code jdkVerify} and {@code jdkSign} are the JDK's own
 * EdDSA ({@link java.security.Signature} {@code "Ed25519"}, one instance initialised once in the
 * state), the alternative any Java node has for free; {@code bouncyCastleRawVerify} is the raw
 * Bouncy Castle verification of a precomputed point that {@link Ed25519Verifier} wraps, so {@code
 * verifyPrecomputed / bouncyCastleRawVerify} is the wrapper's overhead.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
@State(Scope.Thread)
public class Ed25519Benchmark {
  private static final long SEED = 0x4544323535313921L;
  private static final int MESSAGE_SIZE = 64;

  private byte[] message;
  private Ed25519PrivateKey privateKey;
  private PublicKey publicKey;
  private Signature signature;
  private Ed25519Verifier verifier;

  private byte[] rawSignature;
  private org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint rawPoint;

  private java.security.Signature jdkSigner;
  private java.security.Signature jdkVerifier;

  /** Makes a key from a fixed seed, signs the message once and prepares every verifier. */
  @Setup
  public void setUp() throws GeneralSecurityException, InvalidCryptoInputException {
    DeterministicRandom random = DeterministicRandom.fromSeed(SEED);
    message = new byte[MESSAGE_SIZE];
    random.nextBytes(message);
    privateKey = Ed25519PrivateKey.generate(random);
    publicKey = privateKey.publicKey();
    signature = privateKey.sign(message);
    verifier = Ed25519Verifier.of(publicKey);

    rawSignature = signature.encoded().toByteArray();
    rawPoint =
        org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyFullExport(
            publicKey.encoded().toByteArray(), 0);

    KeyFactory keys = KeyFactory.getInstance("Ed25519");
    java.security.PublicKey jdkPublic =
        keys.generatePublic(
            new X509EncodedKeySpec(Ed25519PublicKeys.toSpki(publicKey).toByteArray()));
    jdkVerifier = java.security.Signature.getInstance("Ed25519");
    jdkVerifier.initVerify(jdkPublic);
    java.security.PrivateKey jdkPrivate =
        keys.generatePrivate(
            new EdECPrivateKeySpec(
                NamedParameterSpec.ED25519, privateKey.encodeSeed().toByteArray()));
    jdkSigner = java.security.Signature.getInstance("Ed25519");
    jdkSigner.initSign(jdkPrivate);

    if (!verifier.verify(message, signature)
        || !jdkVerify()
        || !java.util.Arrays.equals(jdkSign(), rawSignature)) {
      throw new IllegalStateException("the benchmark signature does not verify");
    }
  }

  /** {@link Ed25519PrivateKey#sign(byte[])} of the 64-byte message. */
  @Benchmark
  public Signature sign() {
    return privateKey.sign(message);
  }

  /** Verification with a verifier made once for the key. */
  @Benchmark
  public boolean verifyPrecomputed() {
    return verifier.verify(message, signature);
  }

  /** Verification with a verifier made for this call: key decoding and validation included. */
  @Benchmark
  public boolean verifyDecodingKey() throws InvalidCryptoInputException {
    return Ed25519Verifier.of(publicKey).verify(message, signature);
  }

  /** Baseline: Bouncy Castle's verification against the already decoded point. */
  @Benchmark
  public boolean bouncyCastleRawVerify() {
    return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(
        rawSignature, 0, rawPoint, message, 0, message.length);
  }

  /** Baseline: the JDK's EdDSA verification. */
  @Benchmark
  public boolean jdkVerify() throws SignatureException {
    jdkVerifier.update(message);
    return jdkVerifier.verify(rawSignature);
  }

  /** Baseline: the JDK's EdDSA signing with the same key (same seed) of the same message. */
  @Benchmark
  public byte[] jdkSign() throws SignatureException {
    jdkSigner.update(message);
    return jdkSigner.sign();
  }
}
