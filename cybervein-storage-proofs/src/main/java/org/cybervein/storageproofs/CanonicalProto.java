package org.cybervein.storageproofs;

import com.google.protobuf.Message;
import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.wire.CanonicalParser;
import org.cybervein.storageproofs.InvalidStorageProofException.Reason;

/**
 * Parses this module's protobuf messages from untrusted bytes through the SDK's one {@link
 * CanonicalParser}, and reports its refusals as {@link InvalidStorageProofException}.
 *
 * <p>The parser checks the size and counts every field on the raw bytes before protobuf allocates,
 * refuses unknown, repeated or reordered fields there, and accepts only an input that encodes back
 * to itself, so each value has exactly one encoding and its bytes can be hashed and deduplicated.
 */
public final class CanonicalProto {
  private CanonicalProto() {}

  /**
   * Parses {@code encoded} with {@code parser}.
   *
   * @param <T> the message type
   * @param encoded the received bytes
   * @param parser the message type's parser, with its byte and field limits
   * @param what the message name, for error messages
   * @return the message, whose encoding is exactly {@code encoded}
   * @throws InvalidStorageProofException {@link Reason#OVERSIZED} above a limit, {@link
   *     Reason#TRUNCATED} if a field runs past the end, {@link Reason#MALFORMED} if the bytes are
   *     not the canonical encoding of such a message
   */
  public static <T extends Message> T parse(Bytes encoded, CanonicalParser<T> parser, String what)
      throws InvalidStorageProofException {
    Objects.requireNonNull(encoded, "encoded");
    try {
      return parser.parse(encoded);
    } catch (InvalidEncodingException e) {
      throw InvalidStorageProofException.from(what, e);
    }
  }

  /**
   * Checks that a decoded value encodes back to exactly the received bytes; this catches unknown
   * fields nested in sub-messages, which the parser keeps but the value types drop.
   *
   * @param received the bytes as received
   * @param reencoded the decoded value's encoding
   * @param what the message name, for error messages
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
   * @param value the field's value
   * @param size the required size
   * @param what the field's name, for error messages
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
