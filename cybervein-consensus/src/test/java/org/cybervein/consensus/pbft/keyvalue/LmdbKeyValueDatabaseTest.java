package org.cybervein.consensus.pbft.keyvalue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cybervein.api.store.KeyValueStore;
import org.cybervein.store.lmdb.LmdbKeyValueStore;
import org.junit.jupiter.api.io.TempDir;

/** The database contract on LMDB, one environment per store in a temporary directory. */
class LmdbKeyValueDatabaseTest extends KeyValueDatabaseContract {
  @TempDir Path directory;
  private int stores;

  @Override
  protected KeyValueStore createStore() {
    try {
      // No fsync: the contract checks what the database does, not what survives a power loss.
      return LmdbKeyValueStore.builder(Files.createDirectory(directory.resolve("env" + stores++)))
          .mapSize(64L << 20)
          .durability(LmdbKeyValueStore.Durability.NO_SYNC)
          .open();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Each example opens an environment and writes durably, so fewer examples than in memory. */
  @Override
  protected int examples() {
    return Math.min(40, super.examples());
  }
}
