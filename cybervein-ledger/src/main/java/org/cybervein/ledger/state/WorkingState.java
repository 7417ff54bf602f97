package org.cybervein.ledger.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;

/**
 * The writes of one block over the committed state, with a journal for savepoints. Writes are kept
 * in key order, so committing them does not depend on the order they were made in.
 */
final class WorkingState implements MutableState {
  /** A journal entry: the overlay's entry for {@code key} before a write (null: none). */
  private record Undo(Hash key, Optional<Bytes> previous) {}

  private final Function<Hash, Optional<Bytes>> committed;
  private final TreeMap<Hash, Optional<Bytes>> writes = new TreeMap<>();
  private final List<Undo> journal = new ArrayList<>();
  // Committed values read so far; the committed state does not change while a block runs.
  private final Map<Hash, Optional<Bytes>> reads = new HashMap<>();

  WorkingState(Function<Hash, Optional<Bytes>> committed) {
    this.committed = committed;
  }

  @Override
  public Optional<Bytes> get(Hash stateKey) {
    Optional<Bytes> w = writes.get(Objects.requireNonNull(stateKey, "stateKey"));
    return w != null ? w : committed(stateKey);
  }

  /** The value of {@code stateKey} before this block. */
  Optional<Bytes> committed(Hash stateKey) {
    Optional<Bytes> v = reads.get(stateKey);
    if (v == null) {
      v = committed.apply(stateKey);
      reads.put(stateKey, v);
    }
    return v;
  }

  @Override
  public void put(Hash stateKey, Bytes value) {
    write(Objects.requireNonNull(stateKey, "stateKey"), Optional.of(value));
  }

  @Override
  public void delete(Hash stateKey) {
    write(Objects.requireNonNull(stateKey, "stateKey"), Optional.empty());
  }

  private void write(Hash key, Optional<Bytes> value) {
    journal.add(new Undo(key, writes.put(key, value)));
  }

  @Override
  public int savepoint() {
    return journal.size();
  }

  @Override
  public void rollbackTo(int savepoint) {
    if (savepoint < 0 || savepoint > journal.size()) {
      throw new IllegalArgumentException("no savepoint " + savepoint);
    }
    for (int i = journal.size() - 1; i >= savepoint; i--) {
      Undo u = journal.remove(i);
      if (u.previous() == null) {
        writes.remove(u.key());
      } else {
        writes.put(u.key(), u.previous());
      }
    }
  }

  /** Every write, by key; the latest per key. */
  SortedMap<Hash, Optional<Bytes>> writes() {
    return writes;
  }
}
