package org.cybervein.fl.secagg;

import com.google.protobuf.InvalidProtocolBufferException;
import org.cybervein.api.Bytes;
import org.cybervein.api.wire.v1.SecAggProto.SecAggMessage;
import org.cybervein.fl.InvalidFederatedMessageException;
import org.cybervein.fl.InvalidFederatedMessageException.Reason;

/** Parses secure aggregation messages with a size cap checked before any allocation. */
final class SecAggCodec {
  private SecAggCodec() {}

  /** The largest message for vectors of {@code vectorLength}, with room for 255 clients' keys. */
  static int maxMessageSize(int vectorLength) {
    return 10 * vectorLength + 255 * 256 + 1024;
  }

  static SecAggMessage decode(Bytes bytes, int vectorLength)
      throws InvalidFederatedMessageException {
    if (bytes.size() > maxMessageSize(vectorLength)) {
      throw new InvalidFederatedMessageException(
          Reason.OVERSIZED, "secure aggregation message of " + bytes.size() + " bytes");
    }
    SecAggMessage message;
    try {
      message = SecAggMessage.parseFrom(bytes.toByteArray());
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidFederatedMessageException(
          Reason.MALFORMED, "not a secure aggregation message", e);
    }
    if (message.getKindCase() == SecAggMessage.KindCase.KIND_NOT_SET) {
      throw new InvalidFederatedMessageException(Reason.MALFORMED, "message kind missing");
    }
    return message;
  }

  static Bytes encode(SecAggMessage message) {
    return Bytes.of(message.toByteArray());
  }
}
