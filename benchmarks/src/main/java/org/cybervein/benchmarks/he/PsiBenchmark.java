package org.cybervein.benchmarks.he;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.psi.EcdhPsiInitiator;
import org.cybervein.crypto.psi.EcdhPsiResponder;
import org.cybervein.crypto.psi.RsaPsiInitiator;
import org.cybervein.crypto.psi.RsaPsiKeySize;
import org.cybervein.crypto.psi.RsaPsiResponder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A whole private set intersection between two sets of {@code size} ids (half of them shared), both
 * parties on one thread, every round including encoding and validating decoding.
 *
 * <p>Mode: single shot, milliseconds per complete run (ms/op); lower is better. {@code ecdh}: the
 * P-256 protocol, from creating both parties (hashing and blinding) to both intersections. {@code
 * rsa}: the RSA-2048 blind-signature protocol from the public key message on; the responder's key
 * generation and the hashing and signing of its own ids happen in the per-run setup, outside the
 * measurement, as a responder can prepare them before any initiator arrives.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2)
@Measurement(iterations = 4)
@State(Scope.Thread)
public class PsiBenchmark {
  @Param({"1000"})
  public int size;

  private List<Bytes> idsA;
  private List<Bytes> idsB;

  /** Two id sets sharing half their ids. */
  @Setup(Level.Trial)
  public void makeSets() {
    idsA = new ArrayList<>();
    idsB = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      idsA.add(Bytes.utf8("customer-" + i));
      idsB.add(Bytes.utf8("customer-" + (i + size / 2)));
    }
  }

  /** A fresh RSA responder (key generation and own tags) for each run of {@link #rsa}. */
  @State(Scope.Thread)
  public static class RsaResponderState {
    RsaPsiResponder responder;
    private long run;

    /** Generates the key and the responder's tags, outside the measurement. */
    @Setup(Level.Invocation)
    public void makeResponder(PsiBenchmark sets) {
      responder =
          RsaPsiResponder.create(
              sets.idsB, RsaPsiKeySize.BITS_2048, DeterministicRandom.fromSeed(++run), sets.size);
      // the explicit signing step, kept out of the measurement as before
      responder.signOwnIds(Runnable::run, RsaPsiResponder.SigningProgress.NONE);
    }
  }

  /** ECDH-PSI end to end. */
  @Benchmark
  public List<Bytes> ecdh() throws InvalidCryptoInputException {
    EcdhPsiInitiator a = EcdhPsiInitiator.create(idsA, DeterministicRandom.fromSeed(1), size);
    EcdhPsiResponder b = EcdhPsiResponder.create(idsB, DeterministicRandom.fromSeed(2), size);
    b.finish(a.finish(b.respond(a.request())));
    return b.intersection().orElseThrow();
  }

  /** RSA blind-signature PSI from the public key message to both intersections. */
  @Benchmark
  public List<Bytes> rsa(RsaResponderState state) throws InvalidCryptoInputException {
    RsaPsiResponder b = state.responder;
    RsaPsiInitiator a = RsaPsiInitiator.create(idsA, DeterministicRandom.fromSeed(3), size);
    b.finish(a.finish(b.respond(a.request(b.publicKey()))));
    return b.intersection().orElseThrow();
  }
}
