package org.cybervein.storageproofs.taglist;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.NodeId;
import org.cybervein.api.random.RandomSource;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.CanonicalParser;
import org.cybervein.api.wire.v1.StorageProto;
import org.cybervein.storageproofs.CanonicalProto;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.InvalidStorageProofException.Reason;

/**
 * A super node's audit request: send shards {@code indices} of file {@code fileId}.
 *
 * @param fileId the audited file
 * @param indices distinct shard indices, 1 to {@value #MAX_INDICES}
 * @param nonce {@value #NONCE_SIZE} random bytes echoed in the response, so that an answer belongs
 *     to one audit
 */
public record ShardAuditChallenge(Hash fileId, List<Integer> indices, Bytes nonce) {
  /** The most shards one audit asks for. */
  public static final int MAX_INDICES = 1024;

  /** Size of the nonce. */
  public static final int NONCE_SIZE = 16;

  /** The largest encoding accepted. */
  public static final int MAX_ENCODED_SIZE = 64 + 5 * MAX_INDICES + 8;

  // The file id, the nonce and the packed indices, one field each.
  private static final CanonicalParser<StorageProto.ShardAuditChallenge> PARSER =
      CanonicalParser.of(
              StorageProto.ShardAuditChallenge.getDefaultInstance(),
              MAX_ENCODED_SIZE,
              8 + MAX_INDICES)
          .withMaxRepeats(
              StorageProto.ShardAuditChallenge.getDescriptor()
                  .findFieldByNumber(StorageProto.ShardAuditChallenge.INDICES_FIELD_NUMBER),
              MAX_INDICES);

  /**
   * Checks the fields.
   *
   * @param fileId the audited file
   * @param indices distinct shard indices, 1 to {@value #MAX_INDICES}
   * @param nonce {@value #NONCE_SIZE} random bytes echoed in the response, so that an answer
   *     belongs to one audit
   */
  public ShardAuditChallenge {
    Objects.requireNonNull(fileId, "fileId");
    Objects.requireNonNull(nonce, "nonce");
    indices = List.copyOf(indices);
    if (indices.isEmpty() || indices.size() > MAX_INDICES) {
      throw new IllegalArgumentException("an audit asks for 1 to " + MAX_INDICES + " shards");
    }
    if (new TreeSet<>(indices).size() != indices.size() || indices.stream().anyMatch(i -> i < 0)) {
      throw new IllegalArgumentException("indices must be distinct and non-negative");
    }
    if (nonce.size() != NONCE_SIZE) {
      throw new IllegalArgumentException("nonce must be " + NONCE_SIZE + " bytes");
    }
  }

  /**
   * A challenge for {@code count} distinct shards of {@code tags}' file, chosen uniformly among all
   * its shards: an audit of the whole file, for a file kept at one node (to audit one of several
   * storage nodes, use {@link #random(TagList, NodeId, int, RandomSource)}).
   *
   * @param tags the file's tag list
   * @param count the number of shards, from 1 to {@code min(shards, MAX_INDICES)}
   * @param random the source of the choice and the nonce
   * @return the challenge
   * @throws IllegalArgumentException if {@code count} is out of range
   */
  public static ShardAuditChallenge random(TagList tags, int count, RandomSource random) {
    int n = tags.entries().size();
    int[] pool = new int[n];
    for (int i = 0; i < n; i++) {
      pool[i] = i;
    }
    return pick(tags, pool, count, random);
  }

  /**
   * A challenge for {@code count} distinct shards chosen uniformly among those the tag list places
   * at {@code node}: the audit of one storage node, which holds only its own shards.
   *
   * @param tags the file's tag list
   * @param node the storage node to audit
   * @param count the number of shards to challenge
   * @param random the source of the choice and the nonce
   * @return the challenge
   * @throws IllegalArgumentException if {@code count} is not in {@code [1, min(shards at node,
   *     MAX_INDICES)]}
   */
  public static ShardAuditChallenge random(
      TagList tags, NodeId node, int count, RandomSource random) {
    Objects.requireNonNull(node, "node");
    int[] pool =
        tags.entries().stream()
            .filter(e -> e.location().equals(node))
            .mapToInt(TagListEntry::index)
            .toArray();
    return pick(tags, pool, count, random);
  }

  /** Partial Fisher-Yates: the first {@code count} entries of a uniform shuffle of the pool. */
  private static ShardAuditChallenge pick(
      TagList tags, int[] pool, int count, RandomSource random) {
    Objects.requireNonNull(random, "random");
    int n = pool.length;
    if (count < 1 || count > Math.min(n, MAX_INDICES)) {
      throw new IllegalArgumentException(
          "count must be in [1, min(" + n + " shards, " + MAX_INDICES + ")], got " + count);
    }
    List<Integer> chosen = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      int j = k + random.nextInt(n - k);
      int t = pool[k];
      pool[k] = pool[j];
      pool[j] = t;
      chosen.add(pool[k]);
    }
    byte[] nonce = new byte[NONCE_SIZE];
    random.nextBytes(nonce);
    return new ShardAuditChallenge(tags.fileId(), chosen, Bytes.of(nonce));
  }

  /**
   * The protobuf form.
   *
   * @return the protobuf message
   */
  public StorageProto.ShardAuditChallenge toProto() {
    return StorageProto.ShardAuditChallenge.newBuilder()
        .setFileId(ApiTypesCodec.toProto(fileId))
        .addAllIndices(indices)
        .setNonce(ApiTypesCodec.byteString(nonce))
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
  public static ShardAuditChallenge decode(Bytes encoded) throws InvalidStorageProofException {
    StorageProto.ShardAuditChallenge p = CanonicalProto.parse(encoded, PARSER, "audit challenge");
    if (!p.hasFileId()) {
      throw new InvalidStorageProofException(Reason.MISSING_FIELD, "a challenge needs a file id");
    }
    if (p.getIndicesCount() == 0 || p.getIndicesCount() > MAX_INDICES) {
      throw new InvalidStorageProofException(
          Reason.INVALID_VALUE, "an audit asks for 1 to " + MAX_INDICES + " shards");
    }
    List<Integer> indices = p.getIndicesList();
    if (new TreeSet<>(indices).size() != indices.size() || indices.stream().anyMatch(i -> i < 0)) {
      throw new InvalidStorageProofException(
          Reason.INVALID_VALUE, "indices must be distinct and below 2^31");
    }
    Bytes nonce = CanonicalProto.exactly(ApiTypesCodec.bytes(p.getNonce()), NONCE_SIZE, "nonce");
    ShardAuditChallenge value;
    try {
      value = new ShardAuditChallenge(ApiTypesCodec.fromProto(p.getFileId()), indices, nonce);
    } catch (InvalidEncodingException e) {
      throw InvalidStorageProofException.from("audit challenge", e);
    }
    CanonicalProto.requireCanonical(encoded, value.encode(), "audit challenge");
    return value;
  }
}
