package org.cybervein.transport.grpc;

import com.google.protobuf.CodedOutputStream;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.wire.CanonicalParser;
import org.cybervein.api.wire.v1.TransportProto.TransportBatch;
import org.cybervein.api.wire.v1.TransportProto.TransportFrame;
import org.cybervein.transport.grpc.InvalidTransportInputException.Reason;

/**
 * The frames on the wire: the gRPC method that carries them and their encoding (the {@code
 * TransportFrame} of {@code cybervein/v1/transport.proto}, one per gRPC message, or on a stream
 * that negotiated batches a {@code TransportBatch} of several frames per gRPC message).
 *
 * <p>Frames and batches are encoded by hand, straight from the queued messages into one array,
 * because batches exist to make a small message cheap: no builder, no intermediate {@code
 * ByteString} per frame, one copy of each message's bytes. The bytes are exactly protobuf's
 * canonical encoding, which the properties test checks against the generated code.
 */
final class FrameCodec {
  /** The gRPC service of the transport; the method name is part of the interoperable wire. */
  static final String SERVICE = "cybervein.v1.NodeTransport";

  /** One bidirectional stream per sending node and receiving node. */
  static final MethodDescriptor<byte[], byte[]> EXCHANGE =
      MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
          .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Exchange"))
          .setRequestMarshaller(RawMarshaller.INSTANCE)
          .setResponseMarshaller(RawMarshaller.INSTANCE)
          .build();

  /**
   * The header by which a client offers batches and a server accepts them (in its response
   * headers); both must show it before a stream carries {@code TransportBatch}es.
   */
  static final Metadata.Key<String> BATCH_HEADER =
      Metadata.Key.of("cybervein-batch", Metadata.ASCII_STRING_MARSHALLER);

  /** The value of {@link #BATCH_HEADER}: version 1 of the batch encoding. */
  static final String BATCH_VERSION = "1";

  /** The most frames in one batch, sent or accepted. */
  static final int MAX_BATCH_FRAMES = 4096;

  /**
   * A sender stops adding frames to a batch that would grow past this many bytes (a single frame
   * may still exceed it, up to a chunk): large enough that per-gRPC-message costs vanish, small
   * enough that one batch does not hold back the receiver's budget or a lone message behind it.
   */
  static final int BATCH_TARGET_BYTES = 256 * 1024;

  /** The most bytes a batch spends before its frames: the tag and varint of {@code frame_count}. */
  static final int BATCH_HEADER_BYTES = 1 + 5;

  private static final CanonicalParser<TransportFrame> PARSER =
      CanonicalParser.of(TransportFrame.getDefaultInstance(), Integer.MAX_VALUE, 3);

  private static final CanonicalParser<TransportBatch> BATCH_PARSER =
      CanonicalParser.of(
              TransportBatch.getDefaultInstance(), Integer.MAX_VALUE, 4 * MAX_BATCH_FRAMES + 1)
          .withMaxRepeats(
              TransportBatch.getDescriptor().findFieldByNumber(TransportBatch.FRAMES_FIELD_NUMBER),
              MAX_BATCH_FRAMES);

  private final CanonicalParser<TransportFrame> parser;
  private final CanonicalParser<TransportBatch> batchParser;

  /** The part {@code [offset, offset + length)} of {@code message} that one frame carries. */
  record Slice(Outgoing message, int offset, int length) {
    /** A slice of a copy of {@code message} (tests). */
    Slice(byte[] message, int offset, int length) {
      this(Outgoing.of(message), offset, length);
    }
  }

  /**
   * A codec refusing frames longer than {@code maxFrameBytes}.
   *
   * @param maxFrameBytes the largest encoded frame accepted
   */
  FrameCodec(int maxFrameBytes) {
    this.parser = PARSER.withMaxBytes(maxFrameBytes);
    this.batchParser = BATCH_PARSER.withMaxBytes(maxFrameBytes);
  }

  /**
   * The encoded size of the frame carrying {@code length} bytes at {@code offset} of a message of
   * {@code messageLength} bytes, as one entry of a batch (with its tag and length prefix).
   *
   * @param messageLength the whole message's length
   * @param offset where the chunk starts
   * @param length the chunk's length
   * @return the bytes the entry takes in a batch
   */
  static int batchEntrySize(int messageLength, int offset, int length) {
    int inner = frameSize(messageLength, offset, length);
    return 1 + CodedOutputStream.computeUInt32SizeNoTag(inner) + inner;
  }

  private static int frameSize(int messageLength, int offset, int length) {
    int size = 0;
    if (messageLength != 0) {
      size += 1 + CodedOutputStream.computeUInt32SizeNoTag(messageLength);
    }
    if (offset != 0) {
      size += 1 + CodedOutputStream.computeUInt32SizeNoTag(offset);
    }
    if (length != 0) {
      size += 1 + CodedOutputStream.computeUInt32SizeNoTag(length) + length;
    }
    return size;
  }

