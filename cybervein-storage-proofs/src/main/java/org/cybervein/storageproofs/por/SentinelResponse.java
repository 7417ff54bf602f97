package org.cybervein.storageproofs.por;

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
 * The prover's answer to a {@link SentinelChallenge}: the 16-byte blocks at the challenged
 * positions, concatenated in challenge order.
 *
 * @param fileId the audited file
 * @param blocks a multiple of 16 bytes, at most {@code 16 * MAX_POSITIONS}
 */
public record SentinelResponse(Hash fileId, Bytes blocks) {
  /** The largest encoding accepted. */
  public static final int MAX_ENCODED_SIZE = 64 + 16 * SentinelChallenge.MAX_POSITIONS + 8;

  // The file id and the blocks.
  private static final CanonicalParser<StorageProto.SentinelResponse> PARSER =
      CanonicalParser.of(StorageProto.SentinelResponse.getDefaultInstance(), MAX_ENCODED_SIZE, 8);

  /**
   * Checks the fields.
   *
   * @param fileId the audited file
   * @param blocks a multiple of 16 bytes, at most {@code 16 * MAX_POSITIONS}
   */
  public SentinelResponse {
    Objects.requireNonNull(fileId, "fileId");
    Objects.requireNonNull(blocks, "blocks");
    if (blocks.size() % SentinelPor.BLOCK_SIZE != 0
        || blocks.size() > SentinelPor.BLOCK_SIZE * SentinelChallenge.MAX_POSITIONS) {
      throw new IllegalArgumentException("blocks must be whole 16-byte blocks within the limit");
    }
  }

  /**
   * The protobuf form.
   *
   * @return the protobuf message
   */
  public StorageProto.SentinelResponse toProto() {
    return StorageProto.SentinelResponse.newBuilder()
        .setFileId(ApiTypesCodec.toProto(fileId))
        .setBlocks(ApiTypesCodec.byteString(blocks))
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
   * Decodes a response received from outside.
   *
   * @param encoded the received bytes
   * @return the response
   * @throws InvalidStorageProofException if the bytes are not a canonical, valid response
   */
  public static SentinelResponse decode(Bytes encoded) throws InvalidStorageProofException {
    StorageProto.SentinelResponse p = CanonicalProto.parse(encoded, PARSER, "sentinel response");
    if (!p.hasFileId()) {
      throw new InvalidStorageProofException(Reason.MISSING_FIELD, "a response needs a file id");
    }
    Bytes blocks = ApiTypesCodec.bytes(p.getBlocks());
    if (blocks.size() % SentinelPor.BLOCK_SIZE != 0
        || blocks.size() > SentinelPor.BLOCK_SIZE * SentinelChallenge.MAX_POSITIONS) {
      throw new InvalidStorageProofException(
          Reason.WRONG_LENGTH, "blocks must be whole 16-byte blocks within the limit");
    }
    SentinelResponse value;
    try {
      value = new SentinelResponse(ApiTypesCodec.fromProto(p.getFileId()), blocks);
    } catch (InvalidEncodingException e) {
      throw InvalidStorageProofException.from("sentinel response", e);
    }
    CanonicalProto.requireCanonical(encoded, value.encode(), "sentinel response");
    return value;
  }
}
