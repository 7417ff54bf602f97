package org.cybervein.dag;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import org.cybervein.api.Hash;
import org.cybervein.api.PublicKey;
import org.cybervein.api.time.Clock;
import org.cybervein.dag.certification.Certifier;
import org.cybervein.dag.certification.CheckpointSource;
import org.cybervein.dag.certification.DagCheckpoint;
import org.cybervein.dag.certification.ValidatorBits;
import org.cybervein.dag.certification.ValidatorSet;
import org.cybervein.dag.order.OrderKey;
import org.cybervein.dag.order.TotalOrder;
import org.cybervein.dag.store.UnitBatch;
import org.cybervein.dag.store.UnitStore;
import org.cybervein.dag.tips.TipView;
import org.cybervein.dag.unit.Attestation;
import org.cybervein.dag.unit.InvalidUnitException;
import org.cybervein.dag.unit.InvalidUnitException.Reason;
import org.cybervein.dag.unit.Unit;
import org.cybervein.dag.unit.UnitStatus;
import org.cybervein.dag.validation.UnitVerifier;
import org.cybervein.dag.validation.UnsolidBuffer;
import org.cybervein.dag.validation.VerificationResult;
import org.cybervein.dag.validation.VerificationResult.Rejection;
import org.cybervein.dag.validation.VerifiedUnit;

/**
 * One node's DAG: validates incoming units, stores them, certifies them and makes them final.
 *
 * <h2>Ingest</h2>
 *
 * {@link #ingest(List)} first runs the context-free checks of all units in parallel ({@link
 * UnitVerifier}: signatures, bounds, attestations), then applies the passed units one by one on the
 * calling thread:
 *
 * <ol>
 *   <li>a unit already stored or held is counted as a duplicate;
 *   <li>a unit with a parent that is neither stored nor the genesis is held in the {@link
 *       UnsolidBuffer} (status {@link UnitStatus#RECEIVED}) and its missing parents are listed in
 *       {@link #missing()} for the sync layer to request;
 *   <li>otherwise the checks that need the DAG run: a unit of sequence {@code s > 0} lists its
 *       author's unit {@code s - 1} among its parents ({@link Reason#SEQUENCE_GAP}); an
 *       attestation's verification id was never used ({@link Reason#REPLAYED_VERIFICATION_ID});
 *   <li>a unit with the author and sequence of a stored one is an equivocation: both are kept as
 *       evidence, the author is flagged and, if a validator, stops counting for certification;
 *   <li>the unit is stored as {@link UnitStatus#SOLID}, the incremental {@link Certifier} walks its
 *       past, and the held units that waited for it are applied next.
 * </ol>
 *
 * Everything one call decides is written with one {@link UnitStore#append} (group commit); the
 * listeners hear of it afterwards. {@link #ingestVerified(List)} is the same without the first
 * phase, for units a {@link UnitVerifier} already passed (the type proves it).
 *
 * <h2>Threads and failures</h2>
 *
 * Not thread-safe: one thread drives a Dag; only the verification phase uses the injected executor.
 * If the store throws, the in-memory state may be ahead of the store: reopen the Dag from the
 * store.
 */
public final class Dag implements TipView {
  private final DagConfig config;
  private final UnitStore store;
  private final UnitVerifier verifier;
  private final Certifier certifier;
  private final UnsolidBuffer buffer;
  private final Set<PublicKey> equivocators = new HashSet<>();
  private final List<StatusListener> listeners = new ArrayList<>();
  private long nextCheckpoint;

  private Dag(DagConfig config, UnitStore store, UnitVerifier verifier) {
    this.config = config;
    this.store = store;
    this.verifier = verifier;
    this.certifier = new Certifier(config.validators());
    this.buffer = new UnsolidBuffer(config.maxUnsolidBytes());
  }

