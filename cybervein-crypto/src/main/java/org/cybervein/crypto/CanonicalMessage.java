package org.cybervein.crypto;

import com.google.protobuf.Message;
import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.wire.CanonicalParser;
import org.cybervein.crypto.InvalidCryptoInputException.Reason;

/**
 * Parses a protobuf message from outside through the SDK's one {@link CanonicalParser} and reports
 * a refusal as this module's {@link InvalidCryptoInputException}: only the canonical encoding is
 * accepted (no unknown, repeated or reordered fields), and size and field count are checked on the
 * raw bytes before anything is allocated.
 */
public final class CanonicalMessage {
  private CanonicalMessage() {}

  /**
   * Parses {@code encoded} with {@code parser}.
   *
   * @param <T> the message type
   * @param encoded the untrusted bytes
   * @param parser the parser with the message type's limits
   * @return the message, whose encoding is exactly {@code encoded}
   * @throws InvalidCryptoInputException {@link Reason#OVERSIZED} above a limit, {@link
   *     Reason#MALFORMED} if it does not parse (a field runs past the end, say) or is not canonical
   */
  public static <T extends Message> T parse(Bytes encoded, CanonicalParser<T> parser)
      throws InvalidCryptoInputException {
    Objects.requireNonNull(parser, "parser");
    try {
      return parser.parse(encoded);
    } catch (InvalidEncodingException e) {
      throw refusal(e);
    }
  }

  /**
   * Parses {@code encoded} of at most {@code maxSize} bytes and {@code maxFields} fields, for
   * decoders whose limits depend on their arguments.
   *
   * @param <T> the message type
   * @param encoded the untrusted bytes
   * @param maxSize the longest encoding accepted (values above {@link Integer#MAX_VALUE} mean no
   *     byte limit below that)
   * @param maxFields the most field occurrences accepted, nested ones and packed elements included
   * @param prototype the message type's default instance
   * @return the message, whose encoding is exactly {@code encoded}
   * @throws InvalidCryptoInputException {@link Reason#OVERSIZED} above a limit, {@link
   *     Reason#MALFORMED} if it does not parse (a field runs past the end, say) or is not canonical
   */
  public static <T extends Message> T parse(
      Bytes encoded, long maxSize, long maxFields, T prototype) throws InvalidCryptoInputException {
    return parse(
        encoded,
        CanonicalParser.of(
            prototype,
            (int) Math.min(Integer.MAX_VALUE, maxSize),
            (int) Math.min(Integer.MAX_VALUE, maxFields)));
  }

  /**
   * This module's exception for a refusal of the api parser, with the same reason.
   *
   * @param e the parser's refusal
   * @return the exception to throw
   */
  public static InvalidCryptoInputException refusal(InvalidEncodingException e) {
    Reason reason =
        switch (e.reason()) {
          case OVERSIZED -> Reason.OVERSIZED;
          case WRONG_LENGTH -> Reason.WRONG_LENGTH;
          // A message cut short does not parse; this module has always called that malformed.
          case TRUNCATED, MALFORMED, NON_CANONICAL, MISSING_FIELD -> Reason.MALFORMED;
          case INVALID_VALUE -> Reason.OUT_OF_RANGE;
        };
    return new InvalidCryptoInputException(reason, e.getMessage(), e);
  }
}
