package org.cybervein.dag.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import org.cybervein.api.Hash;
import org.cybervein.api.PublicKey;
import org.cybervein.dag.certification.ValidatorBits;
import org.cybervein.dag.unit.Attestation;
import org.cybervein.dag.unit.Unit;
import org.cybervein.dag.unit.UnitStatus;

/**
 * A {@link UnitStore} on the heap: for tests, simulations and nodes that rebuild from peers after a
 * restart. "Durable" here means only that {@link #append(UnitBatch)} is atomic: a batch that fails
 * its checks changes nothing. Not thread-safe; use it from one thread.
 */
public final class InMemoryUnitStore implements UnitStore {
  private static final Comparator<PublicKey> KEY_ORDER =
      Comparator.comparing(PublicKey::algorithm).thenComparing(PublicKey::encoded);

  private static final class Entry {
    final Unit unit;
    final long height;
    UnitStatus status;
    ValidatorBits coverage;
    long finalizedBy = -1;

    Entry(Unit unit, long height, UnitStatus status) {
      this.unit = unit;
      this.height = height;
      this.status = status;
    }
  }

  private record AuthorSeq(PublicKey author, long sequence) {}

  private record ValidatorVid(PublicKey validator, Hash verificationId) {}

  private final Map<Hash, Entry> units = new HashMap<>();
  private final Map<Hash, List<Hash>> children = new HashMap<>();
  private final TreeSet<Hash> tips = new TreeSet<>();
  private final Map<AuthorSeq, List<Hash>> bySequence = new HashMap<>();
  private final Map<PublicKey, Long> lastSequence = new HashMap<>();
  private final Map<ValidatorVid, List<Hash>> verificationIds = new HashMap<>();
  private final TreeSet<PublicKey> equivocators = new TreeSet<>(KEY_ORDER);
  private long lastCheckpoint = -1;
  private boolean closed;

  /** An empty store. */
  public InMemoryUnitStore() {}

  @Override
  public void append(UnitBatch batch) {
    checkOpen();
    check(batch);
    for (UnitBatch.NewUnit n : batch.units()) {
      Unit unit = n.unit();
      Hash id = unit.id();
      units.put(id, new Entry(unit, n.height(), n.status()));
      tips.add(id);
      for (Hash parent : unit.body().parents()) {
        insertSorted(children.computeIfAbsent(parent, p -> new ArrayList<>(2)), id);
        tips.remove(parent);
      }
      AuthorSeq key = new AuthorSeq(unit.author(), unit.sequence());
      List<Hash> same = bySequence.computeIfAbsent(key, k -> new ArrayList<>(1));
      insertSorted(same, id);
      if (same.size() > 1) {
        equivocators.add(unit.author());
      }
      lastSequence.merge(unit.author(), unit.sequence(), Math::max);
      if (unit.body().payload() instanceof Attestation a) {
        insertSorted(
            verificationIds.computeIfAbsent(
                new ValidatorVid(a.validator(), a.record().verificationId()),
                k -> new ArrayList<>(1)),
            id);
      }
    }
    batch.statuses().forEach((id, status) -> units.get(id).status = status);
    batch.coverage().forEach((id, bits) -> units.get(id).coverage = bits);
    batch.finalizedBy().forEach((id, number) -> units.get(id).finalizedBy = number);
    batch.checkpoint().ifPresent(number -> lastCheckpoint = number);
  }

  // Every check before the first change, so that a refused batch leaves the store as it was.
  private void check(UnitBatch batch) {
    Map<Hash, UnitStatus> pending = new HashMap<>();
    for (UnitBatch.NewUnit n : batch.units()) {
      Hash id = n.unit().id();
      if (units.containsKey(id) || pending.put(id, n.status()) != null) {
        throw new IllegalArgumentException("unit " + id + " is already stored");
      }
    }
    for (Map.Entry<Hash, UnitStatus> e : batch.statuses().entrySet()) {
      UnitStatus before = known(e.getKey(), pending).orElseThrow(() -> unknown(e.getKey()));
      if (e.getValue().compareTo(before) < 0) {
        throw new IllegalArgumentException(
            "status of " + e.getKey() + " would fall from " + before + " to " + e.getValue());
      }
    }
    for (Hash id : batch.coverage().keySet()) {
      known(id, pending).orElseThrow(() -> unknown(id));
    }
    for (Hash id : batch.finalizedBy().keySet()) {
      known(id, pending).orElseThrow(() -> unknown(id));
    }
  }