  /**
   * Opens the DAG kept in {@code store} (empty or written by an earlier Dag of the same config),
   * resuming certification from the stored bit sets without walking the DAG.
   *
   * @param executor runs the parallel signature checks
   * @param parallelism the most threads a verification batch uses, the caller's included
   */
  public static Dag open(
      DagConfig config, UnitStore store, Clock clock, Executor executor, int parallelism) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(store, "store");
    UnitVerifier verifier =
        new UnitVerifier(config.limits(), config.validators(), clock, executor, parallelism);
    Dag dag = new Dag(config, store, verifier);
    dag.restore();
    return dag;
  }

  private void restore() {
    for (PublicKey e : store.equivocators()) {
      equivocators.add(e);
      config.validators().indexOf(e).ifPresent(certifier::exclude);
    }
    for (Hash id : store.withStatus(UnitStatus.SOLID)) {
      Unit u = store.unit(id).orElseThrow();
      certifier.restore(id, u.body().parents(), store.coverage(id).orElse(ValidatorBits.EMPTY));
    }
    nextCheckpoint =
        store.lastCheckpoint().isPresent() ? store.lastCheckpoint().getAsLong() + 1 : 0;
  }

  /** The configuration. */
  public DagConfig config() {
    return config;
  }

  /** The store (read it freely; write only through this Dag). */
  public UnitStore store() {
    return store;
  }

  /** The verifier of the first ingest phase, to pre-verify units for {@link #ingestVerified}. */
  public UnitVerifier verifier() {
    return verifier;
  }

  /** Registers a listener for status changes. */
  public void addListener(StatusListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Verifies and applies one unit; see {@link #ingest(List)}. */
  public IngestResult ingest(Unit unit) {
    return ingest(List.of(unit));
  }

  /**
   * Verifies {@code units} in parallel, then applies those that passed, in the order given (see the
   * type's documentation). Invalid units are reported in the result, never thrown.
   */
  public IngestResult ingest(List<Unit> units) {
    VerificationResult checked = verifier.verifyAll(units);
    return apply(checked.verified(), checked.rejected());
  }

  /**
   * Applies units whose context-free checks already passed: the pre-verified path. The checks that
   * need the DAG still run.
   */
  public IngestResult ingestVerified(List<VerifiedUnit> units) {
    return apply(List.copyOf(units), List.of());
  }

  /**
   * The status of a unit: {@link UnitStatus#RECEIVED} while held for missing parents, the stored
   * status otherwise; empty for unknown ids and the genesis.
   */
  public Optional<UnitStatus> status(Hash id) {
    if (buffer.contains(id)) {
      return Optional.of(UnitStatus.RECEIVED);
    }
    return store.status(id);
  }

  /** The parent ids held units wait for, sorted: what the sync layer should request. */
  public List<Hash> missing() {
    return buffer.missing();
  }

  /** The buffer of held units (for its size and bytes). */
  public UnsolidBuffer unsolid() {
    return buffer;
  }

  /** Authors caught equivocating, sorted by encoded key. */
  public List<PublicKey> equivocators() {
    return store.equivocators();
  }

  /** The total order of the certified and final units; see {@link TotalOrder}. */
  public List<Hash> totalOrder() {
    return TotalOrder.of(store);
  }

  /** The order key of a certified or final unit; see {@link TotalOrder}. */
  public Optional<OrderKey> orderKey(Hash id) {
    return TotalOrder.keyOf(store, id);
  }

  /** The number of the next checkpoint this DAG expects. */
  public long nextCheckpoint() {
    return nextCheckpoint;
  }

  /** The number of units in the certification window (stored, not yet certified or final). */
  public int uncertifiedCount() {
    return certifier.windowSize();
  }

  /** The certification work done since opening, in bits set; for measurements. */
  public long certificationWork() {
    return certifier.bitsSet();
  }

  @Override
  public Hash genesis() {
    return config.genesis();
  }

  @Override
  public List<Hash> tips() {
    return store.tips();
  }

  @Override
  public List<Hash> children(Hash id) {
    return store.children(id);
  }

  @Override
  public List<Hash> parents(Hash id) {
    return store.unit(id).map(u -> u.body().parents()).orElse(List.of());
  }

  // ---------------------------------------------------------------------------------- apply

  private record AuthorSeq(PublicKey author, long sequence) {}

  private record Staged(Unit unit, long height) {}

  private record Event(Hash id, UnitStatus status) {}

  /** The state of one ingest step: what it staged, visible to its later units before commit. */
  private final class Step {
    final UnitBatch.Builder batch = UnitBatch.builder();
    final Map<Hash, Staged> staged = new HashMap<>();
    final Map<AuthorSeq, Integer> stagedSeqs = new HashMap<>();
    final Set<Hash> stagedVerificationIds = new HashSet<>();
    final Set<Hash> covered = new LinkedHashSet<>();
    final List<Event> events = new ArrayList<>();
    final List<Hash> stored = new ArrayList<>();
    final List<Hash> held = new ArrayList<>();
    final List<Rejection> rejected = new ArrayList<>();
    final List<Hash> dropped = new ArrayList<>();
    final List<PublicKey> newEquivocators = new ArrayList<>();
    int duplicates;

    boolean known(Hash id) {
      return staged.containsKey(id) || store.contains(id);
    }

    Optional<Unit> unit(Hash id) {
      Staged s = staged.get(id);
      return s != null ? Optional.of(s.unit()) : store.unit(id);
    }

    long height(Hash id) {
      if (id.equals(config.genesis())) {
        return 0;
      }
      Staged s = staged.get(id);
      return s != null ? s.height() : store.height(id).orElseThrow();
    }
  }

  private IngestResult apply(List<VerifiedUnit> units, List<Rejection> alreadyRejected) {
    Step step = new Step();
    step.rejected.addAll(alreadyRejected);
    ArrayDeque<VerifiedUnit> work = new ArrayDeque<>(units);
    while (!work.isEmpty()) {
      VerifiedUnit next = work.poll();
      if (applyOne(next, step)) {
        List<VerifiedUnit> released = buffer.release(next.unit().id());
        for (int i = released.size() - 1; i >= 0; i--) {
          work.addFirst(released.get(i));
        }
      }
    }
    for (Hash id : step.covered) {
      if (certifier.isPending(id)) {
        step.batch.coverage(id, certifier.coverage(id));
      }
    }
    if (!step.batch.isEmpty()) {
      store.append(step.batch.build());
    }
    fire(step.events);
    return new IngestResult(
        step.stored,
        step.held,
        step.rejected,
        step.dropped,
        step.duplicates,
        step.newEquivocators,
        buffer.missing());
  }

  /** Applies one unit; true if it was stored. */
  private boolean applyOne(VerifiedUnit verified, Step step) {
    Unit unit = verified.unit();
    Hash id = unit.id();
    if (step.known(id) || buffer.contains(id)) {
      step.duplicates++;
      return false;
    }
    Set<Hash> missing = new TreeSet<>();
    for (Hash p : unit.body().parents()) {
      if (!p.equals(config.genesis()) && !step.known(p)) {
        missing.add(p);
      }
    }
    if (!missing.isEmpty()) {
      if (buffer.hold(verified, missing)) {
        step.held.add(id);
        step.events.add(new Event(id, UnitStatus.RECEIVED));
      } else {
        step.dropped.add(id);
      }
      return false;
    }
    try {
      checkInContext(unit, step);
    } catch (InvalidUnitException e) {
      step.rejected.add(new Rejection(unit, e));
      return false;
    }
    stage(unit, step);
    return true;
  }

  private void checkInContext(Unit unit, Step step) throws InvalidUnitException {
    long seq = unit.sequence();
    if (seq > 0) {
      boolean selfParent = false;
      for (Hash p : unit.body().parents()) {
        if (p.equals(config.genesis())) {
          continue;
        }
        Unit parent = step.unit(p).orElseThrow();
        if (parent.sequence() == seq - 1 && parent.author().equals(unit.author())) {
          selfParent = true;
          break;
        }
      }
      if (!selfParent) {
        throw new InvalidUnitException(
            Reason.SEQUENCE_GAP,
            "unit #" + seq + " does not reference its author's unit #" + (seq - 1));
      }
    }
    if (unit.body().payload() instanceof Attestation a) {
      Hash vid = a.record().verificationId();
      if (store.isVerificationIdUsed(vid) || step.stagedVerificationIds.contains(vid)) {
        throw new InvalidUnitException(
            Reason.REPLAYED_VERIFICATION_ID, "verification id " + vid + " was used before");
      }
    }
  }

  private void stage(Unit unit, Step step) {
    Hash id = unit.id();
    PublicKey author = unit.author();
    AuthorSeq key = new AuthorSeq(author, unit.sequence());
    boolean equivocation =
        step.stagedSeqs.containsKey(key) || !store.unitsAt(author, unit.sequence()).isEmpty();
    step.stagedSeqs.merge(key, 1, Integer::sum);
    OptionalInt validator = config.validators().indexOf(author);
    if (equivocation && equivocators.add(author)) {
      step.newEquivocators.add(author);
      validator.ifPresent(certifier::exclude);
    }
    long height = 0;
    for (Hash p : unit.body().parents()) {
      height = Math.max(height, step.height(p));
    }
    height += 1;
    step.staged.put(id, new Staged(unit, height));
    if (unit.body().payload() instanceof Attestation a) {
      step.stagedVerificationIds.add(a.record().verificationId());
    }
    step.batch.add(unit, height, UnitStatus.SOLID);
    step.stored.add(id);
    step.events.add(new Event(id, UnitStatus.SOLID));
    certifier.add(
        id,
        unit.body().parents(),
        validator,
        step.covered::add,
        certified -> {
          step.covered.remove(certified);
          step.batch.status(certified, UnitStatus.CERTIFIED);
          step.events.add(new Event(certified, UnitStatus.CERTIFIED));
        });
  }

  private void fire(List<Event> events) {
    for (Event e : events) {
      for (StatusListener l : listeners) {
        l.onStatus(e.id(), e.status());
      }
    }
  }

  // ---------------------------------------------------------------------------------- finality

  /**
   * Applies the next checkpoint: every unit in the past of its frontier (frontier included) that is
   * not final yet becomes {@link UnitStatus#FINAL}. If a frontier unit is not stored yet, nothing
   * changes and the outcome lists the missing ids; apply it again once they arrived.
   *
   * @throws IllegalArgumentException if {@code checkpoint} is not numbered {@link
   *     #nextCheckpoint()}
   */
  public CheckpointOutcome applyCheckpoint(DagCheckpoint checkpoint) {
    if (checkpoint.number() != nextCheckpoint) {
      throw new IllegalArgumentException(
          "expected checkpoint " + nextCheckpoint + ", got " + checkpoint.number());
    }
    List<Hash> missing = new ArrayList<>();
    for (Hash f : checkpoint.frontier()) {
      if (!f.equals(config.genesis()) && !store.contains(f)) {
        missing.add(f);
      }
    }
    if (!missing.isEmpty()) {
      return new CheckpointOutcome(false, List.of(), missing);
    }
    UnitBatch.Builder batch = UnitBatch.builder();
    Set<Hash> seen = new HashSet<>();
    List<OrderKey> finalized = new ArrayList<>();
    ArrayDeque<Hash> stack = new ArrayDeque<>(checkpoint.frontier());
    while (!stack.isEmpty()) {
      Hash at = stack.pop();
      if (at.equals(config.genesis()) || !seen.add(at)) {
        continue;
      }
      if (store.status(at).orElseThrow() == UnitStatus.FINAL) {
        continue;
      }
      batch.status(at, UnitStatus.FINAL).finalizedBy(at, checkpoint.number());
      certifier.remove(at);
      finalized.add(new OrderKey(checkpoint.number(), store.height(at).orElseThrow(), at));
      stack.addAll(store.unit(at).orElseThrow().body().parents());
    }
    batch.checkpoint(checkpoint.number());
    store.append(batch.build());
    nextCheckpoint = checkpoint.number() + 1;
    finalized.sort(null);
    List<Hash> ids = finalized.stream().map(OrderKey::id).toList();
    List<Event> events = new ArrayList<>(ids.size());
    for (Hash id : ids) {
      events.add(new Event(id, UnitStatus.FINAL));
    }
    fire(events);
    return new CheckpointOutcome(true, ids, List.of());
  }

  /**
   * Applies, in order, every checkpoint {@code source} has from {@link #nextCheckpoint()} on, until
   * one is missing from the source or waits for units.
   *
   * @return the number of checkpoints applied
   */
  public int pollCheckpoints(CheckpointSource source) {
    int applied = 0;
    while (true) {
      Optional<DagCheckpoint> next = source.checkpoint(nextCheckpoint);
      if (next.isEmpty() || !applyCheckpoint(next.get()).applied()) {
        return applied;
      }
      applied++;
    }
  }

  /** The number of the last applied checkpoint, if any. */
  public OptionalLong lastCheckpoint() {
    return nextCheckpoint == 0 ? OptionalLong.empty() : OptionalLong.of(nextCheckpoint - 1);
  }

  /** The validators of this DAG. */
  public ValidatorSet validators() {
    return config.validators();
  }

  @Override
  public String toString() {
    return "Dag[" + store.size() + " units, " + buffer + ", " + certifier + "]";
  }
}
