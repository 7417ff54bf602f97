package org.cybervein.api.store;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.cybervein.api.Bytes;

/**
 * A {@link KeyValueStore} in the heap, for tests, simulations and caches. Thread-safe.
 *
 * <p>Nothing survives the process. A scan copies its range when it starts, which gives it the same
 * snapshot semantics as the durable store at the cost of memory proportional to the range.
 */
public final class InMemoryKeyValueStore implements KeyValueStore {
  private final NavigableMap<Bytes, Bytes> entries = new TreeMap<>();
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  /** An empty store. */
  public InMemoryKeyValueStore() {}

  @Override
  public Optional<Bytes> get(Bytes key) {
    KeyValueStore.checkKey(key);
    lock.readLock().lock();
    try {
      checkOpen();
      return Optional.ofNullable(entries.get(key));
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void write(WriteBatch batch) {
    lock.writeLock().lock();
    try {
      checkOpen();
      for (WriteBatch.Operation op : batch.operations()) {
        if (op.value().isPresent()) {
          entries.put(op.key(), op.value().get());
        } else {
          entries.remove(op.key());
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public Scan scan(KeyRange range) {
    List<KeyValue> snapshot = new ArrayList<>();
    lock.readLock().lock();
    try {
      checkOpen();
      NavigableMap<Bytes, Bytes> view =
          range.toExclusive().isPresent()
              ? entries.subMap(range.from(), true, range.toExclusive().get(), false)
              : entries.tailMap(range.from(), true);
      for (Map.Entry<Bytes, Bytes> e : view.entrySet()) {
        snapshot.add(new KeyValue(e.getKey(), e.getValue()));
      }
    } finally {
      lock.readLock().unlock();
    }
    Iterator<KeyValue> it = snapshot.iterator();
    return new Scan() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public KeyValue next() {
        return it.next();
      }

      @Override
      public void close() {}
    };
  }

  /**
   * The number of entries.
   *
   * @return the number of keys that have a value
   */
  public int size() {
    lock.readLock().lock();
    try {
      return entries.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      closed = true;
      entries.clear();
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("store is closed");
    }
  }
}
