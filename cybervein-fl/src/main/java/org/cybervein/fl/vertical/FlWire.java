package org.cybervein.fl.vertical;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.wire.CanonicalParser;
import org.cybervein.api.wire.v1.FlProto;
import org.cybervein.fl.FederatedWire;
import org.cybervein.fl.InvalidFederatedMessageException;

/** Bytes of {@code FlMessage} and the big integers inside it, checked on the way in. */
final class FlWire {
  /** No honest message comes near this: a batch of 10^5 rows of 4096-bit ciphertexts is 52 MB. */
  static final int MAX_MESSAGE_BYTES = 64 << 20;

  /**
   * The canonical parser: unknown, repeated or reordered fields are refused, and every field is
   * counted on the raw bytes before protobuf allocates. The repeated fields of an FlMessage are
   * scalars, strings and bytes, whose empty entries protobuf shares, so one field per two bytes
   * (each takes at least that) keeps memory in proportion to the input.
   */
  static final CanonicalParser<FlProto.FlMessage> PARSER =
      CanonicalParser.of(
          FlProto.FlMessage.getDefaultInstance(), MAX_MESSAGE_BYTES, MAX_MESSAGE_BYTES / 2);

  private FlWire() {}

  static Bytes encode(FlProto.FlMessage message) {
    return Bytes.of(message.toByteArray());
  }

  static FlProto.FlMessage decode(Bytes bytes) throws InvalidFederatedMessageException {
    FlProto.FlMessage message = FederatedWire.parse(PARSER, bytes, "FlMessage");
    if (message.getBodyCase() == FlProto.FlMessage.BodyCase.BODY_NOT_SET) {
      throw new InvalidFederatedMessageException(
          InvalidFederatedMessageException.Reason.MISSING_FIELD, "FlMessage without a body");
    }
    return message;
  }

  static ByteString unsigned(BigInteger v) {
    return FederatedWire.unsigned(v);
  }

  static List<ByteString> unsigned(BigInteger[] values) {
    return FederatedWire.unsigned(values);
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
    BigInteger[] out = new BigInteger[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ciphertext(values.get(i), cipher);
    }
    return out;
  }

  /** As {@link #ciphertexts(List, GradientCipher, int)}, the per-row checks on the executor. */
  static BigInteger[] ciphertexts(
      List<ByteString> values,
      GradientCipher cipher,
      int expected,
      java.util.concurrent.Executor executor)
      throws InvalidFederatedMessageException {
    FederatedWire.requireLength(values, expected);
    BigInteger[] out = new BigInteger[values.size()];
    for (int i = 0; i < out.length; i++) {
      ByteString b = values.get(i);
      if (b.isEmpty() || b.size() > cipher.maxCiphertextBytes()) {
        throw new InvalidFederatedMessageException(
            InvalidFederatedMessageException.Reason.INVALID_VALUE,
            "ciphertext of " + b.size() + " bytes");
      }
      out[i] = new BigInteger(1, b.toByteArray());
    }
    // one batch check on the executor's threads, a slice each
    int slices = Math.max(1, Math.min(16, out.length / 64));
    BigInteger[] valid =
        Parallel.map(
            executor,
            slices,
            s -> {
              int from = (int) ((long) out.length * s / slices);
              int to = (int) ((long) out.length * (s + 1) / slices);
              return cipher.areCiphertexts(java.util.Arrays.copyOfRange(out, from, to))
                  ? BigInteger.ONE
                  : BigInteger.ZERO;
            });
    for (BigInteger v : valid) {
      if (v.signum() == 0) {
        throw new InvalidFederatedMessageException(
            InvalidFederatedMessageException.Reason.INVALID_VALUE,
            "not a ciphertext under the key");
      }
    }
    return out;
  }

  static BigInteger[] residues(List<ByteString> values, BigInteger modulus, int expected)
      throws InvalidFederatedMessageException {
    return FederatedWire.residues(values, modulus, expected);
  }

  /**
   * The slot residues of C's reply to a packed request of {@code expected} values, each below
   * {@code 2^w}. A reply flagged as overflowing is the caller's to handle before this.
   */
  static BigInteger[] slots(FlProto.FlMaskedPlaintexts reply, SlotLayout layout, int expected)
      throws InvalidFederatedMessageException {
    if (reply.getOverflow()) {
      throw new InvalidFederatedMessageException(
          InvalidFederatedMessageException.Reason.MALFORMED, "an overflow reply is not slots");
    }
    return residues(reply.getValuesList(), BigInteger.ONE.shiftLeft(layout.slotBits()), expected);
  }

  /** An overflow reply carries no values; anything else is malformed. */
  static boolean overflowed(FlProto.FlMaskedPlaintexts reply)
      throws InvalidFederatedMessageException {
    if (reply.getOverflow() && reply.getValuesCount() != 0) {
      throw new InvalidFederatedMessageException(
          InvalidFederatedMessageException.Reason.MALFORMED, "an overflow reply with values");
    }
    return reply.getOverflow();
  }

  /**
   * The packed request for C: the masked ciphertexts packed by the layout, with the layout and the
   * value count.
   */
  static FlProto.FlMessage maskedRequest(
      int epoch, int batch, SlotLayout layout, BigInteger[] packed, int values) {
    return FlProto.FlMessage.newBuilder()
        .setMaskedCiphertexts(
            FlProto.FlMaskedCiphertexts.newBuilder()
                .setEpoch(epoch)
                .setBatch(batch)
                .addAllValues(unsigned(packed))
                .setLayout(layout.toWire())
                .setValueCount(values))
        .build();
  }
}
