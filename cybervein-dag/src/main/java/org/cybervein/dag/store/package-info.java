/**
 * Where the DAG is kept: the {@link org.cybervein.dag.store.UnitStore} interface, whose one write,
 * {@link org.cybervein.dag.store.UnitStore#append(org.cybervein.dag.store.UnitBatch)}, is an atomic
 * and durable group commit, the heap implementation {@link
 * org.cybervein.dag.store.InMemoryUnitStore} and {@link org.cybervein.dag.store.KeyValueUnitStore},
 * which runs over any {@link org.cybervein.api.store.KeyValueStore}; it is durable over {@code
 * org.cybervein.store.lmdb.LmdbKeyValueStore} from the {@code cybervein-store-lmdb} module, the
 * store the ledger and the PBFT logs use as well.
 */
package org.cybervein.dag.store;
