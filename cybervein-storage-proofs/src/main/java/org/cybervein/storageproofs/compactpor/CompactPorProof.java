package org.cybervein.storageproofs.compactpor;

import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.CanonicalParser;
import org.cybervein.api.wire.v1.StorageProto;
import org.cybervein.storageproofs.CanonicalProto;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.InvalidStorageProofException.Reason;

/**
 * The compact POR proof {@code (mu_1..mu_s, sigma)}: {@code s + 1} field elements whatever the
 * number of challenged blocks ({@code 16 (s + 1)} bytes plus framing).
 *
 * @param fileId the audited file
 * @param mu {@code mu_j = sum nu_i m_ij mod p}, {@code s} elements of 16 bytes
 * @param sigma {@code sigma = sum nu_i sigma_i mod p}, 16 bytes
 */
public record CompactPorProof(Hash fileId, Bytes mu, Bytes sigma) {
  /** The largest encoding accepted. */
  public static final int MAX_ENCODED_SIZE = 16 * CompactPor.MAX_SECTORS + 96;

  // The file id, mu and sigma.
  private static final CanonicalParser<StorageProto.CompactPorProof> PARSER =
      CanonicalParser.of(StorageProto.CompactPorProof.getDefaultInstance(), MAX_ENCODED_SIZE, 8);

  /**
   * Checks the sizes.
   *
   * @param fileId the audited file
   * @param mu {@code mu_j = sum nu_i m_ij mod p}, {@code s} elements of 16 bytes
   * @param sigma {@code sigma = sum nu_i sigma_i mod p}, 16 bytes
   */
  public CompactPorProof {
    Objects.requireNonNull(fileId, "fileId");
    Objects.requireNonNull(mu, "mu");
    Objects.requireNonNull(sigma, "sigma");
    if (mu.isEmpty() || mu.size() % 16 != 0 || mu.size() / 16 > CompactPor.MAX_SECTORS) {
      throw new IllegalArgumentException("mu must be 1 to MAX_SECTORS 16-byte elements");
    }
    if (sigma.size() != 16) {
      throw new IllegalArgumentException("sigma must be 16 bytes");
    }
  }

  /**
   * The protobuf form.
   *
   * @return the protobuf message
   */
  public StorageProto.CompactPorProof toProto() {
    return StorageProto.CompactPorProof.newBuilder()
        .setFileId(ApiTypesCodec.toProto(fileId))
        .setMu(ApiTypesCodec.byteString(mu))
        .setSigma(ApiTypesCodec.byteString(sigma))
        .build();
  }

  /**
   * The canonical encoding.
   *
   * @return the canonical bytes
   */
  public Bytes encode() {
    return Bytes.of(toProto().toByteArray());
  }

  /**
   * Decodes a proof received from outside.
   *
   * @param encoded the received bytes
   * @return the proof
   * @throws InvalidStorageProofException if the bytes are not a canonical proof with every element
   *     below p
   */
  public static CompactPorProof decode(Bytes encoded) throws InvalidStorageProofException {
    StorageProto.CompactPorProof p = CanonicalProto.parse(encoded, PARSER, "compact POR proof");
    if (!p.hasFileId()) {
      throw new InvalidStorageProofException(Reason.MISSING_FIELD, "a proof needs a file id");
    }
    Bytes mu = ApiTypesCodec.bytes(p.getMu());
    if (mu.isEmpty() || mu.size() % 16 != 0 || mu.size() / 16 > CompactPor.MAX_SECTORS) {
      throw new InvalidStorageProofException(Reason.WRONG_LENGTH, "mu must be 16-byte elements");
    }
    Bytes sigma = CanonicalProto.exactly(ApiTypesCodec.bytes(p.getSigma()), 16, "sigma");
    byte[] raw = mu.toByteArray();
    for (int o = 0; o < raw.length; o += 16) {
      PrimeField.read(raw, o, "mu");
    }
    PrimeField.read(sigma.toByteArray(), 0, "sigma");
    CompactPorProof value;
    try {
      value = new CompactPorProof(ApiTypesCodec.fromProto(p.getFileId()), mu, sigma);
    } catch (InvalidEncodingException e) {
      throw InvalidStorageProofException.from("compact POR proof", e);
    }
    CanonicalProto.requireCanonical(encoded, value.encode(), "compact POR proof");
    return value;
  }
}