  private Optional<UnitStatus> known(Hash id, Map<Hash, UnitStatus> pending) {
    Entry e = units.get(id);
    return e != null ? Optional.of(e.status) : Optional.ofNullable(pending.get(id));
  }

  private static IllegalArgumentException unknown(Hash id) {
    return new IllegalArgumentException("unit " + id + " is not stored");
  }

  private static void insertSorted(List<Hash> list, Hash id) {
    int at = Collections.binarySearch(list, id);
    if (at < 0) {
      list.add(-at - 1, id);
    }
  }

  @Override
  public boolean contains(Hash id) {
    checkOpen();
    return units.containsKey(id);
  }

  @Override
  public Optional<Unit> unit(Hash id) {
    checkOpen();
    Entry e = units.get(id);
    return e == null ? Optional.empty() : Optional.of(e.unit);
  }

  @Override
  public OptionalLong height(Hash id) {
    checkOpen();
    Entry e = units.get(id);
    return e == null ? OptionalLong.empty() : OptionalLong.of(e.height);
  }

  @Override
  public Optional<UnitStatus> status(Hash id) {
    checkOpen();
    Entry e = units.get(id);
    return e == null ? Optional.empty() : Optional.of(e.status);
  }

  @Override
  public Optional<ValidatorBits> coverage(Hash id) {
    checkOpen();
    Entry e = units.get(id);
    return e == null ? Optional.empty() : Optional.ofNullable(e.coverage);
  }

  @Override
  public OptionalLong finalizedBy(Hash id) {
    checkOpen();
    Entry e = units.get(id);
    return e == null || e.finalizedBy < 0 ? OptionalLong.empty() : OptionalLong.of(e.finalizedBy);
  }

  @Override
  public List<Hash> children(Hash parent) {
    checkOpen();
    List<Hash> c = children.get(parent);
    return c == null ? List.of() : List.copyOf(c);
  }

  @Override
  public List<Hash> tips() {
    checkOpen();
    return List.copyOf(tips);
  }

  @Override
  public List<Hash> unitsAt(PublicKey author, long sequence) {
    checkOpen();
    List<Hash> ids = bySequence.get(new AuthorSeq(author, sequence));
    return ids == null ? List.of() : List.copyOf(ids);
  }

  @Override
  public OptionalLong lastSequence(PublicKey author) {
    checkOpen();
    Long s = lastSequence.get(author);
    return s == null ? OptionalLong.empty() : OptionalLong.of(s);
  }

  @Override
  public List<Hash> unitsCarrying(PublicKey validator, Hash verificationId) {
    checkOpen();
    List<Hash> ids = verificationIds.get(new ValidatorVid(validator, verificationId));
    return ids == null ? List.of() : List.copyOf(ids);
  }

  @Override
  public List<PublicKey> equivocators() {
    checkOpen();
    return List.copyOf(equivocators);
  }

  @Override
  public List<Hash> withStatus(UnitStatus status) {
    checkOpen();
    TreeMap<Hash, Boolean> out = new TreeMap<>();
    units.forEach(
        (id, e) -> {
          if (e.status == status) {
            out.put(id, Boolean.TRUE);
          }
        });
    return List.copyOf(out.keySet());
  }

  @Override
  public OptionalLong lastCheckpoint() {
    checkOpen();
    return lastCheckpoint < 0 ? OptionalLong.empty() : OptionalLong.of(lastCheckpoint);
  }

  @Override
  public long size() {
    checkOpen();
    return units.size();
  }

  @Override
  public void close() {
    closed = true;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the unit store is closed");
    }
  }

  @Override
  public String toString() {
    return "InMemoryUnitStore[" + units.size() + " units]";
  }
}
