package org.cybervein.storageproofs;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import java.util.Arrays;
import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.storageproofs.InvalidStorageProofException.Reason;

/**
 * Parses this module's protobuf messages from untrusted bytes, accepting only their canonical
 * encoding.
 *
 * <p>A size limit is checked before parsing, so a length field cannot make the parser allocate more
 * than the limit. After parsing, the message is re-encoded and compared with the input: an encoding
 * with unknown, repeated or reordered fields or trailing bytes is refused, so each value has
 * exactly one encoding and its bytes can be hashed and deduplicated.
 */
public final class CanonicalProto {
  private CanonicalProto() {}

  /**
   * Parses {@code encoded} as a message of {@code parser}'s type.
   *
   * @param encoded the received bytes
   * @param maxSize the largest accepted encoding in bytes
   * @param parser the message type's parser
   * @param what the message name, for error messages
   * @param <T> the protobuf message type
   * @return the parsed message
   * @throws InvalidStorageProofException {@link Reason#OVERSIZED} above the limit, {@link
   *     Reason#MALFORMED} if the bytes are not the canonical encoding of such a message
   */
  public static <T extends MessageLite> T parse(
      Bytes encoded, int maxSize, Parser<T> parser, String what)
      throws InvalidStorageProofException {
    Objects.requireNonNull(encoded, "encoded");
    if (encoded.size() > maxSize) {
      throw new InvalidStorageProofException(
          Reason.OVERSIZED, what + " of " + encoded.size() + " bytes exceeds " + maxSize);
    }
    byte[] raw = encoded.toByteArray();
    T message;
    try {
      CodedInputStream in = CodedInputStream.newInstance(raw);
      in.setRecursionLimit(8);
      message = parser.parseFrom(in);
      in.checkLastTagWas(0);
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidStorageProofException(
          Reason.MALFORMED, "not a " + what + ": " + e.getMessage(), e);
    }
    if (!Arrays.equals(message.toByteArray(), raw)) {
      throw new InvalidStorageProofException(
          Reason.MALFORMED, what + " is not in canonical encoding");
    }
    return message;
  }

  /**
   * Checks that a decoded value encodes back to exactly the received bytes; this catches unknown
   * fields nested in sub-messages, which the parser keeps but the value types drop.
   *
   * @param received the bytes as received
   * @param reencoded the encoding of the value decoded from them
   * @param what the message name, for the error message
   * @throws InvalidStorageProofException {@link Reason#MALFORMED} otherwise
   */
  public static void requireCanonical(Bytes received, Bytes reencoded, String what)
      throws InvalidStorageProofException {
    if (!received.equals(reencoded)) {
      throw new InvalidStorageProofException(
          Reason.MALFORMED, what + " is not in canonical encoding");
    }
  }

  /**
   * Checks that a bytes field has exactly {@code size} bytes.
   *
   * @param value the received field
   * @param size the required size in bytes
   * @param what the field name, for the error message
   * @return {@code value}
   * @throws InvalidStorageProofException {@link Reason#WRONG_LENGTH} otherwise
   */
  public static Bytes exactly(Bytes value, int size, String what)
      throws InvalidStorageProofException {
    if (value.size() != size) {
      throw new InvalidStorageProofException(
          Reason.WRONG_LENGTH, what + " must be " + size + " bytes, got " + value.size());
    }
    return value;
  }
}
