package org.cybervein.transport.grpc;

import com.google.protobuf.ByteString;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.cybervein.api.Bytes;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.wire.CanonicalParser;
import org.cybervein.api.wire.v1.TransportProto.TransportFrame;
import org.cybervein.transport.grpc.InvalidTransportInputException.Reason;

/**
 * The frames on the wire: the gRPC method that carries them and their encoding (the {@code
 * TransportFrame} of {@code cybervein/v1/transport.proto}, one per gRPC message).
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

  private static final CanonicalParser<TransportFrame> PARSER =
      CanonicalParser.of(TransportFrame.getDefaultInstance(), Integer.MAX_VALUE, 3);

  private final CanonicalParser<TransportFrame> parser;

  /**
   * A codec refusing frames longer than {@code maxFrameBytes}.
   *
   * @param maxFrameBytes the largest encoded frame accepted
   */
  FrameCodec(int maxFrameBytes) {
    this.parser = PARSER.withMaxBytes(maxFrameBytes);
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
    return TransportFrame.newBuilder()
        .setMessageLength(message.length)
        .setOffset(offset)
        .setChunk(ByteString.copyFrom(message, offset, length))
        .build()
        .toByteArray();
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
      throw new InvalidTransportInputException(
          e.reason() == InvalidEncodingException.Reason.OVERSIZED
              ? Reason.OVERSIZED
              : Reason.MALFORMED,
          "refused frame: " + e.getMessage(),
          e);
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
