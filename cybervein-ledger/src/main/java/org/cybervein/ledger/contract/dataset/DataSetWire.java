package org.cybervein.ledger.contract.dataset;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.v1.TypesProto;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.account.Address;

/** Canonical protobuf parsing and field checks shared by the data set contract's codecs. */
final class DataSetWire {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private DataSetWire() {}

  /** Parses {@code encoded}, accepting only the one encoding protobuf-java writes for the value. */
  static <T extends Message> T parse(Bytes encoded, int maxSize, Parser<T> parser)
      throws InvalidLedgerInputException {
    if (encoded.size() > maxSize) {
      throw new InvalidLedgerInputException(
          Reason.OVERSIZED, encoded.size() + " bytes, the cap is " + maxSize);
    }
    byte[] raw = encoded.toByteArray();
    T message;
    try {
      message = parser.parseFrom(raw);
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidLedgerInputException(Reason.MALFORMED, "not a valid message", e);
    }
    if (!message.getUnknownFields().asMap().isEmpty()
        || !Arrays.equals(message.toByteArray(), raw)) {
      throw new InvalidLedgerInputException(Reason.NON_CANONICAL, "not the canonical encoding");
    }
    return message;
  }

  static boolean isValidName(String name) {
    return NAME.matcher(name).matches();
  }

  static String name(String name) throws InvalidLedgerInputException {
    if (!isValidName(name)) {
      throw new InvalidLedgerInputException(Reason.MALFORMED, "names are [A-Za-z0-9._-]{1,64}");
    }
    return name;
  }

  static Address address(ByteString raw, String what) throws InvalidLedgerInputException {
    if (raw.size() != Hash.SIZE) {
      throw new InvalidLedgerInputException(Reason.MALFORMED, what + " is not a 32-byte address");
    }
    return new Address(Hash.of(raw.toByteArray()));
  }

  static ByteString address(Address address) {
    return ByteString.copyFrom(address.value().toByteArray());
  }

  static Hash hash(TypesProto.Hash proto, boolean present, String what)
      throws InvalidLedgerInputException {
    if (!present) {
      throw new InvalidLedgerInputException(Reason.MALFORMED, what + " missing");
    }
    try {
      return ApiTypesCodec.fromProto(proto);
    } catch (InvalidEncodingException e) {
      throw new InvalidLedgerInputException(Reason.MALFORMED, what + ": " + e.getMessage(), e);
    }
  }

  static Amount amount(TypesProto.Amount proto, boolean present, String what)
      throws InvalidLedgerInputException {
    if (!present) {
      throw new InvalidLedgerInputException(Reason.MALFORMED, what + " missing");
    }
    try {
      return ApiTypesCodec.fromProto(proto);
    } catch (InvalidEncodingException e) {
      throw new InvalidLedgerInputException(Reason.MALFORMED, what + ": " + e.getMessage(), e);
    }
  }

  static long positive(long value, String what) throws InvalidLedgerInputException {
    // uint64 on the wire: a set top bit reads as negative and is out of range too.
    if (value < 1) {
      throw new InvalidLedgerInputException(Reason.MALFORMED, what + " out of range");
    }
    return value;
  }

  static long nonNegative(long value, String what) throws InvalidLedgerInputException {
    if (value < 0) {
      throw new InvalidLedgerInputException(Reason.MALFORMED, what + " out of range");
    }
    return value;
  }
}
