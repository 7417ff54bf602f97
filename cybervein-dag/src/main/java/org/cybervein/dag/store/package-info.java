/**
 * Where the DAG is kept: the {@link org.cybervein.dag.store.UnitStore} interface, whose one write,
 * {@link org.cybervein.dag.store.UnitStore#append(org.cybervein.dag.store.UnitBatch)}, is an atomic
 * and durable group commit, and the heap implementation {@link
 * org.cybervein.dag.store.InMemoryUnitStore}.
 */
package org.cybervein.dag.store;
