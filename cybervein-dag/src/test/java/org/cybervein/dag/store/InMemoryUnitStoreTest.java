package org.cybervein.dag.store;

/** The store contract on the heap store (which is not durable: no reopen). */
class InMemoryUnitStoreTest extends UnitStoreContractTest {
  @Override
  protected UnitStore createStore() {
    return new InMemoryUnitStore();
  }
}
