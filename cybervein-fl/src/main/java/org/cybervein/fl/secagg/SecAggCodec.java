package org.cybervein.fl.secagg;

import org.cybervein.api.Bytes;
import org.cybervein.api.wire.CanonicalParser;
import org.cybervein.api.wire.v1.SecAggProto.SecAggMessage;
import org.cybervein.fl.FederatedWire;
import org.cybervein.fl.InvalidFederatedMessageException;
import org.cybervein.fl.InvalidFederatedMessageException.Reason;

/** Parses secure aggregation messages with a size cap checked before any allocation. */
final class SecAggCodec {
  // The canonical parser: unknown, repeated or reordered fields are refused, and every field is
  // counted on the raw bytes before protobuf allocates.
  private static final CanonicalParser<SecAggMessage> PARSER =
      CanonicalParser.of(SecAggMessage.getDefaultInstance(), 0, 0);

  private SecAggCodec() {}

  /**
   * The most fields a message for vectors of {@code vectorLength} holds: one per masked value, and
   * for up to 255 clients a few entries of at most five fields each (two shares per client in an
   * unmask response).
   */
  static int maxFields(int vectorLength) {
    return vectorLength + 255 * 16 + 64;
  }

  /** The largest message for vectors of {@code vectorLength}, with room for 255 clients' keys. */
  static int maxMessageSize(int vectorLength) {
    return 10 * vectorLength + 255 * 256 + 1024;
  }

  static SecAggMessage decode(Bytes bytes, int vectorLength)
      throws InvalidFederatedMessageException {
    SecAggMessage message =
        FederatedWire.parse(
            PARSER
                .withMaxBytes(maxMessageSize(vectorLength))
                .withMaxFields(maxFields(vectorLength)),
            bytes,
            "secure aggregation message");
    if (message.getKindCase() == SecAggMessage.KindCase.KIND_NOT_SET) {
      throw new InvalidFederatedMessageException(Reason.MALFORMED, "message kind missing");
    }
    return message;
  }

  static Bytes encode(SecAggMessage message) {
    return Bytes.of(message.toByteArray());
  }
}
