package org.cybervein.api.store;

import java.util.Iterator;
import java.util.Optional;
import org.cybervein.api.Bytes;

/**
 * The one storage interface of the SDK: ordered byte keys, atomic batches, range scans.
 *
 * <p>DAG units, ledger state and PBFT logs all persist through it. Keys are ordered
 * unsigned-lexicographically ({@link Bytes#compareTo}). {@link #write} is atomic and durable once
 * it returns: a write that returned survives a killed process (for a durable implementation).
 * Storage failures (disk full, corrupt file) are thrown as {@link StoreException}.
 *
 * <p>Keys are 1 to {@link #MAX_KEY_SIZE} bytes in every implementation (LMDB's limit), so that code
 * tested on the in-memory store runs unchanged on the durable one; a key outside that range is a
 * programming error ({@link IllegalArgumentException}). Values may be empty.
 *
 * <p>{@link InMemoryKeyValueStore} is the in-memory implementation; {@code cybervein-store-lmdb}
 * has the LMDB one.
 */
public interface KeyValueStore extends AutoCloseable {
  /** The longest key any store accepts, in bytes. */
  int MAX_KEY_SIZE = 511;

  /**
   * Checks that {@code key} is 1 to {@link #MAX_KEY_SIZE} bytes long.
   *
   * @param key the key to check
   * @return {@code key}
   * @throws IllegalArgumentException if it is not
   */
  static Bytes checkKey(Bytes key) {
    if (key.isEmpty() || key.size() > MAX_KEY_SIZE) {
      throw new IllegalArgumentException(
          "a key is 1 to " + MAX_KEY_SIZE + " bytes, got " + key.size());
    }
    return key;
  }

  /**
   * The value under {@code key}, if any.
   *
   * @param key the key, 1 to {@link #MAX_KEY_SIZE} bytes
   * @return the stored value, or empty if the key is absent
   */
  Optional<Bytes> get(Bytes key);

  /**
   * Applies every operation of {@code batch} atomically.
   *
   * @param batch the puts and deletes to apply together, in order: either all of them are applied
   *     or none
   */
  void write(WriteBatch batch);

  /**
   * Puts one value; the same as a batch of one put.
   *
   * @param key the key, 1 to {@link #MAX_KEY_SIZE} bytes
   * @param value the value to store; it replaces any earlier value
   */
  default void put(Bytes key, Bytes value) {
    write(WriteBatch.builder().put(key, value).build());
  }

  /**
   * Deletes one key; the same as a batch of one delete.
   *
   * @param key the key, 1 to {@link #MAX_KEY_SIZE} bytes; an absent key is not an error
   */
  default void delete(Bytes key) {
    write(WriteBatch.builder().delete(key).build());
  }

  /**
   * The entries in {@code range} in key order, as of one consistent snapshot taken when the scan
   * starts. Close the scan when done with it (try-with-resources), or the snapshot stays pinned.
   *
   * @param range the keys to visit
   * @return an open scan over the entries in {@code range}, in ascending unsigned byte order of the
   *     keys
   */
  Scan scan(KeyRange range);

  /** Releases the store's resources; later calls fail with {@link IllegalStateException}. */
  @Override
  void close();

  /** An iteration over a snapshot of a key range; close it to release the snapshot. */
  interface Scan extends Iterator<KeyValue>, AutoCloseable {
    @Override
    void close();
  }
}
