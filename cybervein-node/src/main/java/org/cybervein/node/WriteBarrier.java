package org.cybervein.node;

import java.util.Objects;
import java.util.function.BiConsumer;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.MessageHandler;
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

  /**
   * {@code raw} with every send going through {@code send} instead; the node id and handler
   * registration are {@code raw}'s.
   *
   * @param raw the transport that receives and names the node
   * @param send what a send does
   * @return the wrapped transport
   */
  static Transport sendingThrough(Transport raw, BiConsumer<NodeId, Bytes> send) {
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(send, "send");
    return new Transport() {
      @Override
      public NodeId localNode() {
        return raw.localNode();
      }

      @Override
      public void send(NodeId to, Bytes message) {
        send.accept(to, message);
      }

      @Override
      public void register(MessageHandler handler) {
        raw.register(handler);
      }
    };
  }
}
