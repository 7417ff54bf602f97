package org.cybervein.dag.store;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A thread-safe map that forgets its least recently used entry beyond a fixed size: the unit
 * store's read cache in front of LMDB, so that the recent units a DAG step asks about most (the
 * parents of new units) are answered without a read transaction.
 */
final class BoundedCache<K, V> {
  private final Map<K, V> map;

  BoundedCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, got " + capacity);
    }
    this.map =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > capacity;
          }
        };
  }

  synchronized V get(K key) {
    return map.get(key);
  }

  synchronized void put(K key, V value) {
    map.put(key, value);
  }

  synchronized void clear() {
    map.clear();
  }
}
