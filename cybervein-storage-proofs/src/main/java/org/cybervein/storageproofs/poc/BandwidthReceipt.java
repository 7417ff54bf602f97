package org.cybervein.storageproofs.poc;

import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.PublicKey;
import org.cybervein.api.random.RandomSource;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.CanonicalParser;
import org.cybervein.api.wire.SignedEnvelope;
import org.cybervein.api.wire.v1.StorageProto;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.envelope.EnvelopeSigner;
import org.cybervein.crypto.envelope.EnvelopeVerifier;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.storageproofs.CanonicalProto;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.InvalidStorageProofException.Reason;

/**
 * A retrieval receipt: a downloader's signed statement that {@code provider} served it {@code
 * bytes} bytes of {@code content} in accounting window {@code window}. Receipts are the evidence of
 * the bandwidth {@code M_i} in a contribution; {@link BandwidthLedger} sums them.
 *
 * <p>A receipt travels as the body of a {@link SignedEnvelope} of payload type {@value
 * #PAYLOAD_TYPE} signed by the downloader; {@link #open(SignedEnvelope)} checks it.
 *
 * @param provider the node that served the content
 * @param content the content hash of what was served
 * @param bytes bytes served, at least 1
 * @param window the accounting window, zero or more
 * @param nonce {@value #NONCE_SIZE} random bytes that make each receipt distinct
 */
