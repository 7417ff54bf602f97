package org.cybervein.consensus.pbft.keyvalue;

import java.util.Objects;
import java.util.Optional;
import org.cybervein.api.Bytes;

/**
 * One operation on the replicated key-value database: the operation {@code o} that a client puts in
 * a PBFT request and that every replica executes in sequence order. Encoded by {@link DbCodec}.
 *
 * <p>Keys are 1 to {@link #MAX_KEY_SIZE} bytes and values at most {@link #MAX_VALUE_SIZE} bytes; a
 * constructor rejects anything else with {@link IllegalArgumentException} (the decoder turns the
 * same check into {@link InvalidDatabaseInputException}).
 */
public sealed interface DbOperation
    permits DbOperation.Put, DbOperation.Get, DbOperation.Delete, DbOperation.CompareAndSet {
  /** The longest key, in bytes: leaves room for a namespace in every store's 511-byte limit. */
  int MAX_KEY_SIZE = 255;

  /** The longest value, in bytes (1 MiB). */
  int MAX_VALUE_SIZE = 1 << 20;

  /**
   * The key the operation reads or writes.
   *
   * @return the key, 1 to {@link #MAX_KEY_SIZE} bytes
   */
  Bytes key();

  /**
   * True for operations that never change the state ({@link Get}).
   *
   * @return true for a read, false for writes
   */
  default boolean isReadOnly() {
    return false;
  }

  /**
   * Writes {@code value} under {@code key}. Its result carries the value that was there before only
   * if {@code returnPrevious} is set: a plain put neither reads the old value nor sends it back in
   * every replica's reply (etcd's {@code prev_kv} is the same choice).
   *
   * @param key the key
   * @param value the new value, possibly empty
   * @param returnPrevious whether the result carries the value that was there before
   */
  record Put(Bytes key, Bytes value, boolean returnPrevious) implements DbOperation {
    /**
     * Checks the key and value sizes.
     *
     * @param key the key
     * @param value the new value, possibly empty
     * @param returnPrevious whether the result carries the value that was there before
     */
    public Put {
      checkKey(key);
      checkValue(value);
    }

    /**
     * A put whose result carries no value.
     *
     * @param key the key
     * @param value the new value, possibly empty
     */
    public Put(Bytes key, Bytes value) {
      this(key, value, false);
    }
  }

  /**
   * Reads the value under {@code key}.
   *
   * @param key the key
   */
  record Get(Bytes key) implements DbOperation {
    /**
     * Checks the key size.
     *
     * @param key the key
     */
    public Get {
      checkKey(key);
    }

    @Override
    public boolean isReadOnly() {
      return true;
    }
  }

  /**
   * Removes {@code key}; removing an absent key is not an error.
   *
   * @param key the key
   */
  record Delete(Bytes key) implements DbOperation {
    /**
     * Checks the key size.
     *
     * @param key the key
     */
    public Delete {
      checkKey(key);
    }
  }

  /**
   * If the value under {@code key} equals {@code expected} (empty: the key must be absent), writes
   * {@code newValue} (empty: deletes the key); otherwise changes nothing.
   *
   * @param key the key
   * @param expected the value the key must hold, or empty if it must be absent
   * @param newValue the value to write, or empty to delete the key
   */
  record CompareAndSet(Bytes key, Optional<Bytes> expected, Optional<Bytes> newValue)
      implements DbOperation {
    /**
     * Checks the key and value sizes.
     *
     * @param key the key
     * @param expected the value the key must hold, or empty if it must be absent
     * @param newValue the value to write, or empty to delete the key
     */
    public CompareAndSet {
      checkKey(key);
      Objects.requireNonNull(expected, "expected").ifPresent(DbOperation::checkValue);
      Objects.requireNonNull(newValue, "newValue").ifPresent(DbOperation::checkValue);
    }
  }

  /** Throws {@link IllegalArgumentException} unless the key is 1 to MAX_KEY_SIZE bytes. */
  private static void checkKey(Bytes key) {
    Objects.requireNonNull(key, "key");
    if (key.isEmpty() || key.size() > MAX_KEY_SIZE) {
      throw new IllegalArgumentException(
          "a database key is 1 to " + MAX_KEY_SIZE + " bytes, got " + key.size());
    }
  }

  /** Throws {@link IllegalArgumentException} if the value is longer than MAX_VALUE_SIZE. */
  private static void checkValue(Bytes value) {
    Objects.requireNonNull(value, "value");
    if (value.size() > MAX_VALUE_SIZE) {
      throw new IllegalArgumentException(
          "a database value is at most " + MAX_VALUE_SIZE + " bytes, got " + value.size());
    }
  }
}
