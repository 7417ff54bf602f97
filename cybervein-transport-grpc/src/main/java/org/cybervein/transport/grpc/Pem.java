package org.cybervein.transport.grpc;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.cybervein.transport.grpc.InvalidTransportInputException.Reason;

/** The PEM armour of RFC 7468 (strict form): one labelled block of base64 lines. */
final class Pem {
  /** No certificate or key of this module comes near this; a larger text is refused unread. */
  static final int MAX_TEXT_CHARS = 16 * 1024;

  private Pem() {}

  static String encode(String label, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
  }

  static byte[] decode(String label, String text) throws InvalidTransportInputException {
    if (text.length() > MAX_TEXT_CHARS) {
      throw new InvalidTransportInputException(
          Reason.OVERSIZED,
          "PEM text of " + text.length() + " characters, at most " + MAX_TEXT_CHARS);
    }
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    String trimmed = text.strip();
    if (!trimmed.startsWith(begin) || !trimmed.endsWith(end)) {
      throw new InvalidTransportInputException(
          Reason.MALFORMED, "expected one PEM block labelled " + label);
    }
    String body = trimmed.substring(begin.length(), trimmed.length() - end.length());
    StringBuilder base64 = new StringBuilder(body.length());
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\n' || c == '\r' || c == ' ' || c == '\t') {
        continue;
      }
      base64.append(c);
    }
    try {
      return Base64.getDecoder().decode(base64.toString());
    } catch (IllegalArgumentException e) {
      throw new InvalidTransportInputException(
          Reason.MALFORMED, "the PEM block " + label + " is not base64", e);
    }
  }
}