public record BandwidthReceipt(
    PublicKey provider, Hash content, long bytes, long window, Bytes nonce) {
  /** The envelope payload type of a signed receipt. */
  public static final String PAYLOAD_TYPE = "cybervein.v1.BandwidthReceipt";

  /** Size of the nonce. */
  public static final int NONCE_SIZE = 16;

  /** The largest encoding accepted. */
  public static final int MAX_ENCODED_SIZE = 256;

  // A key, a hash and three scalars: eight fields.
  private static final CanonicalParser<StorageProto.BandwidthReceipt> PARSER =
      CanonicalParser.of(StorageProto.BandwidthReceipt.getDefaultInstance(), MAX_ENCODED_SIZE, 16);

  /** The tag of {@link VerifiedReceipt#id()}. */
  public static final DomainTag ID_TAG = DomainTag.of("cybervein/bandwidth-receipt-id/v1");

  /**
   * Checks the fields.
   *
   * @param provider the node that served the content
   * @param content the content hash of what was served
   * @param bytes bytes served, at least 1
   * @param window the accounting window, zero or more
   * @param nonce {@value #NONCE_SIZE} random bytes that make each receipt distinct
   */
  public BandwidthReceipt {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(nonce, "nonce");
    if (bytes < 1) {
      throw new IllegalArgumentException("a receipt counts at least one byte, got " + bytes);
    }
    if (window < 0) {
      throw new IllegalArgumentException("window must not be negative, got " + window);
    }
    if (nonce.size() != NONCE_SIZE) {
      throw new IllegalArgumentException("nonce must be " + NONCE_SIZE + " bytes");
    }
  }

  /**
   * A receipt with a fresh nonce from {@code random}.
   *
   * @param provider the node that served the content
   * @param content the content hash of what was served
   * @param bytes the bytes served, at least 1
   * @param window the accounting window, zero or more
   * @param random the source of the {@value #NONCE_SIZE}-byte nonce
   * @return the receipt, still to be signed by the downloader
   */
  public static BandwidthReceipt of(
      PublicKey provider, Hash content, long bytes, long window, RandomSource random) {
    byte[] nonce = new byte[NONCE_SIZE];
    random.nextBytes(nonce);
    return new BandwidthReceipt(provider, content, bytes, window, Bytes.of(nonce));
  }

  /**
   * The protobuf form.
   *
   * @return the protobuf message of this receipt
   */
  public StorageProto.BandwidthReceipt toProto() {
    return StorageProto.BandwidthReceipt.newBuilder()
        .setProvider(ApiTypesCodec.toProto(provider))
        .setContent(ApiTypesCodec.toProto(content))
        .setBytes(bytes)
        .setWindow(window)
        .setNonce(ApiTypesCodec.byteString(nonce))
        .build();
  }

  /**
   * The canonical encoding, the body the downloader signs.
   *
   * @return the canonical bytes
   */
  public Bytes encode() {
    return Bytes.of(toProto().toByteArray());
  }

  /**
   * Signs this receipt as the downloader.
   *
   * @param downloader the signer of the node that downloaded the content
   * @return the signed receipt
   */
  public SignedEnvelope sign(EnvelopeSigner downloader) {
    return downloader.sign(PAYLOAD_TYPE, encode());
  }

  /**
   * Decodes a receipt body received from outside (without a signature check).
   *
   * @param encoded the received body bytes
   * @return the receipt
   * @throws InvalidStorageProofException if the bytes are not a canonical, complete, valid receipt
   */
  public static BandwidthReceipt decode(Bytes encoded) throws InvalidStorageProofException {
    StorageProto.BandwidthReceipt p = CanonicalProto.parse(encoded, PARSER, "bandwidth receipt");
    if (!p.hasProvider() || !p.hasContent()) {
      throw new InvalidStorageProofException(
          Reason.MISSING_FIELD, "a receipt needs a provider and a content hash");
    }
    if (p.getBytes() < 1 || p.getWindow() < 0) {
      throw new InvalidStorageProofException(
          Reason.INVALID_VALUE, "bytes must be in [1, 2^63) and window in [0, 2^63)");
    }
    Bytes nonce =
        CanonicalProto.exactly(ApiTypesCodec.bytes(p.getNonce()), NONCE_SIZE, "receipt nonce");
    BandwidthReceipt value;
    try {
      value =
          new BandwidthReceipt(
              ApiTypesCodec.fromProto(p.getProvider()),
              ApiTypesCodec.fromProto(p.getContent()),
              p.getBytes(),
              p.getWindow(),
              nonce);
    } catch (InvalidEncodingException e) {
      throw InvalidStorageProofException.from("bandwidth receipt", e);
    }
    CanonicalProto.requireCanonical(encoded, value.encode(), "bandwidth receipt");
    return value;
  }

  /**
   * Verifies a signed receipt: payload type, the downloader's signature over the exact body, the
   * body's decoding, and that the downloader is not the provider (a provider cannot vouch for its
   * own bandwidth).
   *
   * @param envelope the received signed receipt
   * @return the receipt with the downloader's key and the receipt id
   * @throws InvalidStorageProofException {@link Reason#BAD_SIGNATURE} if the signature or key is
   *     invalid, {@link Reason#INVALID_VALUE} for another payload type or a self-signed receipt, or
   *     a decoding reason
   */
  public static VerifiedReceipt open(SignedEnvelope envelope) throws InvalidStorageProofException {
    Objects.requireNonNull(envelope, "envelope");
    if (!envelope.payloadType().equals(PAYLOAD_TYPE)) {
      throw new InvalidStorageProofException(
          Reason.INVALID_VALUE, "expected a " + PAYLOAD_TYPE + ", got " + envelope.payloadType());
    }
    Bytes body;
    try {
      body = EnvelopeVerifier.open(envelope);
    } catch (InvalidCryptoInputException e) {
      throw InvalidStorageProofException.from("bandwidth receipt", e);
    }
    BandwidthReceipt receipt = decode(body);
    if (receipt.provider().equals(envelope.signer())) {
      throw new InvalidStorageProofException(
          Reason.INVALID_VALUE, "a provider cannot sign a receipt for itself");
    }
    Hash id =
        HashFunction.SHA256
            .newHasher(ID_TAG)
            .updateByte(KeyBytes.algorithmCode(envelope.signer()))
            .update(envelope.signer().encoded())
            .update(body)
            .digest();
    return new VerifiedReceipt(receipt, envelope.signer(), id);
  }

  /**
   * Decodes and verifies a signed receipt received as bytes.
   *
   * @param encodedEnvelope the received envelope bytes
   * @return the receipt with the downloader's key and the receipt id
   * @throws InvalidStorageProofException as {@link #open(SignedEnvelope)}, or if the bytes are not
   *     an envelope
   */
  public static VerifiedReceipt open(Bytes encodedEnvelope) throws InvalidStorageProofException {
    SignedEnvelope envelope;
    try {
      envelope = SignedEnvelope.decode(encodedEnvelope, 1024);
    } catch (InvalidEncodingException e) {
      throw InvalidStorageProofException.from("bandwidth receipt envelope", e);
    }
    return open(envelope);
  }
}
