package org.cybervein.fl.alignment;

import com.google.protobuf.ByteString;
import org.cybervein.api.Bytes;
import org.cybervein.api.wire.v1.FlProto;

/**
 * Reassembles the PSI message of one round from its {@code FlAlignment} fragments, holding at most
 * {@code maxBytes} (rounded up to whole fragments) whatever the peer sends: every fragment but the
 * last is exactly {@link #FRAGMENT_BYTES}, the count is declared by each fragment and capped, a
 * duplicate or a fragment that disagrees with the count is refused.
 */
final class Fragments {
  /** Payload bytes per fragment: a quarter of the TCP transport's 4 MiB frame. */
  static final int FRAGMENT_BYTES = 1 << 20;

  /** What {@link #offer} made of a fragment. */
  enum Outcome {
    REFUSED,
    INCOMPLETE,
    COMPLETE
  }

  private final int fragmentBytes;
  private final int maxFragments;
  private ByteString[] parts;
  private int received;
  private Bytes payload = Bytes.EMPTY;

  /** A buffer for messages of at most {@code maxBytes} bytes in fragments of the standard size. */
  Fragments(long maxBytes) {
    this(maxBytes, FRAGMENT_BYTES);
  }

  /** A buffer for messages of at most {@code maxBytes} bytes in fragments of another size. */
  Fragments(long maxBytes, int fragmentBytes) {
    this.fragmentBytes = fragmentBytes;
    this.maxFragments =
        (int) Math.max(1, Math.min(Integer.MAX_VALUE, ceilDiv(maxBytes, fragmentBytes)));
  }

  private static long ceilDiv(long bytes, int fragmentBytes) {
    return (bytes + fragmentBytes - 1) / fragmentBytes;
  }

  /** The number of fragments a payload of {@code size} bytes travels in (1 when it fits in one). */
  static int count(int size, int fragmentBytes) {
    return (int) Math.max(1, ceilDiv(size, fragmentBytes));
  }

  /**
   * Takes one fragment of the round in progress; on {@link Outcome#COMPLETE} the whole payload is
   * in {@link #payload()} and the buffer is empty again.
   */
  Outcome offer(FlProto.FlAlignment message) {
    int total = Math.max(1, message.getFragments());
    int index = message.getFragment();
    int size = message.getPayload().size();
    if (total > maxFragments
        || index >= total
        || size > fragmentBytes
        || (index < total - 1 && size != fragmentBytes)
        || (parts != null && parts.length != total)
        || (parts != null && parts[index] != null)) {
      return Outcome.REFUSED;
    }
    if (parts == null) {
      parts = new ByteString[total];
    }
    parts[index] = message.getPayload();
    received++;
    if (received < total) {
      return Outcome.INCOMPLETE;
    }
    ByteString whole = ByteString.copyFrom(java.util.Arrays.asList(parts));
    payload = Bytes.of(whole.toByteArray());
    parts = null;
    received = 0;
    return Outcome.COMPLETE;
  }

  /** The payload the last {@link Outcome#COMPLETE} assembled. */
  Bytes payload() {
    return payload;
  }
}
