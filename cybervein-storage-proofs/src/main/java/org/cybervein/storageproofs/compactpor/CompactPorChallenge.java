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
 * A compact POR challenge: {@code count} blocks and their coefficients, expanded from {@code seed}
 * (see {@code ChallengeExpansion} for the exact rule), so the challenge is small whatever its size.
 *
 * @param fileId the audited file
 * @param count the number of challenged blocks, 1 to {@value CompactPor#MAX_CHALLENGED}
 * @param seed {@value #SEED_SIZE} random bytes chosen by the verifier
 */
public record CompactPorChallenge(Hash fileId, int count, Bytes seed) {
  /** Size of the seed. */
  public static final int SEED_SIZE = 32;

  /** The largest encoding accepted. */
  public static final int MAX_ENCODED_SIZE = 96;

  // The file id, the count and the seed.
  private static final CanonicalParser<StorageProto.CompactPorChallenge> PARSER =
      CanonicalParser.of(
          StorageProto.CompactPorChallenge.getDefaultInstance(), MAX_ENCODED_SIZE, 8);

  /**
   * Checks the fields.
   *
   * @param fileId the audited file
   * @param count the number of challenged blocks, 1 to {@value CompactPor#MAX_CHALLENGED}
   * @param seed {@value #SEED_SIZE} random bytes chosen by the verifier
   */
  public CompactPorChallenge {
    Objects.requireNonNull(fileId, "fileId");
    Objects.requireNonNull(seed, "seed");
    if (count < 1 || count > CompactPor.MAX_CHALLENGED) {
      throw new IllegalArgumentException("count outside [1, " + CompactPor.MAX_CHALLENGED + "]");
    }
    if (seed.size() != SEED_SIZE) {
      throw new IllegalArgumentException("seed must be " + SEED_SIZE + " bytes");
    }
  }

  /**
   * The protobuf form.
   *
   * @return the protobuf message
   */
  public StorageProto.CompactPorChallenge toProto() {
    return StorageProto.CompactPorChallenge.newBuilder()
        .setFileId(ApiTypesCodec.toProto(fileId))
        .setCount(count)
        .setSeed(ApiTypesCodec.byteString(seed))
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
  public static CompactPorChallenge decode(Bytes encoded) throws InvalidStorageProofException {
    StorageProto.CompactPorChallenge p =
        CanonicalProto.parse(encoded, PARSER, "compact POR challenge");
    if (!p.hasFileId()) {
      throw new InvalidStorageProofException(Reason.MISSING_FIELD, "a challenge needs a file id");
    }
    if (p.getCount() < 1 || p.getCount() > CompactPor.MAX_CHALLENGED) {
      throw new InvalidStorageProofException(Reason.INVALID_VALUE, "count out of range");
    }
    Bytes seed = CanonicalProto.exactly(ApiTypesCodec.bytes(p.getSeed()), SEED_SIZE, "seed");
    CompactPorChallenge value;
    try {
      value = new CompactPorChallenge(ApiTypesCodec.fromProto(p.getFileId()), p.getCount(), seed);
    } catch (InvalidEncodingException e) {
      throw InvalidStorageProofException.from("compact POR challenge", e);
    }
    CanonicalProto.requireCanonical(encoded, value.encode(), "compact POR challenge");
    return value;
  }
}
