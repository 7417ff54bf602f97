package org.cybervein.storageproofs.taglist;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.NodeId;
import org.cybervein.api.random.RandomSource;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.InvalidStorageProofException.Reason;

/**
 * The upload steps of the whitepaper on the uploader's side: the file is split into shards {@code
 * f_1..f_n}, each with a random {@code r_i}, and the tag list of the {@code h(i)} is built for the
 * chosen storage nodes.
 */
public final class ShardedFile {
  /** The tag of {@link #fileId()}. */
  public static final DomainTag FILE_ID_TAG = DomainTag.of("cybervein/upload-file-id/v1");

  private final Hash fileId;
  private final long fileSize;
  private final int shardSize;
  private final List<Shard> shards;

  private ShardedFile(Hash fileId, long fileSize, int shardSize, List<Shard> shards) {
    this.fileId = fileId;
    this.fileSize = fileSize;
    this.shardSize = shardSize;
    this.shards = List.copyOf(shards);
  }

  /**
   * Splits {@code file} into shards of {@code shardSize} bytes (the last may be shorter), drawing
   * each {@code r_i} from {@code random}.
   *
   * @param file the file's bytes, not empty
   * @param shardSize the shard size in bytes, at least 1
   * @param random the source of the shards' random values r_i
   * @return the shards with the file's id
   * @throws IllegalArgumentException for an empty file, a non-positive shard size or more than
   *     {@link TagList#MAX_SHARDS} shards
   */
  public static ShardedFile split(Bytes file, int shardSize, RandomSource random) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(random, "random");
    if (file.isEmpty() || shardSize < 1) {
      throw new IllegalArgumentException("need a non-empty file and a positive shard size");
    }
    long n = TagList.shardCount(file.size(), shardSize);
    if (n > TagList.MAX_SHARDS) {
      throw new IllegalArgumentException(n + " shards exceed " + TagList.MAX_SHARDS);
    }
    List<Shard> shards = new ArrayList<>((int) n);
    for (int i = 0; i < n; i++) {
      int from = i * shardSize;
      // In long: from + shardSize overflows int for shards above 1 GiB.
      int to = (int) Math.min(file.size(), (long) from + shardSize);
      byte[] salt = new byte[Shard.SALT_SIZE];
      random.nextBytes(salt);
      shards.add(new Shard(i, file.slice(from, to), Bytes.of(salt)));
    }
    return new ShardedFile(fileId(file), file.size(), shardSize, shards);
  }

  /**
   * The content hash of a file: SHA-256 tagged {@link #FILE_ID_TAG} over its bytes.
   *
   * @param file the file's bytes
   * @return the file id
   */
  public static Hash fileId(Bytes file) {
    return HashFunction.SHA256.hash(FILE_ID_TAG, file);
  }

  /**
   * The file's content hash.
   *
   * @return the file id
   */
  public Hash fileId() {
    return fileId;
  }

  /**
   * The shards {@code f_i} with their {@code r_i}, in order.
   *
   * @return the shards
   */
  public List<Shard> shards() {
    return shards;
  }

  /**
   * The tag list with shard {@code i} stored at {@code locations.get(i % locations.size())}.
   *
   * @param locations the storage nodes, at least one
   * @return the tag list for the given placement
   */
  public TagList tagList(List<NodeId> locations) {
    if (locations.isEmpty()) {
      throw new IllegalArgumentException("need at least one storage node");
    }
    List<TagListEntry> entries = new ArrayList<>(shards.size());
    for (Shard s : shards) {
      entries.add(
          new TagListEntry(s.index(), s.tag(), locations.get(s.index() % locations.size())));
    }
    return new TagList(fileId, fileSize, shardSize, entries);
  }

  /**
   * Reassembles a file from all its shards, checking each against the tag list and the whole
   * against its id.
   *
   * @param tags the file's tag list
   * @param shards every shard, in index order
   * @return the file's bytes
   * @throws InvalidStorageProofException {@link Reason#INVALID_VALUE} if a shard is missing, {@link
   *     Reason#WRONG_CHALLENGE} if one is out of place, {@link Reason#PROOF_MISMATCH} if a shard or
   *     the file does not match, {@link Reason#OVERSIZED} if the file is too large for one array
   */
  public static Bytes join(TagList tags, List<Shard> shards) throws InvalidStorageProofException {
    if (shards.size() != tags.entries().size()) {
      throw new InvalidStorageProofException(
          Reason.INVALID_VALUE, "need " + tags.entries().size() + " shards, got " + shards.size());
    }
    // Check every shard before allocating: the size to allocate comes from the tag list, and only
    // shards that match it prove that a file of that size really is at hand.
    for (int i = 0; i < shards.size(); i++) {
      ShardAudit.checkOpening(tags, i, shards.get(i));
    }
    if (tags.fileSize() > Integer.MAX_VALUE - 8) {
      throw new InvalidStorageProofException(
          Reason.OVERSIZED, "a file of " + tags.fileSize() + " bytes does not fit one array");
    }
    byte[] file = new byte[(int) tags.fileSize()];
    for (int i = 0; i < shards.size(); i++) {
      shards.get(i).data().copyTo(file, i * tags.shardSize());
    }
    Bytes result = Bytes.of(file);
    if (!fileId(result).equals(tags.fileId())) {
      throw new InvalidStorageProofException(Reason.PROOF_MISMATCH, "file id does not match");
    }
    return result;
  }
}
