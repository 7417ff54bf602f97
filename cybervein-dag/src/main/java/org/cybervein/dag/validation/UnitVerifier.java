package org.cybervein.dag.validation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.cybervein.api.Hash;
import org.cybervein.api.PublicKey;
import org.cybervein.api.Signature;
import org.cybervein.api.time.Clock;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.sign.Ed25519Verifier;
import org.cybervein.dag.certification.ValidatorSet;
import org.cybervein.dag.unit.Attestation;
import org.cybervein.dag.unit.DataWrite;
import org.cybervein.dag.unit.InvalidUnitException;
import org.cybervein.dag.unit.InvalidUnitException.Reason;
import org.cybervein.dag.unit.Unit;
import org.cybervein.dag.unit.UnitLimits;

/**
 * The context-free checks of a unit, the expensive part of validation: the author's envelope
 * signature, the bounds of {@link UnitLimits} (parent count, inline size, timestamp at most {@code
 * maxClockSkew} ahead of the injected {@link Clock}), and for an attestation a registered validator
 * who is also the unit's author, a valid batch signature and a valid inclusion proof. What needs
 * the DAG (parents, sequence, replayed verification ids, equivocation) is checked when the unit is
 * applied.
 *
 * <h2>Cost</h2>
 *
 * One {@link Ed25519Verifier} is kept per author key (making one costs about as much as a
 * verification), and a validator's batch signature is verified once per batch root and then
 * remembered, so a batched attestation costs about one signature verification, not two. {@link
 * #verifyAll(List)} spreads the units over the injected executor; the calling thread works too, so
 * a batch completes even if the executor runs nothing.
 *
 * <p>Thread-safe. The caches are bounded: when one is full it is emptied and refills.
 */
public final class UnitVerifier {
  private static final int MAX_CACHED_AUTHORS = 100_000;
  private static final int MAX_CACHED_ROOTS = 10_000;
  private static final int CHUNKS_PER_THREAD = 4;

  private final UnitLimits limits;
  private final ValidatorSet validators;
  private final Clock clock;
  private final Executor executor;
  private final int parallelism;
  private final Map<PublicKey, Optional<Ed25519Verifier>> authors = new ConcurrentHashMap<>();
  private final Map<VerifiedRoot, Boolean> roots = new ConcurrentHashMap<>();

  private record VerifiedRoot(PublicKey validator, Hash root, long size, Signature signature) {}

