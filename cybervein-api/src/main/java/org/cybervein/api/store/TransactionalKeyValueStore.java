package org.cybervein.api.store;

import java.util.Optional;
import java.util.function.Function;
import org.cybervein.api.Bytes;

/**
 * A {@link KeyValueStore} that can also run a read-modify-write as one atomic transaction.
 *
 * <p>For an index update that depends on stored state and must not be split (the DAG's unit store
 * checks parents and writes a unit's indexes in one transaction). A store that cannot offer it is
 * still a {@link KeyValueStore}; callers fall back to reads followed by one {@link WriteBatch}.
 */
public interface TransactionalKeyValueStore extends KeyValueStore {
  /**
   * Runs {@code work} inside one write transaction. It sees the state the transaction started from
   * plus its own writes, and the writes apply atomically and durably when this method returns, like
   * a {@link #write}.
   *
   * <p>If {@code work} throws, nothing of it is applied and the exception propagates. An
   * implementation may run {@code work} again from the start on a fresh transaction (LMDB does when
   * its map must grow), so {@code work} must not have effects outside the transaction. The {@link
   * Transaction} is valid only during the call.
   *
   * @param work the reads and writes to run atomically
   * @param <T> what {@code work} returns
   * @return what {@code work} returned
   */
  <T> T update(Function<? super Transaction, ? extends T> work);

  /**
   * Reads and writes inside one write transaction of {@link #update}. Keys are checked as
   * everywhere ({@link KeyValueStore#checkKey}). Not thread-safe; valid only during the call.
   */
  interface Transaction {
    /**
     * The value under {@code key}, as of the transaction (its own writes included).
     *
     * @param key the key
     * @return its value, or empty
     */
    Optional<Bytes> get(Bytes key);

    /**
     * The first entry in {@code range}, as of the transaction.
     *
     * @param range the key range
     * @return the entry with the smallest key in range, or empty
     */
    Optional<KeyValue> first(KeyRange range);

    /**
     * Puts a value.
     *
     * @param key the key
     * @param value the value
     */
    void put(Bytes key, Bytes value);

    /**
     * Deletes a key; deleting an absent key is not an error.
     *
     * @param key the key
     */
    void delete(Bytes key);

    /**
     * Puts a value unless the key is present.
     *
     * @param key the key
     * @param value the value
     * @return false (and nothing written) if the key was present
     */
    boolean putIfAbsent(Bytes key, Bytes value);
  }
}
