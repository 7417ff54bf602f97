package org.cybervein.api.store;

import java.util.Objects;
import org.cybervein.api.Bytes;

/**
 * One entry of a {@link KeyValueStore}.
 *
 * @param key the key
 * @param value the value stored under it
 */
public record KeyValue(Bytes key, Bytes value) {
  /**
   * Rejects null parts.
   *
   * @param key the key
   * @param value the value stored under it
   */
  public KeyValue {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }
}
