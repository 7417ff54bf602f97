package org.cybervein.crypto;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.util.Arrays;
import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.crypto.InvalidCryptoInputException.Reason;

/**
 * Parses a protobuf message from outside and accepts only its canonical encoding, the bytes its own
 * encoder writes: no unknown, repeated or reordered fields, so one message has one byte string. The
 * size is checked before anything is allocated.
 */
public final class CanonicalMessage {
  private CanonicalMessage() {}

  /**
   * Parses {@code encoded} of at most {@code maxSize} bytes.
   *
   * @param <T> the protobuf message type
   * @param encoded the received bytes
   * @param maxSize the largest accepted input in bytes; checked before parsing
   * @param parser the message type's parser
   * @return the parsed message, whose canonical encoding equals {@code encoded}
   * @throws InvalidCryptoInputException {@link Reason#OVERSIZED} above the size, {@link
   *     Reason#MALFORMED} if it does not parse or is not canonical
   */
  public static <T extends Message> T parse(Bytes encoded, long maxSize, Parser<T> parser)
      throws InvalidCryptoInputException {
    Objects.requireNonNull(encoded, "encoded");
    if (encoded.size() > maxSize) {
      throw new InvalidCryptoInputException(
          Reason.OVERSIZED, "message of " + encoded.size() + " bytes exceeds " + maxSize);
    }
    byte[] raw = encoded.toByteArray();
    T message;
    try {
      message = parser.parseFrom(raw);
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidCryptoInputException(Reason.MALFORMED, "not a valid message", e);
    }
    if (!message.getUnknownFields().asMap().isEmpty()
        || !Arrays.equals(message.toByteArray(), raw)) {
      throw new InvalidCryptoInputException(Reason.MALFORMED, "not the canonical encoding");
    }
    return message;
  }
}
