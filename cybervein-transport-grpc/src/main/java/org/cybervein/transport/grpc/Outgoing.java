package org.cybervein.transport.grpc;

import org.cybervein.api.Bytes;

/**
 * A message queued for a peer, kept as the caller's immutable {@link Bytes} (a head and a body that
 * travel as one message) and copied once, straight into the encoded frame. A message cut into
 * several frames is joined into one array the first time a frame needs part of it; only the link's
 * thread touches that array.
 */
final class Outgoing {
  private final Bytes head;
  private final Bytes body;
  private final int length;
  private byte[] joined;

  private Outgoing(Bytes head, Bytes body) {
    this.head = head;
    this.body = body;
    this.length = Math.addExact(head.size(), body.size());
  }

  /** The message {@code head} followed by {@code body}. */
  static Outgoing of(Bytes head, Bytes body) {
    return new Outgoing(head, body);
  }

  /** The message {@code bytes} (copied). */
  static Outgoing of(byte[] bytes) {
    return new Outgoing(Bytes.EMPTY, Bytes.of(bytes));
  }

  /** The message's length in bytes. */
  int length() {
    return length;
  }

  /**
   * Copies {@code [offset, offset + count)} of the message into {@code target} at {@code at}.
   *
   * @param offset where the range starts in the message
   * @param count the range's length
   * @param target where to copy
   * @param at the index in {@code target} of the first byte
   */
  void copyTo(int offset, int count, byte[] target, int at) {
    if (offset == 0 && count == length) {
      head.copyTo(target, at);
      body.copyTo(target, at + head.size());
      return;
    }
    if (joined == null) {
      joined = new byte[length];
      head.copyTo(joined, 0);
      body.copyTo(joined, head.size());
    }
    System.arraycopy(joined, offset, target, at, count);
  }

  /** The whole message as one byte string (a message to this node itself). */
  Bytes joined() {
    return head.isEmpty() ? body : head.concat(body);
  }

  /** The whole message as a new array. */
  byte[] toByteArray() {
    byte[] all = new byte[length];
    copyTo(0, length, all, 0);
    return all;
  }

  @Override
  public String toString() {
    return "Outgoing[" + length + " bytes]";
  }
}
