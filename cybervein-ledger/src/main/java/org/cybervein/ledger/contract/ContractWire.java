package org.cybervein.ledger.contract;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.PublicKey;
import org.cybervein.api.SignatureAlgorithm;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.CanonicalParser;
import org.cybervein.api.wire.v1.TypesProto;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.account.Address;

/**
 * Canonical protobuf parsing and field checks for native contracts' call inputs and stored records.
 * A contract decodes untrusted call input with these so that every refusal is an {@link
 * InvalidLedgerInputException} with the same reasons across contracts: {@code OVERSIZED} above the
 * cap, {@code MALFORMED} for bytes that are not the message or a field out of range, {@code
 * NON_CANONICAL} for any encoding other than the one protobuf-java writes for the value (so one
 * call has one byte form, and its hash and signature are unambiguous).
 */
public final class ContractWire {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private ContractWire() {}

  /**
   * Parses {@code encoded} with the SDK's {@link CanonicalParser}, accepting only the one encoding
   * protobuf-java writes for the value. Every field is counted on the raw bytes before protobuf
   * allocates: the messages here are built of keys, hashes, names, payloads and logged operations,
   * at least four bytes per field on average, so a quarter of the byte cap bounds an honest
   * message's count.
   *
   * @param <T> the message type
   * @param encoded the untrusted bytes
   * @param maxSize the largest encoding accepted
   * @param prototype the message type's default instance
   * @return the message, whose encoding is exactly {@code encoded}
   * @throws InvalidLedgerInputException {@code OVERSIZED} above the byte or field cap, {@code
   *     NON_CANONICAL} for bytes that parse but are not the canonical encoding, {@code MALFORMED}
   *     for bytes that do not parse
   */
  public static <T extends Message> T parse(Bytes encoded, int maxSize, T prototype)
      throws InvalidLedgerInputException {
    try {
      return CanonicalParser.of(prototype, maxSize, maxSize / 4 + 64).parse(encoded);
    } catch (InvalidEncodingException e) {
      Reason reason =
          switch (e.reason()) {
            case OVERSIZED -> Reason.OVERSIZED;
            case NON_CANONICAL -> Reason.NON_CANONICAL;
            case TRUNCATED, WRONG_LENGTH, MALFORMED, MISSING_FIELD, INVALID_VALUE ->
                Reason.MALFORMED;
          };
      throw new InvalidLedgerInputException(reason, e.getMessage(), e);
    }
  }

  /**
   * Decodes a contract call from a transaction's untrusted input: {@link #parse}, then {@code
   * reader} turns the message into the contract's call. The value types' own checks on fields that
   * parsed (ranges, list sizes, repeats) throw {@link IllegalArgumentException}, which is the
   * caller's input error too: {@code MALFORMED} with the value type's message.
   *
   * @param <M> the call message type
   * @param <C> the contract's call type
   * @param input the transaction's call input
   * @param maxSize the largest encoding accepted
   * @param prototype the call message type's default instance
   * @param reader turns the parsed message into the call; throws for a missing or bad field
   * @return the call
   * @throws InvalidLedgerInputException as {@link #parse} does, {@code MALFORMED} for a value a
   *     value type refuses, or whatever {@code reader} throws
   */
  public static <M extends Message, C> C decodeCall(
      Bytes input, int maxSize, M prototype, RecordReader<M, C> reader)
      throws InvalidLedgerInputException {
    Objects.requireNonNull(input, "input");
    M call = parse(input, maxSize, prototype);
    try {
      return reader.read(call);
    } catch (IllegalArgumentException e) {
      throw new InvalidLedgerInputException(Reason.MALFORMED, e.getMessage(), e);
    }
  }

  /**
   * True if {@code name} is 1 to 64 characters of {@code [A-Za-z0-9._-]}.
   *
   * @param name the candidate name
   * @return true if it is valid
   */
  public static boolean isValidName(String name) {
    return NAME.matcher(name).matches();
  }

  /**
   * {@code name} if it is valid ({@link #isValidName}); {@code MALFORMED} otherwise.
   *
   * @param name the received name
   * @return {@code name}
   * @throws InvalidLedgerInputException {@code MALFORMED} if the name is not valid
   */
  public static String name(String name) throws InvalidLedgerInputException {
    if (!isValidName(name)) {
      throw new InvalidLedgerInputException(Reason.MALFORMED, "names are [A-Za-z0-9._-]{1,64}");
    }
    return name;
  }

  /**
   * The address in {@code raw}, which must be 32 bytes; {@code what} names the field.
   *
   * @param raw the received field
   * @param what the field name, for the message
   * @return the address
   * @throws InvalidLedgerInputException {@code MALFORMED} if the field is not 32 bytes
   */
  public static Address address(ByteString raw, String what) throws InvalidLedgerInputException {
    if (raw.size() != Hash.SIZE) {
      throw new InvalidLedgerInputException(Reason.MALFORMED, what + " is not a 32-byte address");
    }
    return new Address(Hash.of(raw.toByteArray()));
  }

  /**
   * The wire form of {@code address}: its 32 bytes.
   *
   * @param address the address
   * @return its 32 bytes
   */
  public static ByteString address(Address address) {
    return ByteString.copyFrom(address.value().toByteArray());
  }

