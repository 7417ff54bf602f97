/**
 * The SDK's durable {@link org.cybervein.api.store.KeyValueStore}: {@link
 * org.cybervein.store.lmdb.LmdbKeyValueStore}, on LMDB through lmdbjava's byte-array proxy, so a
 * host adds no JVM flags. It depends on {@code cybervein-api} only; the DAG's unit store, the
 * ledger's state and chain and PBFT's replica store all run over it through the api interfaces.
 */
package org.cybervein.store.lmdb;
