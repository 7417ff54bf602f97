package org.cybervein.consensus.pbft;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.TreeMap;
import org.cybervein.api.Bytes;
import org.cybervein.api.store.KeyRange;
import org.cybervein.api.store.KeyValue;
import org.cybervein.api.store.KeyValueStore;
import org.cybervein.api.store.WriteBatch;
import org.cybervein.api.wire.v1.PbftProto;

/**
 * The durable part of a replica, in a {@link KeyValueStore}. Keys are {@code "pbft/" || letter ||
 * u64be(n)}:
 *
 * <ul>
 *   <li>{@code V}: the view and whether it is active (written before any VIEW-CHANGE is sent);
 *   <li>{@code C}: the stable checkpoint, its certificate and snapshot;
 *   <li>{@code A n}: the PRE-PREPARE accepted for n (written before PREPARE is sent, and by a
 *       primary before it sends the PRE-PREPARE, so a restarted primary cannot equivocate);
 *   <li>{@code P n}: the prepared claim for n (written before COMMIT is sent): a PRE-PREPARE
 *       without requests when they are those of {@code A n} (same digest), so a batch is stored
 *       once; rewritten with its requests before {@code A n} takes another batch;
 *   <li>{@code Q n}: the pre-prepared claims for n;
 *   <li>{@code L n}: log n as executed (replayed after a restart).
 * </ul>
 *
 * Entries at or below the stable checkpoint are deleted when it advances.
 */
final class ReplicaStore {
  private static final byte[] PREFIX = "pbft/".getBytes(StandardCharsets.US_ASCII);

  /**
   * The most sequence numbers per letter that {@link #saveStable} deletes one by one; a longer
   * stretch (a state transfer far ahead) is found by a scan instead.
   */
  private static final long MAX_DIRECT_DELETES = 4096;

  private final KeyValueStore store;
  // Every A, P, Q and L entry at or below this n is deleted; -1 while unknown (a fresh process,
  // or after an entry was written at or below it). Lets a checkpoint delete its interval's
  // entries by key instead of scanning them, which reads every stored batch back into memory.
  private long deletedUpTo = -1;

  ReplicaStore(KeyValueStore store) {
    this.store = store;
  }

  static Bytes key(char letter, long n) {
    ByteBuffer b = ByteBuffer.allocate(PREFIX.length + 1 + Long.BYTES);
    b.put(PREFIX).put((byte) letter).putLong(n);
    return Bytes.of(b.array());
  }

  static Bytes key(char letter) {
    return Bytes.of(PREFIX).concat(Bytes.of(new byte[] {(byte) letter}));
  }

  void saveView(long view, boolean active) {
    ByteBuffer b = ByteBuffer.allocate(9).putLong(view).put((byte) (active ? 1 : 0));
    store.put(key('V'), Bytes.of(b.array()));
  }

  /** The saved view and activity, if any. */
  Optional<long[]> loadView() {
    return store
        .get(key('V'))
        .map(
            v -> {
              ByteBuffer b = ByteBuffer.wrap(v.toByteArray());
              return new long[] {b.getLong(), b.get()};
            });
  }

  void put(char letter, long n, com.google.protobuf.MessageLite message) {
    put(letter, n, Bytes.encodingOf(message));
  }

  void put(char letter, long n, Bytes encoded) {
    if (n <= deletedUpTo) {
      deletedUpTo = -1;
    }
    store.put(key(letter, n), encoded);
  }

  void saveStable(PbftProto.PbftStateTransfer stable, long deleteUpTo) {
    WriteBatch.Builder batch = WriteBatch.builder();
    batch.put(key('C'), Bytes.encodingOf(stable));
    boolean direct = deletedUpTo >= 0 && deleteUpTo - deletedUpTo <= MAX_DIRECT_DELETES;
    for (char letter : new char[] {'A', 'P', 'Q', 'L'}) {
      if (direct) {
        for (long n = deletedUpTo + 1; n <= deleteUpTo; n++) {
          batch.delete(key(letter, n));
        }
      } else {
        for (long n : keysUpTo(letter, deleteUpTo)) {
          batch.delete(key(letter, n));
        }
      }
    }
    store.write(batch.build());
    deletedUpTo = Math.max(deletedUpTo, deleteUpTo);
  }

  private Iterable<Long> keysUpTo(char letter, long upTo) {
    java.util.List<Long> out = new java.util.ArrayList<>();
    try (KeyValueStore.Scan scan =
        store.scan(KeyRange.between(key(letter, 0), key(letter, upTo + 1)))) {
      while (scan.hasNext()) {
        KeyValue kv = scan.next();
        out.add(ByteBuffer.wrap(kv.key().toByteArray(), PREFIX.length + 1, 8).getLong());
      }
    }
    return out;
  }

  Optional<PbftProto.PbftStateTransfer> loadStable() {
    return store.get(key('C')).map(v -> parse(v, PbftProto.PbftStateTransfer.parser()));
  }

  /** All entries of one letter above {@code from}, by n. */
  <T extends com.google.protobuf.MessageLite> TreeMap<Long, T> loadAbove(
      char letter, long from, com.google.protobuf.Parser<T> parser) {
    TreeMap<Long, T> out = new TreeMap<>();
    try (KeyValueStore.Scan scan = store.scan(KeyRange.atLeast(key(letter, from + 1)))) {
      while (scan.hasNext()) {
        KeyValue kv = scan.next();
        if (!kv.key().startsWith(key(letter))) {
          break;
        }
        long n = ByteBuffer.wrap(kv.key().toByteArray(), PREFIX.length + 1, 8).getLong();
        out.put(n, parse(kv.value(), parser));
      }
    }
    return out;
  }

  private static <T> T parse(Bytes value, com.google.protobuf.Parser<T> parser) {
    try {
      return parser.parseFrom(value.toByteArray());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt PBFT store entry", e);
    }
  }
}