  /**
   * The hash in a required field; {@code MALFORMED} if absent or not 32 bytes.
   *
   * @param proto the received field
   * @param present whether the field was set
   * @param what the field name, for the message
   * @return the hash
   * @throws InvalidLedgerInputException {@code MALFORMED} if absent or not 32 bytes
   */
  public static Hash hash(TypesProto.Hash proto, boolean present, String what)
      throws InvalidLedgerInputException {
    return required(proto, present, what, ApiTypesCodec::fromProto);
  }

  /**
   * The amount in a required field; {@code MALFORMED} if absent or out of range.
   *
   * @param proto the received field
   * @param present whether the field was set
   * @param what the field name, for the message
   * @return the amount
   * @throws InvalidLedgerInputException {@code MALFORMED} if absent or above {@link Long#MAX_VALUE}
   *     base units
   */
  public static Amount amount(TypesProto.Amount proto, boolean present, String what)
      throws InvalidLedgerInputException {
    return required(proto, present, what, ApiTypesCodec::fromProto);
  }

  /**
   * The Ed25519 key in a required field; {@code MALFORMED} if absent, damaged or of another
   * algorithm.
   *
   * @param proto the received field
   * @param present whether the field was set
   * @param what the field name, for the message
   * @return the key
   * @throws InvalidLedgerInputException {@code MALFORMED} if absent, damaged or not an Ed25519 key
   */
  public static PublicKey ed25519Key(TypesProto.PublicKey proto, boolean present, String what)
      throws InvalidLedgerInputException {
    PublicKey key = required(proto, present, what, ApiTypesCodec::fromProto);
    if (key.algorithm() != SignatureAlgorithm.ED25519) {
      throw new InvalidLedgerInputException(Reason.MALFORMED, what + " is not an Ed25519 key");
    }
    return key;
  }

  /** Decodes an api type from its protobuf form. */
  @FunctionalInterface
  private interface ProtoDecoder<P, T> {
    T decode(P proto) throws InvalidEncodingException;
  }

  /** A required message field decoded with {@code decoder}; {@code MALFORMED} if absent or bad. */
  private static <P, T> T required(
      P proto, boolean present, String what, ProtoDecoder<P, T> decoder)
      throws InvalidLedgerInputException {
    if (!present) {
      throw new InvalidLedgerInputException(Reason.MALFORMED, what + " missing");
    }
    try {
      return decoder.decode(proto);
    } catch (InvalidEncodingException e) {
      throw new InvalidLedgerInputException(Reason.MALFORMED, what + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@code value} if it is at least 1 (a uint64 with its top bit set reads as negative).
   *
   * @param value the received number
   * @param what the field name, for the message
   * @return {@code value}
   * @throws InvalidLedgerInputException {@code MALFORMED} if it is below 1
   */
  public static long positive(long value, String what) throws InvalidLedgerInputException {
    // uint64 on the wire: a set top bit reads as negative and is out of range too.
    if (value < 1) {
      throw new InvalidLedgerInputException(Reason.MALFORMED, what + " out of range");
    }
    return value;
  }

  /**
   * {@code value} if it is not negative (below 2^63 as a uint64).
   *
   * @param value the received number
   * @param what the field name, for the message
   * @return {@code value}
   * @throws InvalidLedgerInputException {@code MALFORMED} if it is negative
   */
  public static long nonNegative(long value, String what) throws InvalidLedgerInputException {
    if (value < 0) {
      throw new InvalidLedgerInputException(Reason.MALFORMED, what + " out of range");
    }
    return value;
  }

  /** Turns a contract's parsed message, a stored record or a call's input, into its value. */
  @FunctionalInterface
  public interface RecordReader<M extends Message, R> {
    /**
     * The value {@code record} holds.
     *
     * @param record the parsed record
     * @return its value
     * @throws InvalidLedgerInputException if a field is damaged
     */
    R read(M record) throws InvalidLedgerInputException;
  }

  /**
   * Reads the record a contract stored under {@code key}: empty if there is none. The contract
   * wrote it, so a value that does not decode means the state itself is damaged, which is no
   * caller's input error: that is an {@link IllegalStateException} naming {@code what}.
   *
   * @param <M> the record's message type
   * @param <R> the record's value type
   * @param entries the contract's entries by key (the live state, or entries checked with proofs)
   * @param key the record's key
   * @param maxSize the largest encoding the record may have
   * @param prototype the record message type's default instance
   * @param what the record's name, for the exception
   * @param reader turns the parsed record into its value
   * @return the value, or empty if there is no record
   */
  public static <M extends Message, R> Optional<R> readRecord(
      Function<Bytes, Optional<Bytes>> entries,
      Bytes key,
      int maxSize,
      M prototype,
      String what,
      RecordReader<M, R> reader) {
    Optional<Bytes> raw = entries.apply(key);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(reader.read(parse(raw.get(), maxSize, prototype)));
    } catch (InvalidLedgerInputException | IllegalArgumentException e) {
      throw new IllegalStateException("corrupt " + what + " entry in contract storage", e);
    }
  }
}
