package org.cybervein.ledger.testing;

import java.util.Optional;
import java.util.TreeSet;
import org.cybervein.api.Bytes;
import org.cybervein.api.store.KeyRange;
import org.cybervein.api.store.KeyValueStore;
import org.cybervein.api.store.StoreException;
import org.cybervein.api.store.WriteBatch;

/**
 * A store that fails like a crashing node: the writes whose numbers (counted from 1 over the
 * wrapper's life) were chosen throw {@link StoreException}, either before the write reaches the
 * store underneath (the process died before the commit) or after it (died right after). Reads pass
 * through. The store underneath is what a restarted node would find.
 */
public final class FailingKeyValueStore implements KeyValueStore {
  private final KeyValueStore underlying;
  private final TreeSet<Long> failAt;
  private final boolean afterWrite;
  private long writes;

  /** Fails the writes numbered in {@code failAt}, before or after passing them on. */
  public FailingKeyValueStore(KeyValueStore underlying, TreeSet<Long> failAt, boolean afterWrite) {
    this.underlying = underlying;
    this.failAt = new TreeSet<>(failAt);
    this.afterWrite = afterWrite;
  }

  /** How many writes were attempted so far. */
  public long writes() {
    return writes;
  }

  @Override
  public Optional<Bytes> get(Bytes key) {
    return underlying.get(key);
  }

  @Override
  public void write(WriteBatch batch) {
    writes++;
    boolean fail = failAt.contains(writes);
    if (fail && !afterWrite) {
      throw new StoreException("injected failure before write " + writes);
    }
    underlying.write(batch);
    if (fail) {
      throw new StoreException("injected failure after write " + writes);
    }
  }

  @Override
  public Scan scan(KeyRange range) {
    return underlying.scan(range);
  }

  @Override
  public void close() {
    underlying.close();
  }
}
