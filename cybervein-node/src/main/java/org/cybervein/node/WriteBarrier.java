package org.cybervein.node;

import org.cybervein.api.net.Transport;

/**
 * Where a PBFT member's event writes meet its outgoing messages: the writes a message depends on
 * are committed before it leaves ({@link CommitBeforeSend}), and also synced to the disk if the
 * member's {@link Durability} asks for it ({@link GroupCommit}).
 */
interface WriteBarrier extends AutoCloseable {
  /** Commits the current event's writes, if any: the replica's host calls it after every event. */
  void endEvent();

  /**
   * The transport to give the replica's host: each send commits the event's writes first.
   *
   * @return the wrapped transport
   */
  Transport transport();

  /**
   * Commits (and, if this barrier syncs, syncs and releases) everything; later sends are dropped.
   */
  @Override
  void close();
}
