package org.cybervein.transport.grpc;

import java.util.Optional;
import org.cybervein.api.wire.v1.TransportProto.TransportFrame;
import org.cybervein.transport.grpc.InvalidTransportInputException.Reason;

/**
 * Puts the frames of one stream back into messages. Frames of a message arrive in a row, in order
 * (one gRPC stream is ordered), so the state is only the message in progress; its buffer is
 * allocated when the first frame arrives and is at most {@code maxMessageBytes}.
 *
 * <p>Not thread-safe: one per inbound stream, fed by that stream's serialized gRPC callbacks. A
 * refused frame leaves the state as it was.
 */
final class Reassembler {
  private final int maxMessageBytes;
  private byte[] buffer;
  private int filled;

  /**
   * A reassembler refusing messages longer than {@code maxMessageBytes}.
   *
   * @param maxMessageBytes the largest message accepted
   */
  Reassembler(int maxMessageBytes) {
    this.maxMessageBytes = maxMessageBytes;
  }

  /**
   * Takes the next frame of the stream.
   *
   * @param frame the decoded frame
   * @return the completed message if this frame was its last, else empty
   * @throws InvalidTransportInputException {@link Reason#OVERSIZED} for a message above the limit,
   *     {@link Reason#OUT_OF_SEQUENCE} for a frame that does not continue the message in progress
   *     (or start a new one), runs past its end, or carries no bytes of a non-empty message
   */
  Optional<byte[]> accept(TransportFrame frame) throws InvalidTransportInputException {
    long length = Integer.toUnsignedLong(frame.getMessageLength());
    long offset = Integer.toUnsignedLong(frame.getOffset());
    int chunk = frame.getChunk().size();
    if (length > maxMessageBytes) {
      throw new InvalidTransportInputException(
          Reason.OVERSIZED, "message of " + length + " bytes, at most " + maxMessageBytes);
    }
    long expectedOffset = buffer == null ? 0 : filled;
    if (buffer != null && length != buffer.length) {
      throw new InvalidTransportInputException(
          Reason.OUT_OF_SEQUENCE,
          "frame of a " + length + "-byte message inside one of " + buffer.length);
    }
    if (offset != expectedOffset) {
      throw new InvalidTransportInputException(
          Reason.OUT_OF_SEQUENCE, "frame at offset " + offset + ", expected " + expectedOffset);
    }
    if ((chunk == 0 && length != 0) || offset + chunk > length) {
      throw new InvalidTransportInputException(
          Reason.OUT_OF_SEQUENCE,
          "chunk of " + chunk + " bytes at " + offset + " in a " + length + "-byte message");
    }
    // Accepted: only now does state change.
    if (offset == 0 && chunk == length) {
      return Optional.of(frame.getChunk().toByteArray());
    }
    if (buffer == null) {
      buffer = new byte[(int) length];
      filled = 0;
    }
    frame.getChunk().copyTo(buffer, filled);
    filled += chunk;
    if (filled < buffer.length) {
      return Optional.empty();
    }
    byte[] message = buffer;
    buffer = null;
    filled = 0;
    return Optional.of(message);
  }

  /**
   * Bytes held for the message in progress (its full allocated size).
   *
   * @return 0 between messages
   */
  int bufferedBytes() {
    return buffer == null ? 0 : buffer.length;
  }

  /**
   * Where the next frame must start.
   *
   * @return the offset of the next expected chunk, 0 between messages
   */
  int expectedOffset() {
    return buffer == null ? 0 : filled;
  }

  /** Forgets the message in progress (its stream ended). */
  void reset() {
    buffer = null;
    filled = 0;
  }
}
