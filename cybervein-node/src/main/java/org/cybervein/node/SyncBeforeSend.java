package org.cybervein.node;

import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.MessageHandler;
import org.cybervein.api.net.Transport;
import org.cybervein.api.store.KeyValueStore;
import org.cybervein.store.lmdb.LmdbKeyValueStore;

/**
 * Group commit for a replica: its LMDB environment is opened without an fsync per commit, and the
 * writes reach the disk with one fsync before the first message that leaves after them. The replica
 * writes its accepted PRE-PREPARE before it sends PREPARE, its prepared claim before COMMIT, its
 * executed log and the database before the REPLYs and UPLOAD; those guarantees are about what
 * others may have seen, so syncing before each send keeps them while one fsync covers all the
 * writes of one event (a batch's execution is one fsync, not one per operation plus one per
 * record). A killed process loses nothing either way (the pages are in the operating system's
 * cache); only an operating system crash or power loss could lose writes no message depended on.
 *
 * <p>The store wrapper and the transport wrapper share one flag; a replica's host serializes its
 * events, so writes and sends of one event never interleave with another's.
 */
final class SyncBeforeSend {
  private final LmdbKeyValueStore lmdb;
  private final EventWrites writes;
  private boolean dirty;

  SyncBeforeSend(LmdbKeyValueStore lmdb) {
    this.lmdb = Objects.requireNonNull(lmdb, "lmdb");
    this.writes = new EventWrites(lmdb);
  }

  /**
   * The store to give the replica and its database: the writes of one event wait in memory and go
   * to LMDB as one write transaction, before the event's first send or at {@link #endEvent}.
   */
  KeyValueStore store() {
    return writes;
  }

  /** Commits the event's writes, if any; the replica's host calls it after every event. */
  void endEvent() {
    if (writes.commit()) {
      dirty = true;
    }
  }

  /** {@code raw} with a commit of the event's writes and an fsync before each send. */
  Transport transport(Transport raw) {
    return new Transport() {
      @Override
      public NodeId localNode() {
        return raw.localNode();
      }

      @Override
      public void send(NodeId to, Bytes message) {
        endEvent();
        if (dirty) {
          dirty = false;
          lmdb.sync();
        }
        raw.send(to, message);
      }

      @Override
      public void register(MessageHandler handler) {
        raw.register(handler);
      }
    };
  }
}
