package org.cybervein.node;

import com.google.protobuf.ByteString;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.wire.CanonicalParser;
import org.cybervein.api.wire.v1.DataFlowProto.DataFlowMessage;

/**
 * The data flow's messages between node processes ({@code data_flow.proto}): one {@link
 * DataFlowMessage} per transport message, accepted only in its canonical encoding and within {@link
 * #MAX_BYTES}; the values nested in it are decoded again by their own canonical decoders where they
 * are used. A refused message changes nothing.
 */
final class DataFlowWire {
  /** The largest message: an upload or a download of one storage node's shards. */
  static final int MAX_BYTES = 8 << 20;

  private static final CanonicalParser<DataFlowMessage> PARSER =
      CanonicalParser.of(DataFlowMessage.getDefaultInstance(), MAX_BYTES, 64);

  private DataFlowWire() {}

  static Bytes encode(DataFlowMessage message) {
    return Bytes.encodingOf(message);
  }

  static DataFlowMessage decode(Bytes bytes) throws InvalidEncodingException {
    return PARSER.parse(bytes);
  }

  static ByteString bytes(Bytes b) {
    return b.toByteString();
  }

  static ByteString bytes(Hash h) {
    return ByteString.copyFrom(h.toByteArray());
  }

  static Bytes bytes(ByteString b) {
    return Bytes.copyOf(b);
  }

  static Hash hash(ByteString b) throws InvalidEncodingException {
    return Hash.decode(bytes(b));
  }
}
