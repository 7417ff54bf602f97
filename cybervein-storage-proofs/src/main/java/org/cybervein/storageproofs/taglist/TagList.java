package org.cybervein.storageproofs.taglist;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.PublicKey;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.CanonicalParser;
import org.cybervein.api.wire.SignedEnvelope;
import org.cybervein.api.wire.v1.StorageProto;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.envelope.EnvelopeSigner;
import org.cybervein.crypto.envelope.EnvelopeVerifier;
import org.cybervein.storageproofs.CanonicalProto;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.InvalidStorageProofException.Reason;

/**
 * The tag list of an uploaded file: the entries {@code h(i)} of its shards {@code f_1..f_n} with
 * their locations, signed by the uploader. A super node keeps it and audits storage nodes against
 * it ({@link ShardAudit}).
 *
 * @param fileId the file's content hash, see {@link ShardedFile#fileId()}
 * @param fileSize the file's size in bytes, at least 1
 * @param shardSize bytes per shard (the last may be shorter), at least 1
 * @param entries one entry per shard, indices 0, 1, ..., n - 1 in order, {@code n = ceil(fileSize /
 *     shardSize)}
 */
public record TagList(Hash fileId, long fileSize, int shardSize, List<TagListEntry> entries) {
  /** The envelope payload type of a signed tag list. */
  public static final String PAYLOAD_TYPE = "cybervein.v1.UploadTagList";

  /**
   * The most shards a tag list may have: chosen so that any valid tag list, even with 128-character
   * node ids (176 bytes per entry), encodes within {@link #MAX_ENCODED_SIZE} and its signed
   * envelope within {@link SignedEnvelope#DEFAULT_MAX_ENCODED_SIZE}.
   */
  public static final int MAX_SHARDS = 1 << 14;

  /** The largest encoding accepted (at most 176 bytes per entry, a few dozen more in all). */
  public static final int MAX_ENCODED_SIZE = SignedEnvelope.DEFAULT_MAX_ENCODED_SIZE - 4096;

  // The file id, two sizes, and per entry its tag, index, tag hash and location.
  private static final CanonicalParser<StorageProto.UploadTagList> PARSER =
      CanonicalParser.of(
              StorageProto.UploadTagList.getDefaultInstance(), MAX_ENCODED_SIZE, 4 + 6 * MAX_SHARDS)
          .withMaxRepeats(
              StorageProto.UploadTagList.getDescriptor()
                  .findFieldByNumber(StorageProto.UploadTagList.ENTRIES_FIELD_NUMBER),
              MAX_SHARDS);

