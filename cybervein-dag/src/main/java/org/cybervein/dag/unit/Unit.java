package org.cybervein.dag.unit;

import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.PublicKey;
import org.cybervein.api.wire.SignedEnvelope;
import org.cybervein.crypto.envelope.EnvelopeSigner;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.dag.unit.InvalidUnitException.Reason;

/**
 * A unit of the DAG: a {@link UnitBody} in a {@link SignedEnvelope} signed by its author. Its id is
 * the tagged SHA-256 ({@link #ID_TAG}) of the exact body bytes, computed once, when the unit is
 * made or decoded.
 *
 * <p>A decoded unit has a well-formed body whose signer is its author, but its signature is not yet
 * verified: {@code org.cybervein.dag.validation} does that (in parallel for batches). Immutable and
 * thread-safe; equal units have equal ids.
 */
public final class Unit {
  /** The payload type of a unit's envelope. */
  public static final String PAYLOAD_TYPE = "cybervein.v1.DagUnitBody";

  /** The domain tag of unit ids: {@code id = SHA-256(tag || body bytes)}. */
  public static final DomainTag ID_TAG = DomainTag.of("cybervein/dag-unit-id/v1");

  private final SignedEnvelope envelope;
  private final UnitBody body;
  private final Hash id;
  private final Bytes encoded;

  private Unit(SignedEnvelope envelope, UnitBody body, Hash id, Bytes encoded) {
    this.envelope = envelope;
    this.body = body;
    this.id = id;
    this.encoded = encoded;
  }

  /**
   * Encodes and signs {@code body} with the author's key.
   *
   * @param body the unit's content
   * @param key the author's private key
   * @return the signed unit
   * @throws IllegalArgumentException if {@code key} is not the body's author
   */
  public static Unit sign(UnitBody body, Ed25519PrivateKey key) {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(key, "key");
    if (!key.publicKey().equals(body.author())) {
      throw new IllegalArgumentException("the key " + key + " is not the author " + body.author());
    }
    Bytes bytes = UnitCodec.encode(body);
    SignedEnvelope envelope = EnvelopeSigner.of(key).sign(PAYLOAD_TYPE, bytes);
    return new Unit(envelope, body, UnitCodec.unitId(bytes), envelope.encode());
  }

  /**
   * Decodes a unit received from outside and checks its shape against {@code limits}: canonical
   * encoding, payload type, signer = author, parent count and order, inline data size and hash,
   * attestation proof shape. The signatures are <em>not</em> verified here.
   *
   * @param encoded the received envelope bytes
   * @param limits the network's bounds on parents, inline data and size
   * @return the decoded unit, whose signatures are still to be verified
   * @throws InvalidUnitException with the reason of the first failed check; nothing is kept
   */
  public static Unit decode(Bytes encoded, UnitLimits limits) throws InvalidUnitException {
    Objects.requireNonNull(encoded, "encoded");
    Objects.requireNonNull(limits, "limits");
    if (encoded.size() > limits.maxEncodedSize()) {
      throw new InvalidUnitException(
          Reason.OVERSIZED,
          "unit of " + encoded.size() + " bytes exceeds " + limits.maxEncodedSize());
    }
    SignedEnvelope envelope;
    try {
      envelope = SignedEnvelope.decode(encoded, limits.maxEncodedSize());
    } catch (InvalidEncodingException e) {
      throw new InvalidUnitException(Reason.MALFORMED, "not an envelope: " + e.getMessage(), e);
    }
    if (!envelope.payloadType().equals(PAYLOAD_TYPE)) {
      throw new InvalidUnitException(
          Reason.WRONG_PAYLOAD_TYPE, "payload type " + envelope.payloadType());
    }
    UnitBody body = UnitCodec.decode(envelope.body(), limits);
    if (!body.author().equals(envelope.signer())) {
      throw new InvalidUnitException(
          Reason.AUTHOR_MISMATCH, "signed by " + envelope.signer() + ", author " + body.author());
    }
    return new Unit(envelope, body, UnitCodec.unitId(envelope.body()), encoded);
  }

  /**
   * The id: tagged SHA-256 of the body bytes.
   *
   * @return the unit id
   */
  public Hash id() {
    return id;
  }

  /**
   * The decoded body.
   *
   * @return the body
   */
  public UnitBody body() {
    return body;
  }

  /**
   * The author; shorthand for {@code body().author()}.
   *
   * @return the author's public key
   */
  public PublicKey author() {
    return body.author();
  }

  /**
   * The author's sequence number; shorthand for {@code body().sequence()}.
   *
   * @return the sequence number, from 0
   */
  public long sequence() {
    return body.sequence();
  }

  /**
   * The envelope as signed: body bytes, signer, signature.
   *
   * @return the signed envelope
   */
  public SignedEnvelope envelope() {
    return envelope;
  }

  /**
   * The encoded envelope, as it travels and is stored.
   *
   * @return the encoded envelope
   */
  public Bytes encoded() {
    return encoded;
  }

  /**
   * Size of {@link #encoded()} in bytes, e.g. for buffers bounded in bytes.
   *
   * @return the encoded size in bytes
   */
  public int encodedSize() {
    return encoded.size();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Unit other && id.equals(other.id) && encoded.equals(other.encoded);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "Unit[" + id + " by " + body.author() + " #" + body.sequence() + "]";
  }
}
