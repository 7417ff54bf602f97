package org.cybervein.dag.store;

import java.util.HashSet;
import java.util.Set;
import org.cybervein.api.Bytes;
import org.cybervein.api.store.KeyRange;
import org.cybervein.api.store.KeyValueStore;
import org.cybervein.api.store.TransactionalKeyValueStore;
import org.cybervein.api.store.WriteBatch;

/**
 * Where one append of {@link KeyValueUnitStore} reads the stored state and puts its writes; keys
 * are well-formed. Over a {@link TransactionalKeyValueStore} it is one write transaction (checks,
 * index reads and writes see one state); over any other store, reads go to the store and writes
 * into one {@link WriteBatch}.
 */
interface AppendTx {

  /** The value under the key, or null. */
  byte[] get(byte[] key);

  /** True if some key begins with {@code prefix}. */
  boolean anyWithPrefix(Bytes prefix);

  /** Puts a value, replacing any. */
  void put(byte[] key, byte[] value);

  /** Puts unless the key is present; false if it is. */
  boolean putNew(byte[] key, byte[] value);

  /** Deletes a key; an absent key is no error. */
  void delete(byte[] key);

  /** A store's write transaction: reads need no read transaction, and the writes commit at once. */
  static AppendTx over(TransactionalKeyValueStore.Transaction t) {
    return new AppendTx() {
      @Override
      public byte[] get(byte[] key) {
        return t.get(Bytes.of(key)).map(Bytes::toByteArray).orElse(null);
      }

      @Override
      public boolean anyWithPrefix(Bytes prefix) {
        return t.first(KeyRange.prefix(prefix)).isPresent();
      }

      @Override
      public void put(byte[] key, byte[] value) {
        t.put(Bytes.of(key), Bytes.of(value));
      }

      @Override
      public boolean putNew(byte[] key, byte[] value) {
        return t.putIfAbsent(Bytes.of(key), Bytes.of(value));
      }

      @Override
      public void delete(byte[] key) {
        t.delete(Bytes.of(key));
      }
    };
  }

  /** Any other store: reads from it, writes collected into one batch. */
  static AppendTx over(KeyValueStore kv, WriteBatch.Builder writes) {
    return new AppendTx() {
      // The batch's own new keys, so that a unit given twice is caught like in LMDB.
      private final Set<Bytes> written = new HashSet<>();

      @Override
      public byte[] get(byte[] key) {
        return kv.get(Bytes.of(key)).map(Bytes::toByteArray).orElse(null);
      }

      @Override
      public boolean anyWithPrefix(Bytes prefix) {
        try (KeyValueStore.Scan scan = kv.scan(KeyRange.prefix(prefix))) {
          return scan.hasNext();
        }
      }

      @Override
      public void put(byte[] key, byte[] value) {
        writes.put(Bytes.of(key), Bytes.of(value));
      }

      @Override
      public boolean putNew(byte[] key, byte[] value) {
        Bytes k = Bytes.of(key);
        if (!written.add(k) || kv.get(k).isPresent()) {
          return false;
        }
        writes.put(k, Bytes.of(value));
        return true;
      }

      @Override
      public void delete(byte[] key) {
        writes.delete(Bytes.of(key));
      }
    };
  }
}
