package org.cybervein.store.lmdb;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.cybervein.api.store.KeyValueStore;
import org.cybervein.testing.KeyValueStoreContractTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LMDB store against the store contract. Without fsync: the contract opens hundreds of stores
 * and writes thousands of batches, and fsync changes no visible behaviour; the durable default is
 * what {@link LmdbKeyValueStoreTest} and {@link LmdbKeyValueStoreCrashTest} exercise.
 */
class LmdbKeyValueStoreContractTest extends KeyValueStoreContractTest {
  @TempDir Path tempDir;
  private final AtomicInteger stores = new AtomicInteger();

  @Override
  protected KeyValueStore createStore() {
    // Several stores per test (the model-based property opens one per example): one directory each.
    return LmdbKeyValueStore.builder(tempDir.resolve("store-" + stores.incrementAndGet()))
        .durability(LmdbKeyValueStore.Durability.NO_SYNC)
        .open();
  }
}
