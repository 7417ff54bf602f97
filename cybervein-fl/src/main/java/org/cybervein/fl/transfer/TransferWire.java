package org.cybervein.fl.transfer;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.wire.CanonicalParser;
import org.cybervein.api.wire.v1.FtlProto;
import org.cybervein.fl.FederatedWire;
import org.cybervein.fl.InvalidFederatedMessageException;
import org.cybervein.fl.vertical.GradientCipher;

/**
 * Bytes of {@code FtlMessage} and the big integers inside it, checked on the way in: the canonical
 * encoding only, a size cap before protobuf allocates, every integer inside its key's range.
 */
final class TransferWire {
  /**
   * No honest message comes near this: the largest is a forward of 10^4 overlap rows of d = 64
   * values, 2^20 ciphertexts, which at 2048 bits is 512 MB; sessions that large belong to a
   * streaming transport, so one message is capped at 64 MB.
   */
  static final int MAX_MESSAGE_BYTES = 64 << 20;

  /** The most rows scored in one request. */
  static final int MAX_SCORE_ROWS = 1 << 16;

  /** Repeated bytes fields take at least two bytes an entry, so one field per two bytes. */
  static final CanonicalParser<FtlProto.FtlMessage> PARSER =
      CanonicalParser.of(
          FtlProto.FtlMessage.getDefaultInstance(), MAX_MESSAGE_BYTES, MAX_MESSAGE_BYTES / 2);

  private TransferWire() {}

  static Bytes encode(FtlProto.FtlMessage message) {
    return Bytes.of(message.toByteArray());
  }

  /**
   * Parses a peer's message.
   *
   * @throws InvalidFederatedMessageException {@code OVERSIZED} above the cap, {@code MALFORMED} for
   *     a non-canonical or broken encoding, {@code MISSING_FIELD} without a body
   */
  static FtlProto.FtlMessage decode(Bytes bytes) throws InvalidFederatedMessageException {
    FtlProto.FtlMessage message = FederatedWire.parse(PARSER, bytes, "FtlMessage");
    if (message.getBodyCase() == FtlProto.FtlMessage.BodyCase.BODY_NOT_SET) {
      throw new InvalidFederatedMessageException(
          InvalidFederatedMessageException.Reason.MISSING_FIELD, "FtlMessage without a body");
    }
    return message;
  }

  static ByteString unsigned(BigInteger v) {
    return FederatedWire.unsigned(v);
  }

  static BigInteger ciphertext(ByteString b, GradientCipher cipher)
      throws InvalidFederatedMessageException {
    if (b.isEmpty() || b.size() > cipher.maxCiphertextBytes()) {
      throw new InvalidFederatedMessageException(
          InvalidFederatedMessageException.Reason.INVALID_VALUE,
          "ciphertext of " + b.size() + " bytes");
    }
    BigInteger c = new BigInteger(1, b.toByteArray());
    if (!cipher.isCiphertext(c)) {
      throw new InvalidFederatedMessageException(
          InvalidFederatedMessageException.Reason.INVALID_VALUE, "not a ciphertext under the key");
    }
    return c;
  }

  static BigInteger[] ciphertexts(List<ByteString> values, GradientCipher cipher, int expected)
      throws InvalidFederatedMessageException {
    FederatedWire.requireLength(values, expected);
    BigInteger[] out = new BigInteger[expected];
    for (int i = 0; i < expected; i++) {
      out[i] = ciphertext(values.get(i), cipher);
    }
    return out;
  }

  static BigInteger[] residues(List<ByteString> values, BigInteger modulus, int expected)
      throws InvalidFederatedMessageException {
    return FederatedWire.residues(values, modulus, expected);
  }
}
