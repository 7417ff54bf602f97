package org.cybervein.api.store;

/** The in-memory store against the store contract. */
class InMemoryKeyValueStoreTest extends KeyValueStoreContractTest {
  @Override
  protected KeyValueStore createStore() {
    return new InMemoryKeyValueStore();
  }
}
