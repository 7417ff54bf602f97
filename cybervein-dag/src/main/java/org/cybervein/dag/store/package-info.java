/**
 * Durable storage of the DAG layer on LMDB: {@link org.cybervein.dag.store.LmdbKeyValueStore}, the
 * SDK's durable {@link org.cybervein.api.store.KeyValueStore}, which the ledger and the PBFT logs
 * reuse as well.
 */
package org.cybervein.dag.store;
