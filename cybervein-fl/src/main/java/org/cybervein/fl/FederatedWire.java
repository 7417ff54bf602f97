package org.cybervein.fl;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.wire.CanonicalParser;

/**
 * What the wires of every federated protocol here share: a peer's bytes parsed canonically with
 * refusals reported as {@link InvalidFederatedMessageException}, and the non-negative integers of
 * Z_n carried as minimal unsigned big-endian bytes.
 *
 * <p>The protocol packages ({@code vertical}, {@code transfer}, {@code secagg}, {@code shapley})
 * call it so that one peer defect gets one {@link InvalidFederatedMessageException.Reason} in all
 * of them; an application has no need of it.
 */
public final class FederatedWire {
  private FederatedWire() {}

  /**
   * Parses a peer's message with a canonical parser, mapping the parser's refusal to this module's
   * exception: a message over the parser's caps is {@code OVERSIZED}, any other refusal (broken,
   * non-canonical, unknown fields) is {@code MALFORMED}.
   *
   * @param <M> the protobuf message type
   * @param parser the parser with the caps of the protocol
   * @param bytes the peer's bytes
   * @param what the message's name for people, as in "not a canonical <i>what</i>: ..."
   * @return the parsed message
   * @throws InvalidFederatedMessageException {@code OVERSIZED} above the parser's caps, {@code
   *     MALFORMED} for a non-canonical or broken encoding
   */
  public static <M extends Message> M parse(CanonicalParser<M> parser, Bytes bytes, String what)
      throws InvalidFederatedMessageException {
    try {
      return parser.parse(bytes);
    } catch (InvalidEncodingException e) {
      throw new InvalidFederatedMessageException(
          e.reason() == InvalidEncodingException.Reason.OVERSIZED
              ? InvalidFederatedMessageException.Reason.OVERSIZED
              : InvalidFederatedMessageException.Reason.MALFORMED,
          "not a canonical " + what + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * The minimal unsigned big-endian bytes of a non-negative integer: no sign byte, and zero as the
   * one byte {@code 0x00}. {@link #residues} reads them back.
   *
   * @param v the integer, not negative
   * @return its bytes
   * @throws IllegalArgumentException if {@code v} is negative, which has no unsigned form
   */
  public static ByteString unsigned(BigInteger v) {
    if (v.signum() < 0) {
      throw new IllegalArgumentException("a negative integer has no unsigned encoding: " + v);
    }
    byte[] b = v.toByteArray();
    int skip = b.length > 1 && b[0] == 0 ? 1 : 0;
    return ByteString.copyFrom(b, skip, b.length - skip);
  }

  /**
   * {@link #unsigned(BigInteger)} of each integer, in order.
   *
   * @param values the integers, none negative
   * @return their bytes, in the same order
   * @throws IllegalArgumentException if one of them is negative
   */
  public static List<ByteString> unsigned(BigInteger[] values) {
    List<ByteString> out = new ArrayList<>(values.length);
    for (BigInteger v : values) {
      out.add(unsigned(v));
    }
    return out;
  }

  /**
   * Reads a peer's vector of residues modulo {@code modulus}: exactly {@code expected} entries,
   * each non-empty, no longer than the modulus and below it.
   *
   * @param values the unsigned big-endian entries received
   * @param modulus the modulus every entry must be below, positive
   * @param expected the number of entries the protocol step carries
   * @return the residues, in order
   * @throws InvalidFederatedMessageException {@code WRONG_LENGTH} for another number of entries,
   *     {@code INVALID_VALUE} for an empty, too long or too large entry
   */
  public static BigInteger[] residues(List<ByteString> values, BigInteger modulus, int expected)
      throws InvalidFederatedMessageException {
    requireLength(values, expected);
    int maxBytes = (modulus.bitLength() + 7) / 8;
    BigInteger[] out = new BigInteger[values.size()];
    for (int i = 0; i < out.length; i++) {
      ByteString b = values.get(i);
      if (b.isEmpty() || b.size() > maxBytes) {
        throw new InvalidFederatedMessageException(
            InvalidFederatedMessageException.Reason.INVALID_VALUE,
            "residue of " + b.size() + " bytes");
      }
      out[i] = new BigInteger(1, b.toByteArray());
      if (out[i].compareTo(modulus) >= 0) {
        throw new InvalidFederatedMessageException(
            InvalidFederatedMessageException.Reason.INVALID_VALUE, "residue not below the modulus");
      }
    }
    return out;
  }

  /**
   * Checks that a peer's vector has the length the protocol step expects.
   *
   * @param values the entries received
   * @param expected the number of entries the protocol step carries
   * @throws InvalidFederatedMessageException {@code WRONG_LENGTH} for another number of entries
   */
  public static void requireLength(List<?> values, int expected)
      throws InvalidFederatedMessageException {
    if (values.size() != expected) {
      throw new InvalidFederatedMessageException(
          InvalidFederatedMessageException.Reason.WRONG_LENGTH,
          values.size() + " values, expected " + expected);
    }
  }
}
