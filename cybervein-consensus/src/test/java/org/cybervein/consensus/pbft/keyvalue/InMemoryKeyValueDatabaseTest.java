package org.cybervein.consensus.pbft.keyvalue;

import org.cybervein.api.store.InMemoryKeyValueStore;
import org.cybervein.api.store.KeyValueStore;

/** The database contract on the in-memory store. */
class InMemoryKeyValueDatabaseTest extends KeyValueDatabaseContract {
  @Override
  protected KeyValueStore createStore() {
    return new InMemoryKeyValueStore();
  }
}
