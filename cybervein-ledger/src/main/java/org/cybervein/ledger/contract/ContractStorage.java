package org.cybervein.ledger.contract;

import java.util.Optional;
import org.cybervein.api.Bytes;

/**
 * A native contract's own part of the ledger state: a map from keys to values that only this
 * contract (this exact {@link ContractId}) reads and writes. Every entry lands in the state
 * commitment under a key derived from the contract id and the entry key, so a light client can
 * check an entry against a block header.
 *
 * <p>Writes made during a call that then fails are discarded with the rest of the transaction.
 */
public interface ContractStorage {
  /** The longest entry key, in bytes. */
  int MAX_KEY_SIZE = 256;

  /** The longest entry value, in bytes. */
  int MAX_VALUE_SIZE = 64 * 1024;

  /**
   * The value under {@code key}, if any.
   *
   * @param key the entry's key within this contract's storage
   * @return the value, or empty if there is none
   */
  Optional<Bytes> get(Bytes key);

  /**
   * Stores {@code value} under {@code key}.
   *
   * @param key the key, 1 to {@link #MAX_KEY_SIZE} bytes
   * @param value the value, 1 to {@link #MAX_VALUE_SIZE} bytes
   * @throws IllegalArgumentException if the key is empty or longer than {@link #MAX_KEY_SIZE}, or
   *     the value is empty or longer than {@link #MAX_VALUE_SIZE} (contracts check their input
   *     before writing)
   */
  void put(Bytes key, Bytes value);

  /**
   * Removes the entry under {@code key}; nothing happens if there is none.
   *
   * @param key the entry's key within this contract's storage
   */
  void delete(Bytes key);
}
