package org.cybervein.api.wire;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;
import org.cybervein.api.Bytes;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.InvalidEncodingException.Reason;
import org.cybervein.api.PublicKey;
import org.cybervein.api.Signature;
import org.cybervein.api.wire.v1.EnvelopeProto;

/**
 * A signed message as it travels: a payload type, the exact body bytes, the signer's key and the
 * signature.
 *
 * <p>The signature covers {@link #signingInput(String, Bytes)}, the pre-authentication encoding of
 * the payload type and the body as carried, so nobody re-serializes anything before verifying. This
 * type checks only the shape; {@code org.cybervein.crypto.envelope} signs and verifies.
 *
 * @param payloadType what the body is, 1..128 printable ASCII characters
 * @param body the signed bytes
 * @param signer the key that signed them
 * @param signature the signature over {@link #signingInput()}
 */
public record SignedEnvelope(
    String payloadType, Bytes body, PublicKey signer, Signature signature) {
  /** The largest encoded envelope {@link #decode(Bytes)} accepts by default: 4 MiB. */
  public static final int DEFAULT_MAX_ENCODED_SIZE = 4 * 1024 * 1024;

  // Payload type, body, and signer and signature with two fields each: eight at most.
  private static final CanonicalParser<EnvelopeProto.SignedEnvelope> PARSER =
      CanonicalParser.of(
          EnvelopeProto.SignedEnvelope.getDefaultInstance(), DEFAULT_MAX_ENCODED_SIZE, 16);

  private static final Pattern PAYLOAD_TYPE = Pattern.compile("[\\x21-\\x7e]{1,128}");
  private static final byte[] PAE_PREFIX =
      "CYBERVEIN-ENVELOPE-V1".getBytes(StandardCharsets.US_ASCII);

  /**
   * Checks the payload type and that the signature's algorithm is the signer's.
   *
   * @param payloadType what the body is, 1..128 printable ASCII characters
   * @param body the signed bytes
   * @param signer the key that signed them
   * @param signature the signature over {@link #signingInput()}
   */
  public SignedEnvelope {
    Objects.requireNonNull(payloadType, "payloadType");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(signature, "signature");
    checkPayloadType(payloadType);
    if (signature.algorithm() != signer.algorithm()) {
      throw new IllegalArgumentException(
          "signature algorithm " + signature.algorithm() + " differs from key " + signer);
    }
  }

  /**
   * The exact bytes a signer signs for this payload type and body:
   *
   * <pre>
   * "CYBERVEIN-ENVELOPE-V1" || u64be(len(type)) || type || u64be(len(body)) || body
   * </pre>
   *
   * @param payloadType what the body is, 1..128 printable ASCII characters
   * @param body the bytes being signed
   * @return the domain-separated bytes to sign or verify
   * @throws IllegalArgumentException if {@code payloadType} is not 1..128 printable ASCII
   *     characters
   */
  public static byte[] signingInput(String payloadType, Bytes body) {
    checkPayloadType(payloadType);
    byte[] type = payloadType.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[PAE_PREFIX.length + 8 + type.length + 8 + body.size()];
    int at = 0;
    System.arraycopy(PAE_PREFIX, 0, out, at, PAE_PREFIX.length);
    at += PAE_PREFIX.length;
    at = putLong(out, at, type.length);
    System.arraycopy(type, 0, out, at, type.length);
    at += type.length;
    at = putLong(out, at, body.size());
    body.copyTo(out, at);
    return out;
  }

  /**
   * The bytes {@link #signature()} must verify against.
   *
   * @return the signing input of this envelope's type and body
   */
  public byte[] signingInput() {
    return signingInput(payloadType, body);
  }

  /**
   * The canonical protobuf encoding of this envelope.
   *
   * @return the canonical bytes, which {@link #decode(Bytes)} accepts
   */
  public Bytes encode() {
    return Bytes.of(toProto().toByteArray());
  }

  /**
   * The protobuf form of this envelope.
   *
   * @return the protobuf message of this envelope
   */
  public EnvelopeProto.SignedEnvelope toProto() {
    return EnvelopeProto.SignedEnvelope.newBuilder()
        .setPayloadType(payloadType)
        .setBody(ApiTypesCodec.byteString(body))
        .setSigner(ApiTypesCodec.toProto(signer))
        .setSignature(ApiTypesCodec.toProto(signature))
        .build();
  }

  /**
   * Decodes an envelope of at most {@link #DEFAULT_MAX_ENCODED_SIZE} bytes.
   *
   * @param encoded the received bytes
   * @return the envelope, with its signature not yet verified
   * @throws InvalidEncodingException as {@link #decode(Bytes, int)} does
   */
  public static SignedEnvelope decode(Bytes encoded) throws InvalidEncodingException {
    return decode(encoded, DEFAULT_MAX_ENCODED_SIZE);
  }

  /**
   * Decodes an envelope received from outside. The signature is not verified here.
   *
   * <p>Only the canonical encoding is accepted (the one {@link #encode()} produces): no unknown
   * fields, no repeated or reordered fields, no trailing bytes. So one envelope has exactly one
   * encoding, and its bytes can be hashed or deduplicated safely.
   *
   * @param encoded the received bytes
   * @param maxEncodedSize the largest encoding accepted; larger input is rejected before parsing
   * @return the envelope, with its signature not yet verified
   * @throws InvalidEncodingException with {@link Reason#OVERSIZED} above the limit, {@link
   *     Reason#MALFORMED} for bytes that are not a canonical envelope, {@link
   *     Reason#MISSING_FIELD}, {@link Reason#WRONG_LENGTH} or {@link Reason#INVALID_VALUE} for
   *     fields that are absent or invalid
   */
  public static SignedEnvelope decode(Bytes encoded, int maxEncodedSize)
      throws InvalidEncodingException {
    EnvelopeProto.SignedEnvelope proto;
    try {
      proto = PARSER.withMaxBytes(maxEncodedSize).parse(encoded);
    } catch (InvalidEncodingException e) {
      if (e.reason() != Reason.NON_CANONICAL && e.reason() != Reason.TRUNCATED) {
        throw e;
      }
      // Documented as MALFORMED since before the parser told these apart.
      throw new InvalidEncodingException(Reason.MALFORMED, e.getMessage(), e);
    }
    if (!proto.hasSigner() || !proto.hasSignature() || proto.getPayloadType().isEmpty()) {
      throw new InvalidEncodingException(
          Reason.MISSING_FIELD, "an envelope needs a payload type, a signer and a signature");
    }
    if (!PAYLOAD_TYPE.matcher(proto.getPayloadType()).matches()) {
      throw new InvalidEncodingException(
          Reason.INVALID_VALUE, "payload type must be 1..128 printable ASCII characters");
    }
    PublicKey signer = ApiTypesCodec.fromProto(proto.getSigner());
    Signature signature = ApiTypesCodec.fromProto(proto.getSignature());
    if (signer.algorithm() != signature.algorithm()) {
      throw new InvalidEncodingException(
          Reason.INVALID_VALUE, "signature algorithm differs from the signer's key algorithm");
    }
    return new SignedEnvelope(
        proto.getPayloadType(), ApiTypesCodec.bytes(proto.getBody()), signer, signature);
  }

  @Override
  public String toString() {
    return "SignedEnvelope[" + payloadType + ", " + body.size() + " bytes, by " + signer + "]";
  }

  private static void checkPayloadType(String payloadType) {
    if (!PAYLOAD_TYPE.matcher(payloadType).matches()) {
      throw new IllegalArgumentException(
          "payload type must be 1..128 printable ASCII characters, got \"" + payloadType + "\"");
    }
  }

  private static int putLong(byte[] out, int at, long value) {
    for (int i = 7; i >= 0; i--) {
      out[at++] = (byte) (value >>> (8 * i));
    }
    return at;
  }
}
