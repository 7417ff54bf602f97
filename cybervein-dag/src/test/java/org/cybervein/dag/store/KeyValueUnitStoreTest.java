package org.cybervein.dag.store;

import org.cybervein.api.store.InMemoryKeyValueStore;

/** The same unit store over the in-memory key-value store: the layout, without LMDB. */
class KeyValueUnitStoreTest extends UnitStoreContractTest {
  @Override
  protected UnitStore createStore() {
    return KeyValueUnitStore.open(new InMemoryKeyValueStore());
  }
}
