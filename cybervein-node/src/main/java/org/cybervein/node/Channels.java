package org.cybervein.node;

import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.MessageHandler;
import org.cybervein.api.net.Transport;

/**
 * One transport shared by two protocols of a process, told apart by one leading byte (e.g. a DAG
 * node's unit sync and the data flow's audits), with every message of both delivered under one
 * lock: cores that expect to run on one thread (the DAG's {@code DagNode}) see one.
 */
final class Channels {
  /** The DAG's unit sync ({@code DagNode}). */
  static final int DAG_SYNC = 0;

  /** The data flow's messages ({@code data_flow.proto}), of every storage, dag and account role. */
  static final int DATA_FLOW = 1;

  private final Transport base;
  private final Object lock;
  private final MessageHandler[] handlers = new MessageHandler[2];

  Channels(Transport base, Object lock) {
    this.base = Objects.requireNonNull(base, "base");
    this.lock = Objects.requireNonNull(lock, "lock");
    base.register(this::receive);
  }

  /** The sub-transport of channel {@code tag} (0 or 1). */
  Transport channel(int tag) {
    if (tag != 0 && tag != 1) {
      throw new IllegalArgumentException("channel 0 or 1, got " + tag);
    }
    Bytes prefix = Bytes.of(new byte[] {(byte) tag});
    return new Transport() {
      @Override
      public NodeId localNode() {
        return base.localNode();
      }

      @Override
      public void send(NodeId to, Bytes message) {
        base.send(to, prefix.concat(message));
      }

      @Override
      public void register(MessageHandler handler) {
        synchronized (lock) {
          handlers[tag] = Objects.requireNonNull(handler, "handler");
        }
      }
    };
  }

  private void receive(NodeId from, Bytes message) {
    if (message.isEmpty()) {
      return;
    }
    int tag = message.byteAt(0);
    if (tag != 0 && tag != 1) {
      return;
    }
    synchronized (lock) {
      MessageHandler h = handlers[tag];
      if (h != null) {
        h.onMessage(from, message.slice(1, message.size()));
      }
    }
  }
}
