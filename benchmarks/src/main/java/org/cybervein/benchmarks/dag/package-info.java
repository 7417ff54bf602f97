/**
 * JMH benchmarks for {@code cybervein-dag}: raw LMDB puts and gets (the physical limit of the
 * durable store), {@link org.cybervein.store.lmdb.LmdbKeyValueStore} on top of them, the cost of
 * lmdbjava's byte-array proxy against its {@code ByteBuffer} proxy, {@link
 * org.cybervein.dag.store.KeyValueUnitStore} group commits, and the DAG's pre-verified and verified
 * ingest next to raw Ed25519 verification and raw LMDB puts measured in the same run.
 */
package org.cybervein.benchmarks.dag;
