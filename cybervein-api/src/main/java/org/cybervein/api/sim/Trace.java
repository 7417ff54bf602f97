package org.cybervein.api.sim;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.NodeId;

/**
 * The record of a run: the most recent events in memory, every event to the listeners, and a hash
 * chain over all events so that two long runs compare in one equality check.
 */
final class Trace {
  private final int capacity;
  private final ArrayDeque<TraceEvent> recent = new ArrayDeque<>();
  private final List<Consumer<TraceEvent>> listeners = new ArrayList<>();
  private final MessageDigest sha256 = newSha256();
  private final ByteArrayOutputStream encoding = new ByteArrayOutputStream();
  private byte[] chain = new byte[Hash.SIZE];
  private long count;

  Trace(int capacity) {
    this.capacity = capacity;
  }

  long count() {
    return count;
  }

  void addListener(Consumer<TraceEvent> listener) {
    listeners.add(listener);
  }

  void record(TraceEvent event) {
    count++;
    chain(event);
    if (capacity > 0) {
      if (recent.size() == capacity) {
        recent.removeFirst();
      }
      recent.addLast(event);
    }
    for (Consumer<TraceEvent> listener : listeners) {
      listener.accept(event);
    }
  }

  List<TraceEvent> recent() {
    return List.copyOf(recent);
  }

  Hash digest() {
    return Hash.of(chain);
  }

  /** The first eight bytes of the message's SHA-256. */
  long fingerprint(Bytes message) {
    sha256.reset();
    return ByteBuffer.wrap(sha256.digest(message.toByteArray())).getLong();
  }

  /**
   * chain_n = SHA-256(chain_{n-1} || encode(event_n)), with chain_{-1} all zero. The encoding is
   * fixed-width numbers and length-prefixed UTF-8, so distinct events encode distinctly.
   */
  private void chain(TraceEvent e) {
    encoding.reset();
    writeLong(e.sequence());
    writeLong(e.time().getEpochSecond());
    writeLong(e.time().getNano());
    writeString(e.kind().name());
    writeNode(e.from());
    writeNode(e.to());
    writeString(e.dropReason().map(Enum::name).orElse(""));
    writeLong(e.messageSize());
    writeLong(e.messageFingerprint());
    writeString(e.detail());
    sha256.reset();
    sha256.update(chain);
    sha256.update(encoding.toByteArray());
    chain = sha256.digest();
  }

  private void writeNode(Optional<NodeId> node) {
    encoding.write(node.isPresent() ? 1 : 0);
    writeString(node.map(NodeId::value).orElse(""));
  }

  private void writeString(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    writeLong(utf8.length);
    encoding.write(utf8, 0, utf8.length);
  }

  private void writeLong(long v) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      encoding.write((int) (v >>> shift));
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }
}
