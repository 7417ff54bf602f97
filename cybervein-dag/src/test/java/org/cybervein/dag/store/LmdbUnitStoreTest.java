package org.cybervein.dag.store;

import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.cybervein.store.lmdb.LmdbKeyValueStore;
import org.junit.jupiter.api.io.TempDir;

/** The unit store contract on LMDB, including reopening. */
class LmdbUnitStoreTest extends UnitStoreContractTest {
  @TempDir Path tempDir;
  private final AtomicInteger stores = new AtomicInteger();
  private final Map<UnitStore, Path> directories = new IdentityHashMap<>();

  @Override
  protected UnitStore createStore() {
    Path dir = tempDir.resolve("units-" + stores.incrementAndGet());
    KeyValueUnitStore store = KeyValueUnitStore.open(LmdbKeyValueStore.open(dir));
    directories.put(store, dir);
    return store;
  }

  @Override
  protected boolean supportsReopen() {
    return true;
  }

  @Override
  protected UnitStore reopen(UnitStore closed) {
    Path dir = directories.get(closed);
    KeyValueUnitStore store = KeyValueUnitStore.open(LmdbKeyValueStore.open(dir));
    directories.put(store, dir);
    return store;
  }
}
