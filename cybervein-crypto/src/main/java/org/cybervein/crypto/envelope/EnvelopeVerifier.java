package org.cybervein.crypto.envelope;

import org.cybervein.api.Bytes;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.PublicKey;
import org.cybervein.api.wire.SignedEnvelope;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.InvalidCryptoInputException.Reason;
import org.cybervein.crypto.sign.Ed25519Verifier;

/**
 * Checks {@link SignedEnvelope}s: decodes received bytes, checks the payload type, verifies the
 * signature over the exact body carried, and only then hands out the body.
 *
 * <p>There is no way to get a body out of this class without its signature having verified.
 * Stateless and thread-safe; for many envelopes from the same signer, {@link #open(SignedEnvelope,
 * Ed25519Verifier)} reuses the signer's decoded key.
 */
public final class EnvelopeVerifier {
  private EnvelopeVerifier() {}

  /**
   * Decodes an envelope received from outside and verifies it.
   *
   * @param encoded the received bytes, untrusted
   * @param expectedPayloadType the only payload type accepted here
   * @return the verified envelope; its body is authentic
   * @throws InvalidCryptoInputException {@link Reason#MALFORMED} (or a length reason) if the bytes
   *     are not an envelope, {@link Reason#UNEXPECTED_PAYLOAD_TYPE} if the payload type differs,
   *     {@link Reason#INVALID_KEY} for an invalid signer key, {@link Reason#AUTHENTICATION_FAILED}
   *     if the signature does not verify
   */
  public static SignedEnvelope decodeAndVerify(Bytes encoded, String expectedPayloadType)
      throws InvalidCryptoInputException {
    SignedEnvelope envelope;
    try {
      envelope = SignedEnvelope.decode(encoded);
    } catch (InvalidEncodingException e) {
      throw new InvalidCryptoInputException(
          reasonFor(e.reason()), "not a signed envelope: " + e.getMessage(), e);
    }
    if (!envelope.payloadType().equals(expectedPayloadType)) {
      throw new InvalidCryptoInputException(
          Reason.UNEXPECTED_PAYLOAD_TYPE,
          "expected payload type " + expectedPayloadType + ", got " + envelope.payloadType());
    }
    open(envelope);
    return envelope;
  }

  /**
   * Verifies the signature of {@code envelope} against the key it names and returns its body.
   *
   * <p>This proves only that the holder of {@code envelope.signer()} signed the body; whether that
   * key may send this message is the protocol's decision.
   *
   * @param envelope the received envelope
   * @return its body, once the signature has verified
   * @throws InvalidCryptoInputException {@link Reason#INVALID_KEY} or {@link
   *     Reason#AUTHENTICATION_FAILED}
   */
  public static Bytes open(SignedEnvelope envelope) throws InvalidCryptoInputException {
    return open(envelope, Ed25519Verifier.of(envelope.signer()));
  }

  /**
   * Verifies that {@code envelope} was signed by the key of {@code expectedSigner} and returns its
   * body.
   *
   * @param envelope the received envelope
   * @param expectedSigner the verifier of the only key accepted as signer
   * @return its body, once the signer and the signature have been checked
   * @throws InvalidCryptoInputException {@link Reason#AUTHENTICATION_FAILED} if the envelope names
   *     another signer or its signature does not verify
   */
  public static Bytes open(SignedEnvelope envelope, Ed25519Verifier expectedSigner)
      throws InvalidCryptoInputException {
    PublicKey signer = expectedSigner.publicKey();
    if (!envelope.signer().equals(signer)) {
      throw new InvalidCryptoInputException(
          Reason.AUTHENTICATION_FAILED,
          "envelope signed by " + envelope.signer() + ", not " + signer);
    }
    if (!expectedSigner.verify(envelope.signingInput(), envelope.signature())) {
      throw new InvalidCryptoInputException(
          Reason.AUTHENTICATION_FAILED, "envelope signature does not verify");
    }
    return envelope.body();
  }

  private static Reason reasonFor(InvalidEncodingException.Reason reason) {
    return switch (reason) {
      case TRUNCATED -> Reason.TRUNCATED;
      case OVERSIZED -> Reason.OVERSIZED;
      case WRONG_LENGTH -> Reason.WRONG_LENGTH;
      case MALFORMED, NON_CANONICAL, MISSING_FIELD, INVALID_VALUE -> Reason.MALFORMED;
    };
  }
}
