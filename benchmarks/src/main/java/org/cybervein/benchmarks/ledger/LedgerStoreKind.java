package org.cybervein.benchmarks.ledger;

/** Where a ledger benchmark keeps its state (a JMH parameter). */
public enum LedgerStoreKind {
  /** {@code InMemoryKeyValueStore}. */
  MEMORY,
  /** {@code LmdbKeyValueStore} with fsync on every commit (one per block). */
  LMDB_SYNC,
  /** {@code LmdbKeyValueStore} without fsync: the tree and LMDB without the disk. */
  LMDB_NOSYNC
}