  /**
   * Checks the fields and the shape of the entries.
   *
   * @param fileId the file's content hash, see {@link ShardedFile#fileId()}
   * @param fileSize the file's size in bytes, at least 1
   * @param shardSize bytes per shard (the last may be shorter), at least 1
   * @param entries one entry per shard, indices 0, 1, ..., n - 1 in order, {@code n = ceil(fileSize
   *     / shardSize)}
   */
  public TagList {
    Objects.requireNonNull(fileId, "fileId");
    entries = List.copyOf(entries);
    if (fileSize < 1 || shardSize < 1) {
      throw new IllegalArgumentException("file and shard sizes must be positive");
    }
    long n = shardCount(fileSize, shardSize);
    if (n > MAX_SHARDS || entries.size() != n) {
      throw new IllegalArgumentException(
          "a file of " + fileSize + " bytes in shards of " + shardSize + " has " + n + " shards");
    }
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i).index() != i) {
        throw new IllegalArgumentException("entry " + i + " has index " + entries.get(i).index());
      }
    }
  }

  /**
   * The number of shards of a file: {@code ceil(fileSize / shardSize)}.
   *
   * @param fileSize the file size in bytes, zero or more
   * @param shardSize the shard size in bytes, at least 1
   * @return the number of shards
   */
  public static long shardCount(long fileSize, int shardSize) {
    // Not (fileSize + shardSize - 1) / shardSize: that overflows for sizes near 2^63.
    return fileSize / shardSize + (fileSize % shardSize == 0 ? 0 : 1);
  }

  /**
   * The size of shard {@code index}: {@code shardSize}, or less for the last one.
   *
   * @param index the shard index
   * @return the shard's length in bytes
   */
  public int shardLength(int index) {
    Objects.checkIndex(index, entries.size());
    long start = (long) index * shardSize;
    return (int) Math.min(shardSize, fileSize - start);
  }

  /**
   * The protobuf form.
   *
   * @return the protobuf message
   */
  public StorageProto.UploadTagList toProto() {
    StorageProto.UploadTagList.Builder b =
        StorageProto.UploadTagList.newBuilder()
            .setFileId(ApiTypesCodec.toProto(fileId))
            .setFileSize(fileSize)
            .setShardSize(shardSize);
    for (TagListEntry e : entries) {
      b.addEntries(
          StorageProto.UploadTagListEntry.newBuilder()
              .setIndex(e.index())
              .setTag(ApiTypesCodec.toProto(e.tag()))
              .setLocation(ApiTypesCodec.toProto(e.location())));
    }
    return b.build();
  }

  /**
   * The canonical encoding, the body the uploader signs.
   *
   * @return the canonical bytes
   */
  public Bytes encode() {
    return Bytes.of(toProto().toByteArray());
  }

  /**
   * Signs this tag list as the uploader.
   *
   * @param uploader the uploader's signer
   * @return the signed tag list
   */
  public SignedEnvelope sign(EnvelopeSigner uploader) {
    return uploader.sign(PAYLOAD_TYPE, encode());
  }

  /**
   * Decodes a tag list received from outside (without a signature check).
   *
   * @param encoded the received bytes
   * @return the tag list
   * @throws InvalidStorageProofException if the bytes are not a canonical, consistent tag list
   */
  public static TagList decode(Bytes encoded) throws InvalidStorageProofException {
    StorageProto.UploadTagList p = CanonicalProto.parse(encoded, PARSER, "tag list");
    if (!p.hasFileId()) {
      throw new InvalidStorageProofException(Reason.MISSING_FIELD, "a tag list needs a file id");
    }
    if (p.getFileSize() < 1 || p.getShardSize() < 1) {
      throw new InvalidStorageProofException(
          Reason.INVALID_VALUE, "file size and shard size must be positive");
    }
    long n = shardCount(p.getFileSize(), p.getShardSize());
    if (n > MAX_SHARDS) {
      throw new InvalidStorageProofException(Reason.OVERSIZED, n + " shards exceed " + MAX_SHARDS);
    }
    if (p.getEntriesCount() != n) {
      throw new InvalidStorageProofException(
          Reason.INVALID_VALUE, "expected " + n + " entries, got " + p.getEntriesCount());
    }
    List<TagListEntry> entries = new ArrayList<>(p.getEntriesCount());
    TagList value;
    try {
      for (int i = 0; i < p.getEntriesCount(); i++) {
        StorageProto.UploadTagListEntry e = p.getEntries(i);
        if (e.getIndex() != i) {
          throw new InvalidStorageProofException(
              Reason.INVALID_VALUE, "entry " + i + " has index " + e.getIndex());
        }
        if (!e.hasTag() || !e.hasLocation()) {
          throw new InvalidStorageProofException(
              Reason.MISSING_FIELD, "entry " + i + " needs a tag and a location");
        }
        entries.add(
            new TagListEntry(
                i, ApiTypesCodec.fromProto(e.getTag()), ApiTypesCodec.fromProto(e.getLocation())));
      }
      value =
          new TagList(
              ApiTypesCodec.fromProto(p.getFileId()), p.getFileSize(), p.getShardSize(), entries);
    } catch (InvalidEncodingException e) {
      throw InvalidStorageProofException.from("tag list", e);
    }
    CanonicalProto.requireCanonical(encoded, value.encode(), "tag list");
    return value;
  }

  /**
   * Verifies a tag list signed by {@code uploader} and decodes it.
   *
   * @param envelope the received signed tag list
   * @param uploader the key that must have signed it
   * @return the tag list
   * @throws InvalidStorageProofException {@link Reason#BAD_SIGNATURE} if another key signed it or
   *     the signature does not verify, {@link Reason#INVALID_VALUE} for another payload type, or a
   *     decoding reason
   */
  public static TagList open(SignedEnvelope envelope, PublicKey uploader)
      throws InvalidStorageProofException {
    if (!envelope.payloadType().equals(PAYLOAD_TYPE)) {
      throw new InvalidStorageProofException(
          Reason.INVALID_VALUE, "expected a " + PAYLOAD_TYPE + ", got " + envelope.payloadType());
    }
    if (!envelope.signer().equals(uploader)) {
      throw new InvalidStorageProofException(
          Reason.BAD_SIGNATURE, "tag list signed by " + envelope.signer() + ", not " + uploader);
    }
    try {
      return decode(EnvelopeVerifier.open(envelope));
    } catch (InvalidCryptoInputException e) {
      throw InvalidStorageProofException.from("tag list", e);
    }
  }

  @Override
  public String toString() {
    return "TagList[" + fileId + ", " + fileSize + " bytes, " + entries.size() + " shards]";
  }
}
