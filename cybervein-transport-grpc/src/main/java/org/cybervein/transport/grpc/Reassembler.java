package org.cybervein.transport.grpc;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.api.wire.v1.TransportProto.TransportFrame;
import org.cybervein.transport.grpc.InvalidTransportInputException.Reason;

/**
 * Puts the frames of one stream back into messages. Frames of a message arrive in a row, in order
 * (one gRPC stream is ordered), so the state is only the message in progress. Its chunks are kept
 * as received and joined once at the end, so the memory held is what the peer has actually sent (at
 * most {@code maxMessageBytes}), never a buffer sized by a length field alone.
 *
 * <p>Not thread-safe: one per inbound stream, fed by that stream's serialized gRPC callbacks. A
 * refused frame, or a batch with any refused frame, leaves the state as it was.
 */
final class Reassembler {
  private final int maxMessageBytes;
  private final List<ByteString> parts = new ArrayList<>();
  private long length = -1;
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
  Optional<Bytes> accept(TransportFrame frame) throws InvalidTransportInputException {
    check(frame, length, filled);
    return apply(frame);
  }

  /**
   * Takes the next frames of the stream (one batch) all or nothing: every frame is checked against
   * the state the frames before it would leave, and only if all fit does any state change.
   *
   * @param frames the decoded frames, in stream order
   * @return the messages they completed, in order (possibly none)
   * @throws InvalidTransportInputException as {@link #accept} for the first frame that does not fit
   */
  List<Bytes> acceptAll(List<TransportFrame> frames) throws InvalidTransportInputException {
    long simulatedLength = length;
    long simulatedFilled = filled;
    for (TransportFrame frame : frames) {
      check(frame, simulatedLength, simulatedFilled);
      long end = Integer.toUnsignedLong(frame.getOffset()) + frame.getChunk().size();
      long frameLength = Integer.toUnsignedLong(frame.getMessageLength());
      if (end < frameLength) {
        simulatedLength = frameLength;
        simulatedFilled = end;
      } else {
        simulatedLength = -1;
        simulatedFilled = 0;
      }
    }
    // All fit: only now does state change.
    List<Bytes> completed = new ArrayList<>(frames.size());
    for (TransportFrame frame : frames) {
      apply(frame).ifPresent(completed::add);
    }
    return completed;
  }

  /** Refuses {@code frame} unless it fits a stream in state ({@code length}, {@code filled}). */
  private void check(TransportFrame frame, long length, long filled)
      throws InvalidTransportInputException {
    long frameLength = Integer.toUnsignedLong(frame.getMessageLength());
    long offset = Integer.toUnsignedLong(frame.getOffset());
    int chunk = frame.getChunk().size();
    boolean inProgress = length >= 0;
    if (frameLength > maxMessageBytes) {
      throw new InvalidTransportInputException(
          Reason.OVERSIZED, "message of " + frameLength + " bytes, at most " + maxMessageBytes);
    }
    if (inProgress && frameLength != length) {
      throw new InvalidTransportInputException(
          Reason.OUT_OF_SEQUENCE,
          "frame of a " + frameLength + "-byte message inside one of " + length);
    }
    if (offset != filled) {
      throw new InvalidTransportInputException(
          Reason.OUT_OF_SEQUENCE, "frame at offset " + offset + ", expected " + filled);
    }
    if ((chunk == 0 && frameLength != 0) || offset + chunk > frameLength) {
      throw new InvalidTransportInputException(
          Reason.OUT_OF_SEQUENCE,
          "chunk of " + chunk + " bytes at " + offset + " in a " + frameLength + "-byte message");
    }
  }

  /** Adds a checked frame to the state. */
  private Optional<Bytes> apply(TransportFrame frame) {
    long frameLength = Integer.toUnsignedLong(frame.getMessageLength());
    int chunk = frame.getChunk().size();
    boolean inProgress = length >= 0;
    if (filled + chunk < frameLength) {
      length = frameLength;
      parts.add(frame.getChunk());
      filled += chunk;
      return Optional.empty();
    }
    Optional<Bytes> whole =
        Optional.of(
            inProgress
                ? Bytes.copyOf(ByteString.copyFrom(parts).concat(frame.getChunk()))
                : Bytes.copyOf(frame.getChunk()));
    reset();
    return whole;
  }

  /**
   * Bytes held for the message in progress.
   *
   * @return 0 between messages
   */
  int bufferedBytes() {
    return filled;
  }

  /**
   * Where the next frame must start.
   *
   * @return the offset of the next expected chunk, 0 between messages
   */
  int expectedOffset() {
    return filled;
  }

  /** Forgets the message in progress (its stream ended). */
  void reset() {
    parts.clear();
    length = -1;
    filled = 0;
  }
}