  /**
   * A verifier.
   *
   * @param limits the bounds units must keep
   * @param validators the registered validators whose attestations are accepted
   * @param clock the local clock for the skew bound
   * @param executor runs helper tasks of {@link #verifyAll(List)}
   * @param parallelism the most threads a batch uses, the caller's included; at least 1
   */
  public UnitVerifier(
      UnitLimits limits, ValidatorSet validators, Clock clock, Executor executor, int parallelism) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.validators = Objects.requireNonNull(validators, "validators");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.executor = Objects.requireNonNull(executor, "executor");
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
    }
    this.parallelism = parallelism;
  }

  /**
   * The limits this verifier enforces.
   *
   * @return the limits
   */
  public UnitLimits limits() {
    return limits;
  }

  /**
   * The registered validators.
   *
   * @return the validator set
   */
  public ValidatorSet validators() {
    return validators;
  }

  /**
   * Runs every context-free check on one unit.
   *
   * @param unit the decoded unit
   * @return the unit, marked as verified by this verifier
   * @throws InvalidUnitException with the reason of the first failed check
   */
  public VerifiedUnit verify(Unit unit) throws InvalidUnitException {
    Objects.requireNonNull(unit, "unit");
    checkBounds(unit, clock.now());
    checkAttestation(unit);
    checkSignature(unit);
    return new VerifiedUnit(unit, this);
  }

  /**
   * Verifies {@code units} in parallel and sorts them into passed and failed, each in input order.
   * The clock is read once for the whole batch.
   *
   * @param units the units to verify
   * @return the verified and the rejected units, each in input order
   */
  public VerificationResult verifyAll(List<Unit> units) {
    Unit[] batch = units.toArray(new Unit[0]);
    for (Unit u : batch) {
      Objects.requireNonNull(u, "units must not contain null");
    }
    int n = batch.length;
    Object[] outcome = new Object[n];
    Instant now = clock.now();
    int threads = Math.min(parallelism, n);
    if (threads <= 1) {
      verifyRange(batch, 0, n, now, outcome);
    } else {
      int chunkCount = Math.min(n, threads * CHUNKS_PER_THREAD);
      int chunkSize = (n + chunkCount - 1) / chunkCount;
      int chunks = (n + chunkSize - 1) / chunkSize;
      AtomicInteger next = new AtomicInteger();
      CountDownLatch done = new CountDownLatch(chunks);
      Runnable worker =
          () -> {
            int c;
            while ((c = next.getAndIncrement()) < chunks) {
              try {
                verifyRange(batch, c * chunkSize, Math.min(n, (c + 1) * chunkSize), now, outcome);
              } finally {
                done.countDown();
              }
            }
          };
      for (int i = 1; i < threads; i++) {
        try {
          executor.execute(worker);
        } catch (RejectedExecutionException e) {
          break; // the caller's own loop covers every chunk left
        }
      }
      worker.run();
      awaitUninterruptibly(done);
    }
    return collect(batch, outcome, 0, n);
  }

  /**
   * Verifies {@code units} in chunks spread over the executor and hands each chunk's result to
   * {@code consumer} on the calling thread, in input order, as soon as it is ready. While it waits
   * for the next chunk in order, the calling thread verifies chunks itself. So a consumer that
   * applies the units (one thread, in order) works while other cores still verify: the two phases
   * overlap instead of adding up.
   *
   * @param chunkSize units per chunk, at least 1
   * @param units the units to verify
   * @param consumer receives each chunk's result, on the calling thread
   * @throws RuntimeException what the consumer or a verification throws; chunks still running on
   *     the executor finish first
   */
  public void verifyInOrder(
      List<Unit> units, int chunkSize, Consumer<VerificationResult> consumer) {
    Objects.requireNonNull(consumer, "consumer");
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunkSize must be at least 1, got " + chunkSize);
    }
    Unit[] batch = units.toArray(new Unit[0]);
    for (Unit u : batch) {
      Objects.requireNonNull(u, "units must not contain null");
    }
    int n = batch.length;
    int chunks = (n + chunkSize - 1) / chunkSize;
    Instant now = clock.now();
    Object[] outcome = new Object[n];
    CountDownLatch[] ready = new CountDownLatch[chunks];
    for (int c = 0; c < chunks; c++) {
      ready[c] = new CountDownLatch(1);
    }
    AtomicInteger next = new AtomicInteger();
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Runnable claimOne =
        () -> {
          int c = next.getAndIncrement();
          if (c < chunks) {
            try {
              verifyRange(batch, c * chunkSize, Math.min(n, (c + 1) * chunkSize), now, outcome);
            } catch (RuntimeException e) {
              failure.compareAndSet(null, e);
            } finally {
              ready[c].countDown();
            }
          }
        };
    Runnable helper =
        () -> {
          while (next.get() < chunks) {
            claimOne.run();
          }
        };
    for (int i = 1; i < Math.min(parallelism, chunks); i++) {
      try {
        executor.execute(helper);
      } catch (RejectedExecutionException e) {
        break; // the calling thread claims what is left
      }
    }
    try {
      for (int c = 0; c < chunks; c++) {
        while (ready[c].getCount() > 0 && next.get() < chunks) {
          claimOne.run();
        }
        awaitUninterruptibly(ready[c]);
        RuntimeException e = failure.get();
        if (e != null) {
          throw e;
        }
        consumer.accept(collect(batch, outcome, c * chunkSize, Math.min(n, (c + 1) * chunkSize)));
      }
    } finally {
      // Claim every chunk nobody has started, so that no helper starts one after we return, and
      // wait for those in progress: they are finite and write into the outcome array.
      int claimed = Math.min(chunks, next.getAndSet(chunks));
      for (int c = 0; c < claimed; c++) {
        awaitUninterruptibly(ready[c]);
      }
    }
  }

  private static VerificationResult collect(Unit[] batch, Object[] outcome, int from, int to) {
    List<VerifiedUnit> ok = new ArrayList<>(to - from);
    List<VerificationResult.Rejection> bad = new ArrayList<>();
    for (int i = from; i < to; i++) {
      if (outcome[i] instanceof VerifiedUnit v) {
        ok.add(v);
      } else if (outcome[i] instanceof InvalidUnitException e) {
        bad.add(new VerificationResult.Rejection(batch[i], e));
      } else {
        throw new IllegalStateException("unit " + i + " of the batch was not verified");
      }
    }
    return new VerificationResult(ok, bad);
  }

  private void verifyRange(Unit[] batch, int from, int to, Instant now, Object[] outcome) {
    for (int i = from; i < to; i++) {
      try {
        checkBounds(batch[i], now);
        checkAttestation(batch[i]);
        checkSignature(batch[i]);
        outcome[i] = new VerifiedUnit(batch[i], this);
      } catch (InvalidUnitException e) {
        outcome[i] = e;
      }
    }
  }

  private void checkBounds(Unit unit, Instant now) throws InvalidUnitException {
    int parents = unit.body().parents().size();
    if (parents > limits.maxParents()) {
      throw new InvalidUnitException(
          Reason.PARENT_COUNT, parents + " parents, allowed " + limits.maxParents());
    }
    if (unit.encodedSize() > limits.maxEncodedSize()) {
      throw new InvalidUnitException(Reason.OVERSIZED, "unit of " + unit.encodedSize() + " bytes");
    }
    if (unit.body().payload() instanceof DataWrite w && w.inlineSize() > limits.maxInlineBytes()) {
      throw new InvalidUnitException(
          Reason.PAYLOAD_TOO_LARGE,
          w.inlineSize() + " inline bytes, allowed " + limits.maxInlineBytes());
    }
    long latest = now.toEpochMilli() + limits.maxClockSkew().toMillis();
    if (unit.body().timestampMillis() > latest) {
      throw new InvalidUnitException(
          Reason.CLOCK_SKEW,
          "timestamp " + unit.body().timestamp() + " is more than the allowed skew after " + now);
    }
  }

  private void checkAttestation(Unit unit) throws InvalidUnitException {
    if (!(unit.body().payload() instanceof Attestation a)) {
      return;
    }
    if (!validators.contains(a.validator())) {
      throw new InvalidUnitException(
          Reason.UNKNOWN_VALIDATOR, "attestation by unregistered key " + a.validator());
    }
    if (!a.validator().equals(unit.author())) {
      // The batch signature covers the records, not the unit that carries one: a copy in another
      // author's unit proves nothing about that unit and must not take the validator's id.
      throw new InvalidUnitException(
          Reason.FOREIGN_ATTESTATION,
          "attestation of " + a.validator() + " carried by another author's unit");
    }
    if (!a.proofVerifies()) {
      throw new InvalidUnitException(
          Reason.BAD_INCLUSION_PROOF, "inclusion proof does not lead to the batch root");
    }
    VerifiedRoot root =
        new VerifiedRoot(a.validator(), a.batchRoot(), a.batchSize(), a.batchSignature());
    if (roots.containsKey(root)) {
      return;
    }
    Optional<Ed25519Verifier> verifier = verifierFor(a.validator());
    if (verifier.isEmpty() || !verifier.get().verify(a.rootSigningInput(), a.batchSignature())) {
      throw new InvalidUnitException(
          Reason.BAD_ATTESTATION_SIGNATURE, "validator signature over the batch root is invalid");
    }
    if (roots.size() >= MAX_CACHED_ROOTS) {
      roots.clear();
    }
    roots.put(root, Boolean.TRUE);
  }

  private void checkSignature(Unit unit) throws InvalidUnitException {
    Optional<Ed25519Verifier> verifier = verifierFor(unit.author());
    if (verifier.isEmpty()) {
      throw new InvalidUnitException(Reason.BAD_SIGNATURE, "author key is not a valid Ed25519 key");
    }
    if (!verifier.get().verify(unit.envelope().signingInput(), unit.envelope().signature())) {
      throw new InvalidUnitException(Reason.BAD_SIGNATURE, "unit signature does not verify");
    }
  }

  private Optional<Ed25519Verifier> verifierFor(PublicKey key) {
    Optional<Ed25519Verifier> cached = authors.get(key);
    if (cached != null) {
      return cached;
    }
    Optional<Ed25519Verifier> made;
    try {
      made = Optional.of(Ed25519Verifier.of(key));
    } catch (InvalidCryptoInputException e) {
      made = Optional.empty();
    }
    if (authors.size() >= MAX_CACHED_AUTHORS) {
      authors.clear();
    }
    authors.put(key, made);
    return made;
  }

  // The chunks in progress are finite work; an interrupt is kept for the caller, not acted on,
  // because helper threads still write into the outcome array.
  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "UnitVerifier[" + limits + ", " + validators + ", parallelism=" + parallelism + "]";
  }
}
