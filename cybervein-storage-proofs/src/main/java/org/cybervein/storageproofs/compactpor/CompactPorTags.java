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
 * The authenticators {@code sigma_1..sigma_n} of a file, which the storage node keeps beside it.
 *
 * @param fileId the file
 * @param sectorsPerBlock {@code s}
 * @param tags {@code n} elements of Z_p, 16 bytes each, big-endian
 */
public record CompactPorTags(Hash fileId, int sectorsPerBlock, Bytes tags) {
  /** The largest encoding accepted. */
  public static final int MAX_ENCODED_SIZE = 16 * CompactPor.MAX_BLOCKS + 64;

  // The file id, the sector count and the tags as one bytes field.
  private static final CanonicalParser<StorageProto.CompactPorTags> PARSER =
      CanonicalParser.of(StorageProto.CompactPorTags.getDefaultInstance(), MAX_ENCODED_SIZE, 8);

  /**
   * Checks the fields.
   *
   * @param fileId the file
   * @param sectorsPerBlock {@code s}
   * @param tags {@code n} elements of Z_p, 16 bytes each, big-endian
   */
  public CompactPorTags {
    Objects.requireNonNull(fileId, "fileId");
    Objects.requireNonNull(tags, "tags");
    if (sectorsPerBlock < 1 || sectorsPerBlock > CompactPor.MAX_SECTORS) {
      throw new IllegalArgumentException(
          "sectorsPerBlock outside [1, " + CompactPor.MAX_SECTORS + "]");
    }
    if (tags.isEmpty() || tags.size() % 16 != 0 || tags.size() / 16 > CompactPor.MAX_BLOCKS) {
      throw new IllegalArgumentException("tags must be 1 to MAX_BLOCKS 16-byte elements");
    }
  }

  /**
   * The number of tags, {@code n}.
   *
   * @return n, one tag per block of the file
   */
  public int count() {
    return tags.size() / PrimeField.ELEMENT_SIZE;
  }

  /**
   * The protobuf form.
   *
   * @return the protobuf message
   */
  public StorageProto.CompactPorTags toProto() {
    return StorageProto.CompactPorTags.newBuilder()
        .setFileId(ApiTypesCodec.toProto(fileId))
        .setSectorsPerBlock(sectorsPerBlock)
        .setTags(ApiTypesCodec.byteString(tags))
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
   * Decodes tags received from outside (a storage node receiving them from an uploader).
   *
   * @param encoded the received bytes
   * @return the tags
   * @throws InvalidStorageProofException if the bytes are not canonical, well-sized tags with every
   *     element below p
   */
  public static CompactPorTags decode(Bytes encoded) throws InvalidStorageProofException {
    StorageProto.CompactPorTags p = CanonicalProto.parse(encoded, PARSER, "compact POR tags");
    if (!p.hasFileId()) {
      throw new InvalidStorageProofException(Reason.MISSING_FIELD, "tags need a file id");
    }
    if (p.getSectorsPerBlock() < 1 || p.getSectorsPerBlock() > CompactPor.MAX_SECTORS) {
      throw new InvalidStorageProofException(
          Reason.INVALID_VALUE, "sectors per block out of range");
    }
    Bytes tags = ApiTypesCodec.bytes(p.getTags());
    if (tags.isEmpty() || tags.size() % 16 != 0) {
      throw new InvalidStorageProofException(Reason.WRONG_LENGTH, "tags must be 16-byte elements");
    }
    // The byte cap leaves room for one element more than MAX_BLOCKS; refuse it here, or the
    // constructor's IllegalArgumentException would escape to the caller.
    if (tags.size() / 16 > CompactPor.MAX_BLOCKS) {
      throw new InvalidStorageProofException(
          Reason.OVERSIZED, "more than " + CompactPor.MAX_BLOCKS + " tags");
    }
    byte[] raw = tags.toByteArray();
    for (int o = 0; o < raw.length; o += 16) {
      PrimeField.read(raw, o, "tag");
    }
    CompactPorTags value;
    try {
      value =
          new CompactPorTags(ApiTypesCodec.fromProto(p.getFileId()), p.getSectorsPerBlock(), tags);
    } catch (InvalidEncodingException e) {
      throw InvalidStorageProofException.from("compact POR tags", e);
    }
    CanonicalProto.requireCanonical(encoded, value.encode(), "compact POR tags");
    return value;
  }

  @Override
  public String toString() {
    return "CompactPorTags[" + fileId + ", " + count() + " blocks of " + sectorsPerBlock + "]";
  }
}
