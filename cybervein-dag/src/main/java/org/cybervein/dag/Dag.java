package org.cybervein.dag;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
import org.cybervein.api.NodeId;
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
import org.cybervein.dag.validation.VerificationResult.Rejection;
import org.cybervein.dag.validation.VerifiedUnit;

/**
 * One node's DAG: validates incoming units, stores them, certifies them and makes them final.
 *
 * <h2>Ingest</h2>
 *
 * {@link #ingest(List)} runs the context-free checks ({@link UnitVerifier}: signatures, bounds,
 * attestations) in chunks on the injected executor and applies each verified chunk, in input order,
 * on the calling thread while later chunks are still being verified; applying a unit means:
 *
 * <ol>
 *   <li>a unit already stored or held is counted as a duplicate;
 *   <li>a unit with a parent that is neither stored nor the genesis is held in the {@link
 *       UnsolidBuffer} (status {@link UnitStatus#RECEIVED}) and its missing parents are listed in
 *       {@link #missing()} for the sync layer to request;
 *   <li>otherwise the checks that need the DAG run: a unit of sequence {@code s > 0} lists its
 *       author's unit {@code s - 1} among its parents ({@link Reason#SEQUENCE_GAP}); an
 *       attestation's verification id is not carried by an earlier unit of the validator's own
 *       chain ({@link Reason#REPLAYED_VERIFICATION_ID}; a function of the unit's past, so every
 *       node decides the same whatever the arrival order);
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
  private static final int RECENT_CAPACITY = 1 << 17;
  private static final int PIPELINE_CHUNK = 128;

  private final DagConfig config;
  private final UnitStore store;
  private final UnitVerifier verifier;
  private final Certifier certifier;
  private final UnsolidBuffer buffer;
  private final Set<PublicKey> equivocators = new HashSet<>();
  private final List<StatusListener> listeners = new ArrayList<>();
  // Parents are nearly always recent units: keeping their metadata here spares a durable store
  // a read (and a unit decode) per parent. Evicted first-in, first-out; the store stays the truth.
  private final Map<Hash, Meta> recent =
      new LinkedHashMap<>(1024, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Hash, Meta> eldest) {
          return size() > RECENT_CAPACITY;
        }
      };
  // The highest sequence seen per author (loaded from the store on first sight): a unit above it
  // cannot be an equivocation, so the common case needs no (author, sequence) lookup.
  private final Map<PublicKey, Long> highestSequence = new HashMap<>();
  private long nextCheckpoint;

  private Dag(DagConfig config, UnitStore store, UnitVerifier verifier) {
    this.config = config;
    this.store = store;
    this.verifier = verifier;
    this.certifier = new Certifier(config.validators());
    this.buffer = new UnsolidBuffer(config.maxUnsolidBytes(), config.maxUnsolidBytesPerPeer());
  }

  /**
   * Opens the DAG kept in {@code store} (empty or written by an earlier Dag of the same config),
   * resuming certification from the stored bit sets without walking the DAG.
   *
   * @param executor runs the parallel signature checks
   * @param parallelism the most threads a verification batch uses, the caller's included
   * @param config the genesis, limits, validators and buffer bound
   * @param store the store to keep the DAG in; this Dag is its only writer from now on
   * @param clock the clock the verifier checks timestamps against
   * @return the open DAG
   */
  public static Dag open(
      DagConfig config, UnitStore store, Clock clock, Executor executor, int parallelism) {
    Objects.requireNonNull(config, "config");
    return open(
        config,
        store,
        new UnitVerifier(config.limits(), config.validators(), clock, executor, parallelism));
  }

  /**
   * Opens the DAG kept in {@code store} with an existing verifier, whose caches (one key per
   * author, verified attestation roots) several DAGs may share.
   *
   * @param config the genesis, limits, validators and buffer bound
   * @param store the store to keep the DAG in; this Dag is its only writer from now on
   * @param verifier the verifier of the first ingest phase, with the same limits and validators as
   *     {@code config}
   * @return the open DAG
   * @throws IllegalArgumentException if the verifier enforces other limits or validators than
   *     {@code config}
   */
  public static Dag open(DagConfig config, UnitStore store, UnitVerifier verifier) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(store, "store");
    if (!verifier.limits().equals(config.limits())
        || !verifier.validators().equals(config.validators())) {
      throw new IllegalArgumentException("the verifier checks other limits or validators");
    }
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

  private Meta meta(Hash id) {
    Meta m = recent.get(id);
    if (m == null) {
      Unit u = store.unit(id).orElseThrow();
      m = new Meta(u.author(), u.sequence(), store.height(id).orElseThrow());
      recent.put(id, m);
    }
    return m;
  }

  private long highestSequence(PublicKey author) {
    Long h = highestSequence.get(author);
    if (h == null) {
      h = store.lastSequence(author).orElse(-1);
      highestSequence.put(author, h);
    }
    return h;
  }

  /**
   * The configuration.
   *
   * @return the configuration this DAG was opened with
   */
  public DagConfig config() {
    return config;
  }

  /**
   * The store (read it freely; write only through this Dag).
   *
   * @return the store
   */
  public UnitStore store() {
    return store;
  }

  /**
   * The verifier of the first ingest phase, to pre-verify units for {@link #ingestVerified}.
   *
   * @return the verifier
   */
  public UnitVerifier verifier() {
    return verifier;
  }

  /**
   * Registers a listener for status changes.
   *
   * @param listener called on every status change, on the ingesting thread
   */
  public void addListener(StatusListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Verifies and applies one unit; see {@link #ingest(List)}.
   *
   * @param unit the received unit
   * @return what happened to it
   */
  public IngestResult ingest(Unit unit) {
    return ingest(List.of(unit));
  }

  /**
   * Verifies {@code units} in parallel and applies those that passed, in the order given, with
   * verification and application overlapping (see the type's documentation). Invalid units are
   * reported in the result, never thrown. One group commit for the whole list.
   *
   * @param units the received units, in any order
   * @return which units were stored, held, rejected, dropped or duplicates, and what is missing
   */
  public IngestResult ingest(List<Unit> units) {
    return ingest(units, UnsolidBuffer.LOCAL);
  }

  /**
   * Like {@link #ingest(List)}, for units sent by {@code origin}: units held for missing parents
   * count against that peer's quota of the unsolid buffer, and only units it sent are evicted when
   * it is over its quota ({@link UnsolidBuffer}).
   *
   * @param units the received units, in any order
   * @param origin the peer that sent them
   * @return which units were stored, held, rejected, dropped (refused or evicted from the unsolid
   *     buffer) or duplicates, and what is missing
   */
  public IngestResult ingest(List<Unit> units, NodeId origin) {
    Step step = new Step(Objects.requireNonNull(origin, "origin"));
    // Verification of later chunks overlaps with applying earlier ones on this thread.
    verifier.verifyInOrder(
        units,
        PIPELINE_CHUNK,
        chunk -> {
          step.rejected.addAll(chunk.rejected());
          applyAll(chunk.verified(), step);
        });
    return finish(step);
  }

  /**
   * Applies units whose context-free checks already passed: the pre-verified path. The checks that
   * need the DAG still run.
   *
   * @param units units that passed this DAG's context-free checks
   * @return which units were stored, held, rejected, dropped or duplicates, and what is missing
   * @throws IllegalArgumentException if a unit was verified under other limits or validators than
   *     this DAG's (nothing is applied then)
   */
  public IngestResult ingestVerified(List<VerifiedUnit> units) {
    List<VerifiedUnit> copy = List.copyOf(units);
    UnitVerifier compatible = verifier;
    for (VerifiedUnit v : copy) {
      // Units of one batch nearly always share a verifier: compare configurations once per
      // verifier.
      if (v.verifiedBy() != verifier && v.verifiedBy() != compatible) {
        if (!v.passedChecksOf(verifier)) {
          throw new IllegalArgumentException(v + " was verified under other limits or validators");
        }
        compatible = v.verifiedBy();
      }
    }
    return apply(copy, List.of());
  }

  /**
   * The status of a unit: {@link UnitStatus#RECEIVED} while held for missing parents, the stored
   * status otherwise; empty for unknown ids and the genesis.
   *
   * @param id the unit to ask about
   * @return its status, or empty if unknown
   */
  public Optional<UnitStatus> status(Hash id) {
    if (buffer.contains(id)) {
      return Optional.of(UnitStatus.RECEIVED);
    }
    return store.status(id);
  }

  /**
   * The parent ids held units wait for, sorted: what the sync layer should request.
   *
   * @return the missing parent ids, sorted
   */
  public List<Hash> missing() {
    return buffer.missing();
  }

  /**
   * The buffer of held units (for its size and bytes).
   *
   * @return the buffer of units waiting for parents
   */
  public UnsolidBuffer unsolid() {
    return buffer;
  }

  /**
   * Authors caught equivocating, sorted by encoded key.
   *
   * @return the equivocating authors' keys
   */
  public List<PublicKey> equivocators() {
    return store.equivocators();
  }

  /**
   * The total order of the certified and final units; see {@link TotalOrder}.
   *
   * @return the ids of certified and final units, in the total order
   */
  public List<Hash> totalOrder() {
    return TotalOrder.of(store);
  }

  /**
   * The order key of a certified or final unit; see {@link TotalOrder}.
   *
   * @param id the unit to ask about
   * @return its order key, or empty if the unit is neither certified nor final
   */
  public Optional<OrderKey> orderKey(Hash id) {
    return TotalOrder.keyOf(store, id);
  }

  /**
   * The number of the next checkpoint this DAG expects.
   *
   * @return the next checkpoint number, from 0
   */
  public long nextCheckpoint() {
    return nextCheckpoint;
  }

  /**
   * The number of units in the certification window (stored, not yet certified or final).
   *
   * @return the count of uncertified stored units
   */
  public int uncertifiedCount() {
    return certifier.windowSize();
  }

  /**
   * The certification work done since opening, in bits set; for measurements.
   *
   * @return the count of certification bits set
   */
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

  private record ValidatorVid(PublicKey validator, Hash verificationId) {}

  /** What validation needs of a stored unit, kept for recent units so the store is not read. */
  private record Meta(PublicKey author, long sequence, long height) {}

  private record Event(Hash id, UnitStatus status) {}

  /** The state of one ingest step: what it staged, visible to its later units before commit. */
  private final class Step {
    final NodeId origin;
    final UnitBatch.Builder batch = UnitBatch.builder();
    final Map<AuthorSeq, List<Hash>> stagedSeqs = new HashMap<>();
    final Map<ValidatorVid, List<Hash>> stagedVerificationIds = new HashMap<>();
    final Map<Hash, List<Hash>> stagedParents = new HashMap<>();
    final Set<Hash> covered = new LinkedHashSet<>();
    final List<Event> events = new ArrayList<>();
    final List<Hash> stored = new ArrayList<>();
    final List<Hash> held = new ArrayList<>();
    final List<Rejection> rejected = new ArrayList<>();
    final List<Hash> dropped = new ArrayList<>();
    final List<PublicKey> newEquivocators = new ArrayList<>();
    final Set<Hash> requested = new TreeSet<>();
    // Units staged but not committed yet: the recent cache may evict them in a very large step.
    final Map<Hash, Meta> staged = new HashMap<>();
    int duplicates;

    Step(NodeId origin) {
      this.origin = origin;
    }

    boolean known(Hash id) {
      return staged.containsKey(id) || recent.containsKey(id) || store.contains(id);
    }

    Meta meta(Hash id) {
      Meta m = staged.get(id);
      return m != null ? m : Dag.this.meta(id);
    }

    long height(Hash id) {
      return id.equals(config.genesis()) ? 0 : meta(id).height();
    }
  }

  private IngestResult apply(List<VerifiedUnit> units, List<Rejection> alreadyRejected) {
    Step step = new Step(UnsolidBuffer.LOCAL);
    step.rejected.addAll(alreadyRejected);
    applyAll(units, step);
    return finish(step);
  }

  private void applyAll(List<VerifiedUnit> units, Step step) {
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
  }

  private IngestResult finish(Step step) {
    if (!step.dropped.isEmpty()) {
      step.held.removeAll(new HashSet<>(step.dropped)); // held, then evicted within this step
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
        stillMissing(step.requested));
  }

  private List<Hash> stillMissing(Set<Hash> requested) {
    List<Hash> out = new ArrayList<>();
    for (Hash id : requested) {
      if (!buffer.contains(id) && !store.contains(id) && buffer.isAwaited(id)) {
        out.add(id);
      }
    }
    return out;
  }

  /** Applies one unit; true if it was stored. */
  private boolean applyOne(VerifiedUnit verified, Step step) {
    Unit unit = verified.unit();
    Hash id = unit.id();
    if (step.known(id) || buffer.contains(id)) {
      step.duplicates++;
      return false;
    }
    Set<Hash> missing = null;
    for (Hash p : unit.body().parents()) {
      if (!p.equals(config.genesis()) && !step.known(p)) {
        if (missing == null) {
          missing = new TreeSet<>();
        }
        missing.add(p);
      }
    }
    if (missing != null) {
      if (buffer.hold(verified, missing, step.origin, step.dropped::add)) {
        step.requested.addAll(missing);
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
      // The rule it broke is a property of its body and past, which its id fixes: no unit
      // waiting for this id can ever become solid. (A bad envelope signature is not such a
      // property, since a forger can wrap a valid body; that is why this is done here only.)
      for (VerifiedUnit orphan : buffer.dropDescendants(id)) {
        step.rejected.add(
            new Rejection(
                orphan.unit(),
                new InvalidUnitException(
                    Reason.INVALID_PARENT,
                    "an ancestor, " + id + ", was rejected: " + e.reason())));
      }
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
        Meta parent = step.meta(p);
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
      // The context-free checks made the validator the author. Only the unit's own chain counts,
      // a function of its past: every node decides the same whatever arrived first.
      Hash vid = a.record().verificationId();
      List<Hash> carriers = new ArrayList<>(store.unitsCarrying(a.validator(), vid));
      carriers.addAll(
          step.stagedVerificationIds.getOrDefault(new ValidatorVid(a.validator(), vid), List.of()));
      for (Hash earlier : carriers) {
        if (inOwnChain(unit, earlier, step)) {
          throw new InvalidUnitException(
              Reason.REPLAYED_VERIFICATION_ID,
              "verification id " + vid + " is carried by the author's earlier unit " + earlier);
        }
      }
    }
  }

  /**
   * True if {@code target} is in the own chain of {@code unit}: reachable through self-parent links
   * (a parent by the same author with the sequence one lower). Every stored unit of sequence {@code
   * s > 0} has such a parent, so the own chain passes through each lower sequence: if the author
   * has a single unit there, it is in the chain. Only an equivocating author has several, and only
   * then are the links walked.
   */
  private boolean inOwnChain(Unit unit, Hash target, Step step) {
    PublicKey author = unit.author();
    long targetSeq = step.meta(target).sequence();
    if (targetSeq >= unit.sequence()) {
      return false;
    }
    if (unitsAt(author, targetSeq, step).size() == 1) {
      return true;
    }
    ArrayDeque<Hash> queue = new ArrayDeque<>();
    Set<Hash> seen = new HashSet<>();
    queue.add(unit.id());
    Map<Hash, Long> sequences = new HashMap<>();
    sequences.put(unit.id(), unit.sequence());
    while (!queue.isEmpty()) {
      Hash at = queue.poll();
      long atSeq = sequences.get(at);
      List<Hash> parents = at.equals(unit.id()) ? unit.body().parents() : parentsOf(at, step);
      for (Hash p : parents) {
        if (p.equals(config.genesis())) {
          continue;
        }
        Meta m = step.meta(p);
        if (m.sequence() != atSeq - 1 || !m.author().equals(author) || !seen.add(p)) {
          continue;
        }
        if (p.equals(target)) {
          return true;
        }
        if (m.sequence() > targetSeq) {
          sequences.put(p, m.sequence());
          queue.add(p);
        }
      }
    }
    return false;
  }

  private List<Hash> parentsOf(Hash id, Step step) {
    List<Hash> staged = step.stagedParents.get(id);
    return staged != null ? staged : store.unit(id).orElseThrow().body().parents();
  }

  private List<Hash> unitsAt(PublicKey author, long sequence, Step step) {
    List<Hash> staged = step.stagedSeqs.getOrDefault(new AuthorSeq(author, sequence), List.of());
    if (sequence > highestSequence(author)) {
      return staged;
    }
    List<Hash> all = new ArrayList<>(store.unitsAt(author, sequence));
    all.addAll(staged);
    return all;
  }

  private void stage(Unit unit, Step step) {
    Hash id = unit.id();
    PublicKey author = unit.author();
    AuthorSeq key = new AuthorSeq(author, unit.sequence());
    boolean equivocation =
        unit.sequence() <= highestSequence(author)
            && (step.stagedSeqs.containsKey(key)
                || !store.unitsAt(author, unit.sequence()).isEmpty());
    step.stagedSeqs.computeIfAbsent(key, k -> new ArrayList<>(1)).add(id);
    step.stagedParents.put(id, unit.body().parents());
    highestSequence.merge(author, unit.sequence(), Math::max);
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
    Meta meta = new Meta(author, unit.sequence(), height);
    step.staged.put(id, meta);
    recent.put(id, meta);
    if (unit.body().payload() instanceof Attestation a) {
      step.stagedVerificationIds
          .computeIfAbsent(
              new ValidatorVid(a.validator(), a.record().verificationId()), k -> new ArrayList<>(1))
          .add(id);
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
   * @param checkpoint the checkpoint numbered {@link #nextCheckpoint()}
   * @return the units made final, or the frontier units still missing
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
   * @param source where checkpoints are published
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

  /**
   * The number of the last applied checkpoint, if any.
   *
   * @return the last checkpoint number, or empty if none was applied
   */
  public OptionalLong lastCheckpoint() {
    return nextCheckpoint == 0 ? OptionalLong.empty() : OptionalLong.of(nextCheckpoint - 1);
  }

  /**
   * The validators of this DAG.
   *
   * @return the validator set from the configuration
   */
  public ValidatorSet validators() {
    return config.validators();
  }

  @Override
  public String toString() {
    return "Dag[" + store.size() + " units, " + buffer + ", " + certifier + "]";
  }
}
