package org.cybervein.storageproofs.por;

import java.util.ArrayList;
import java.util.List;
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
 * A sentinel POR challenge: send the blocks at these positions of the stored file.
 *
 * @param fileId the audited file
 * @param positions 1 to {@value #MAX_POSITIONS} block positions
 */
public record SentinelChallenge(Hash fileId, List<Long> positions) {
  /** The most positions one challenge asks for. */
  public static final int MAX_POSITIONS = 4096;

  /** The largest encoding accepted. */
  public static final int MAX_ENCODED_SIZE = 64 + 10 * MAX_POSITIONS;

  // The file id and one field per packed position.
  private static final CanonicalParser<StorageProto.SentinelChallenge> PARSER =
      CanonicalParser.of(
              StorageProto.SentinelChallenge.getDefaultInstance(),
              MAX_ENCODED_SIZE,
              8 + MAX_POSITIONS)
          .withMaxRepeats(
              StorageProto.SentinelChallenge.getDescriptor()
                  .findFieldByNumber(StorageProto.SentinelChallenge.POSITIONS_FIELD_NUMBER),
              MAX_POSITIONS);

  /**
   * Checks the fields.
   *
   * @param fileId the audited file
   * @param positions 1 to {@value #MAX_POSITIONS} block positions
   */
  public SentinelChallenge {
    Objects.requireNonNull(fileId, "fileId");
    positions = List.copyOf(positions);
    if (positions.isEmpty() || positions.size() > MAX_POSITIONS) {
      throw new IllegalArgumentException("a challenge asks for 1 to " + MAX_POSITIONS + " blocks");
    }
    if (positions.stream().anyMatch(p -> p < 0)) {
      throw new IllegalArgumentException("positions are never negative");
    }
  }

  /**
   * The protobuf form.
   *
   * @return the protobuf message
   */
  public StorageProto.SentinelChallenge toProto() {
    return StorageProto.SentinelChallenge.newBuilder()
        .setFileId(ApiTypesCodec.toProto(fileId))
        .addAllPositions(positions)
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
   * Decodes a challenge received from outside.
   *
   * @param encoded the received bytes
   * @return the challenge
   * @throws InvalidStorageProofException if the bytes are not a canonical, valid challenge
   */
  public static SentinelChallenge decode(Bytes encoded) throws InvalidStorageProofException {
    StorageProto.SentinelChallenge p = CanonicalProto.parse(encoded, PARSER, "sentinel challenge");
    if (!p.hasFileId()) {
      throw new InvalidStorageProofException(Reason.MISSING_FIELD, "a challenge needs a file id");
    }
    if (p.getPositionsCount() == 0 || p.getPositionsCount() > MAX_POSITIONS) {
      throw new InvalidStorageProofException(
          Reason.INVALID_VALUE, "a challenge asks for 1 to " + MAX_POSITIONS + " blocks");
    }
    List<Long> positions = new ArrayList<>(p.getPositionsList());
    if (positions.stream().anyMatch(x -> x < 0)) {
      throw new InvalidStorageProofException(Reason.INVALID_VALUE, "positions are below 2^63");
    }
    SentinelChallenge value;
    try {
      value = new SentinelChallenge(ApiTypesCodec.fromProto(p.getFileId()), positions);
    } catch (InvalidEncodingException e) {
      throw InvalidStorageProofException.from("sentinel challenge", e);
    }
    CanonicalProto.requireCanonical(encoded, value.encode(), "sentinel challenge");
    return value;
  }
}
