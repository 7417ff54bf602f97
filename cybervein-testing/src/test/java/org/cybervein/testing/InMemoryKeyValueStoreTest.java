package org.cybervein.testing;

import org.cybervein.api.store.InMemoryKeyValueStore;
import org.cybervein.api.store.KeyValueStore;

/** The in-memory store against the store contract. */
class InMemoryKeyValueStoreTest extends KeyValueStoreContractTest {
  @Override
  protected KeyValueStore createStore() {
    return new InMemoryKeyValueStore();
  }
}
