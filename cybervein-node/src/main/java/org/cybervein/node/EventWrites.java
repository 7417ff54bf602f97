package org.cybervein.node;

import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.cybervein.api.Bytes;
import org.cybervein.api.store.KeyRange;
import org.cybervein.api.store.KeyValue;
import org.cybervein.api.store.KeyValueStore;
import org.cybervein.api.store.WriteBatch;

/**
 * The writes of a replica's current event, held in memory and applied to the backing store as one
 * batch (one LMDB write transaction) by {@link #commit}: the member commits before the first
 * message of an event leaves and at the end of the event, so an event that writes its accepted
 * PRE-PREPARE, its prepared claim, an executed log and a hundred database operations pays one
 * commit instead of one per put.
 *
 * <p>Reads see the event's own writes: {@link #get} looks in the pending writes first, and a {@link
 * #scan} merges a copy of the pending writes in its range (puts replace, deletes hide) over the
 * backing store's scan, both taken at the same moment, so a scan is still a snapshot of its start.
 * A {@link #write} is atomic (it lands in one commit with the rest of the event) but durable only
 * once {@link #commit} has returned and the backing store synced, which is what the member's {@link
 * GroupCommit} arranges before any message that depends on it leaves.
 *
 * <p>Thread-safe (one private lock around the pending writes); a replica writes from its one event
 * thread and status readers read between events.
 */
final class EventWrites implements KeyValueStore {
  private final KeyValueStore backing;
  private final Object lock = new Object();
  // Guarded by lock: key -> new value, or empty for a delete, since the last commit.
  private final TreeMap<Bytes, Optional<Bytes>> pending = new TreeMap<>();
  private volatile boolean closed;

  /**
   * @param backing the store the writes land in; {@link #close} closes it
   */
  EventWrites(KeyValueStore backing) {
    this.backing = Objects.requireNonNull(backing, "backing");
  }

  @Override
  public Optional<Bytes> get(Bytes key) {
    KeyValueStore.checkKey(key);
    synchronized (lock) {
      checkOpen();
      Optional<Bytes> mine = pending.get(key);
      if (mine != null) {
        return mine;
      }
    }
    return backing.get(key);
  }

  @Override
  public void write(WriteBatch batch) {
    Objects.requireNonNull(batch, "batch");
    synchronized (lock) {
      checkOpen();
      // In order, so a later operation on the same key wins as within one batch.
      for (WriteBatch.Operation op : batch.operations()) {
        pending.put(op.key(), op.value());
      }
    }
  }

  @Override
  public Scan scan(KeyRange range) {
    Objects.requireNonNull(range, "range");
    synchronized (lock) {
      checkOpen();
      // Both halves under the lock: no commit moves writes from one to the other in between.
      NavigableMap<Bytes, Optional<Bytes>> mine =
          range.toExclusive().isPresent()
              ? pending.subMap(range.from(), true, range.toExclusive().get(), false)
              : pending.tailMap(range.from(), true);
      return new MergedScan(backing.scan(range), new TreeMap<>(mine).entrySet().iterator());
    }
  }

  /**
   * True if writes wait for {@link #commit}.
   *
   * @return whether anything was written since the last commit
   */
  boolean hasPending() {
    synchronized (lock) {
      return !pending.isEmpty();
    }
  }

  /**
   * Applies every write since the last commit to the backing store as one batch (in key order, the
   * last operation on each key), unless there is none.
   *
   * @return true if a batch was written, false if nothing was pending
   */
  boolean commit() {
    synchronized (lock) {
      checkOpen();
      if (pending.isEmpty()) {
        return false;
      }
      WriteBatch.Builder batch = WriteBatch.builder();
      for (Map.Entry<Bytes, Optional<Bytes>> e : pending.entrySet()) {
        if (e.getValue().isPresent()) {
          batch.put(e.getKey(), e.getValue().get());
        } else {
          batch.delete(e.getKey());
        }
      }
      // Cleared only once the batch is in: a failed write leaves the writes pending, visible.
      backing.write(batch.build());
      pending.clear();
      return true;
    }
  }

  /** Commits what is pending, then closes the backing store. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      try {
        commit();
      } finally {
        closed = true;
        backing.close();
      }
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("store is closed");
    }
  }

  /** The backing scan with a copy of the pending writes in its range laid over it. */
  private final class MergedScan implements Scan {
    private final Scan base;
    private final Iterator<Map.Entry<Bytes, Optional<Bytes>>> mine;
    private KeyValue peekBase;
    private Map.Entry<Bytes, Optional<Bytes>> peekMine;
    private KeyValue next;
    private boolean open = true;

    MergedScan(Scan base, Iterator<Map.Entry<Bytes, Optional<Bytes>>> mine) {
      this.base = base;
      this.mine = mine;
      this.peekBase = base.hasNext() ? base.next() : null;
      this.peekMine = mine.hasNext() ? mine.next() : null;
      this.next = advance();
    }

    private KeyValue advance() {
      while (peekBase != null || peekMine != null) {
        int c =
            peekBase == null
                ? 1
                : peekMine == null ? -1 : peekBase.key().compareTo(peekMine.getKey());
        if (c < 0) {
          KeyValue out = peekBase;
          peekBase = base.hasNext() ? base.next() : null;
          return out;
        }
        Map.Entry<Bytes, Optional<Bytes>> own = peekMine;
        peekMine = mine.hasNext() ? mine.next() : null;
        if (c == 0) {
          peekBase = base.hasNext() ? base.next() : null;
        }
        if (own.getValue().isPresent()) {
          return new KeyValue(own.getKey(), own.getValue().get());
        }
        // A pending delete hides the stored entry (or nothing).
      }
      return null;
    }

    @Override
    public synchronized boolean hasNext() {
      checkScanOpen();
      return next != null;
    }

    @Override
    public synchronized KeyValue next() {
      checkScanOpen();
      if (next == null) {
        throw new NoSuchElementException("scan is exhausted");
      }
      KeyValue out = next;
      next = advance();
      return out;
    }

    private void checkScanOpen() {
      if (!open || closed) {
        throw new IllegalStateException(closed ? "store is closed" : "scan is closed");
      }
    }

    @Override
    public synchronized void close() {
      if (open) {
        open = false;
        next = null;
        base.close();
      }
    }
  }
}
