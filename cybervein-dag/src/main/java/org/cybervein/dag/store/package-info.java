/**
 * Where the DAG is kept: the {@link org.cybervein.dag.store.UnitStore} interface, whose one write,
 * {@link org.cybervein.dag.store.UnitStore#append(org.cybervein.dag.store.UnitBatch)}, is an atomic
 * and durable group commit, the heap implementation {@link
 * org.cybervein.dag.store.InMemoryUnitStore} and the LMDB one {@link
 * org.cybervein.dag.store.KeyValueUnitStore}; and {@link
 * org.cybervein.store.lmdb.LmdbKeyValueStore}, the SDK's durable {@link
 * org.cybervein.api.store.KeyValueStore}, which the ledger and the PBFT logs reuse as well.
 */
package org.cybervein.dag.store;