  /**
   * Encodes a batch of frames in protobuf's canonical encoding of {@code TransportBatch}.
   *
   * @param frames 1 to {@link #MAX_BATCH_FRAMES} frames in stream order
   * @param entriesSize the sum of their {@link #batchEntrySize}s
   * @return the encoded batch
   */
  static byte[] encodeBatch(List<Slice> frames, int entriesSize) {
    int count = frames.size();
    byte[] out = new byte[1 + CodedOutputStream.computeUInt32SizeNoTag(count) + entriesSize];
    int at = 0;
    out[at++] = tag(TransportBatch.FRAME_COUNT_FIELD_NUMBER, VARINT);
    at = writeVarint(out, at, count);
    for (Slice f : frames) {
      out[at++] = tag(TransportBatch.FRAMES_FIELD_NUMBER, LENGTH_DELIMITED);
      at = writeVarint(out, at, frameSize(f.message().length(), f.offset(), f.length()));
      at = writeFrame(out, at, f.message(), f.offset(), f.length());
    }
    if (at != out.length) {
      // Only if size was not the frames' size: a bug here, not a peer's doing.
      throw new IllegalStateException("batch size miscomputed");
    }
    return out;
  }

  private static final int VARINT = 0;
  private static final int LENGTH_DELIMITED = 2;

  private static byte tag(int field, int wireType) {
    return (byte) (field << 3 | wireType);
  }

  /** Writes {@code value} as an unsigned varint at {@code at}; returns the index after it. */
  private static int writeVarint(byte[] out, int at, int value) {
    int v = value;
    while ((v & ~0x7F) != 0) {
      out[at++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out[at++] = (byte) v;
    return at;
  }

  /**
   * Writes the fields of the frame carrying {@code message[offset, offset + length)} in canonical
   * order, the chunk copied straight from the queued message; returns the index after them.
   */
  private static int writeFrame(byte[] out, int at, Outgoing message, int offset, int length) {
    int messageLength = message.length();
    if (messageLength != 0) {
      out[at++] = tag(TransportFrame.MESSAGE_LENGTH_FIELD_NUMBER, VARINT);
      at = writeVarint(out, at, messageLength);
    }
    if (offset != 0) {
      out[at++] = tag(TransportFrame.OFFSET_FIELD_NUMBER, VARINT);
      at = writeVarint(out, at, offset);
    }
    if (length != 0) {
      out[at++] = tag(TransportFrame.CHUNK_FIELD_NUMBER, LENGTH_DELIMITED);
      at = writeVarint(out, at, length);
      message.copyTo(offset, length, out, at);
      at += length;
    }
    return at;
  }

  /**
   * Decodes one batch received from a peer on a stream that negotiated batches; the frames' fit
   * into messages is the {@link Reassembler}'s concern.
   *
   * @param encoded the gRPC message's bytes
   * @return the frames, 1 to {@link #MAX_BATCH_FRAMES}, in stream order
   * @throws InvalidTransportInputException {@link Reason#OVERSIZED} above the frame limit or with
   *     more than {@link #MAX_BATCH_FRAMES} frames, {@link Reason#MALFORMED} if not the canonical
   *     encoding of a {@code TransportBatch}, without frames, or with another number of frames than
   *     its {@code frame_count}
   */
  List<TransportFrame> decodeBatch(byte[] encoded) throws InvalidTransportInputException {
    TransportBatch batch;
    try {
      batch = batchParser.parse(Bytes.of(encoded));
    } catch (InvalidEncodingException e) {
      throw refused("batch", e);
    }
    if (batch.getFramesCount() == 0) {
      throw new InvalidTransportInputException(Reason.MALFORMED, "refused batch: no frames");
    }
    if (batch.getFrameCount() != batch.getFramesCount()) {
      throw new InvalidTransportInputException(
          Reason.MALFORMED,
          "refused batch: "
              + batch.getFramesCount()
              + " frames where it announces "
              + Integer.toUnsignedLong(batch.getFrameCount())
              + " (cut short?)");
    }
    return batch.getFramesList();
  }

  private static InvalidTransportInputException refused(String what, InvalidEncodingException e) {
    return new InvalidTransportInputException(
        e.reason() == InvalidEncodingException.Reason.OVERSIZED
            ? Reason.OVERSIZED
            : Reason.MALFORMED,
        "refused " + what + ": " + e.getMessage(),
        e);
  }

  /**
   * Encodes the frame carrying {@code message[offset, offset + length)}.
   *
   * @param message the whole message
   * @param offset where the chunk starts
   * @param length the chunk's length
   * @return the encoded frame
   */
  static byte[] encode(byte[] message, int offset, int length) {
    return encode(Outgoing.of(message), offset, length);
  }

  /**
   * Encodes the frame carrying {@code message[offset, offset + length)} of a queued message.
   *
   * @param message the whole message
   * @param offset where the chunk starts
   * @param length the chunk's length
   * @return the encoded frame
   */
  static byte[] encode(Outgoing message, int offset, int length) {
    byte[] out = new byte[frameSize(message.length(), offset, length)];
    writeFrame(out, 0, message, offset, length);
    return out;
  }

  /**
   * Decodes one frame received from a peer; its fit into a message is the {@link Reassembler}'s
   * concern.
   *
   * @param encoded the gRPC message's bytes
   * @return the frame
   * @throws InvalidTransportInputException {@link Reason#OVERSIZED} above the frame limit, {@link
   *     Reason#MALFORMED} if not the canonical encoding of a {@code TransportFrame}
   */
  TransportFrame decode(byte[] encoded) throws InvalidTransportInputException {
    try {
      return parser.parse(Bytes.of(encoded));
    } catch (InvalidEncodingException e) {
      throw refused("frame", e);
    }
  }

  /** gRPC messages as plain byte arrays: decoding happens in {@link #decode}, not in gRPC. */
  private enum RawMarshaller implements MethodDescriptor.Marshaller<byte[]> {
    INSTANCE;

    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        // gRPC has already refused messages above maxInboundMessageSize before this runs.
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
