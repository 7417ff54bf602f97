package org.cybervein.storageproofs.taglist;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;
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
 * A storage node's answer to a {@link ShardAuditChallenge}: the asked shards {@code f_i} with their
 * {@code r_i}, in the challenge's order.
 *
 * @param fileId the audited file
 * @param nonce the challenge's nonce
 * @param openings the shards, at most {@link ShardAuditChallenge#MAX_INDICES}
 */
public record ShardAuditResponse(Hash fileId, Bytes nonce, List<Shard> openings) {
  /** The largest encoding accepted. */
  public static final int MAX_ENCODED_SIZE = 16 * 1024 * 1024;

  // The file id, the nonce, and per opening its tag, index, shard and salt.
  private static final CanonicalParser<StorageProto.ShardAuditResponse> PARSER =
      CanonicalParser.of(
              StorageProto.ShardAuditResponse.getDefaultInstance(),
              MAX_ENCODED_SIZE,
              4 + 4 * ShardAuditChallenge.MAX_INDICES)
          .withMaxRepeats(
              StorageProto.ShardAuditResponse.getDescriptor()
                  .findFieldByNumber(StorageProto.ShardAuditResponse.OPENINGS_FIELD_NUMBER),
              ShardAuditChallenge.MAX_INDICES);

  /**
   * Checks the fields.
   *
   * @param fileId the audited file
   * @param nonce the challenge's nonce
   * @param openings the shards, at most {@link ShardAuditChallenge#MAX_INDICES}
   */
  public ShardAuditResponse {
    Objects.requireNonNull(fileId, "fileId");
    Objects.requireNonNull(nonce, "nonce");
    openings = List.copyOf(openings);
    if (openings.size() > ShardAuditChallenge.MAX_INDICES) {
      throw new IllegalArgumentException("too many openings: " + openings.size());
    }
  }

  /**
   * The honest answer to {@code challenge} from the shards a node stores.
   *
   * @param stored the node's shard of a given index
   * @param challenge the challenge to answer
   * @return the response with the challenged shards
   */
  public static ShardAuditResponse answer(
      ShardAuditChallenge challenge, IntFunction<Shard> stored) {
    List<Shard> openings = new ArrayList<>();
    for (int i : challenge.indices()) {
      openings.add(Objects.requireNonNull(stored.apply(i), "no shard " + i));
    }
    return new ShardAuditResponse(challenge.fileId(), challenge.nonce(), openings);
  }

  /**
   * The protobuf form.
   *
   * @return the protobuf message
   */
  public StorageProto.ShardAuditResponse toProto() {
    StorageProto.ShardAuditResponse.Builder b =
        StorageProto.ShardAuditResponse.newBuilder()
            .setFileId(ApiTypesCodec.toProto(fileId))
            .setNonce(ApiTypesCodec.byteString(nonce));
    for (Shard s : openings) {
      b.addOpenings(
          StorageProto.ShardOpening.newBuilder()
              .setIndex(s.index())
              .setShard(ApiTypesCodec.byteString(s.data()))
              .setSalt(ApiTypesCodec.byteString(s.salt())));
    }
    return b.build();
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
   * Decodes a response received from outside; {@link ShardAudit#verify} then checks it.
   *
   * @param encoded the received bytes
   * @return the response
   * @throws InvalidStorageProofException if the bytes are not a canonical, well-formed response
   */
  public static ShardAuditResponse decode(Bytes encoded) throws InvalidStorageProofException {
    StorageProto.ShardAuditResponse p = CanonicalProto.parse(encoded, PARSER, "audit response");
    if (!p.hasFileId()) {
      throw new InvalidStorageProofException(Reason.MISSING_FIELD, "a response needs a file id");
    }
    if (p.getOpeningsCount() > ShardAuditChallenge.MAX_INDICES) {
      throw new InvalidStorageProofException(Reason.OVERSIZED, "too many openings");
    }
    Bytes nonce =
        CanonicalProto.exactly(
            ApiTypesCodec.bytes(p.getNonce()), ShardAuditChallenge.NONCE_SIZE, "nonce");
    List<Shard> openings = new ArrayList<>(p.getOpeningsCount());
    for (StorageProto.ShardOpening o : p.getOpeningsList()) {
      if (o.getIndex() < 0 || o.getShard().isEmpty()) {
        throw new InvalidStorageProofException(
            Reason.INVALID_VALUE, "an opening needs an index below 2^31 and a non-empty shard");
      }
      Bytes salt =
          CanonicalProto.exactly(ApiTypesCodec.bytes(o.getSalt()), Shard.SALT_SIZE, "salt");
      openings.add(new Shard(o.getIndex(), ApiTypesCodec.bytes(o.getShard()), salt));
    }
    ShardAuditResponse value;
    try {
      value = new ShardAuditResponse(ApiTypesCodec.fromProto(p.getFileId()), nonce, openings);
    } catch (InvalidEncodingException e) {
      throw InvalidStorageProofException.from("audit response", e);
    }
    CanonicalProto.requireCanonical(encoded, value.encode(), "audit response");
    return value;
  }
}
