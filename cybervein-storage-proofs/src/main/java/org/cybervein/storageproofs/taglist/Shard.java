package org.cybervein.storageproofs.taglist;

import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;

/**
 * Shard {@code f_i} of an uploaded file with its random {@code r_i}; also the opening a storage
 * node sends in an audit.
 *
 * @param index {@code i}, from 0
 * @param data {@code f_i}, 1 or more bytes
 * @param salt {@code r_i}, {@value #SALT_SIZE} random bytes
 */
public record Shard(int index, Bytes data, Bytes salt) {
  /** Size of {@code r_i}. */
  public static final int SALT_SIZE = 32;

  /** The tag of {@link #tag()}. */
  public static final DomainTag TAG = DomainTag.of("cybervein/upload-shard-tag/v1");

  /**
   * Checks the fields.
   *
   * @param index {@code i}, from 0
   * @param data {@code f_i}, 1 or more bytes
   * @param salt {@code r_i}, {@value #SALT_SIZE} random bytes
   */
  public Shard {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(salt, "salt");
    if (index < 0) {
      throw new IllegalArgumentException("index must not be negative, got " + index);
    }
    if (data.isEmpty()) {
      throw new IllegalArgumentException("a shard holds at least one byte");
    }
    if (salt.size() != SALT_SIZE) {
      throw new IllegalArgumentException("salt must be " + SALT_SIZE + " bytes");
    }
  }

  /**
   * The tag list entry {@code h(i) = H(f_i, r_i)}: SHA-256 tagged {@link #TAG} over {@code u32be(i)
   * || u32be(|f_i|) || f_i || r_i}. The index binds the shard to its place in the file.
   *
   * @return h(i)
   */
  public Hash tag() {
    return HashFunction.SHA256
        .newHasher(TAG)
        .updateInt(index)
        .updateInt(data.size())
        .update(data)
        .update(salt)
        .digest();
  }

  @Override
  public String toString() {
    return "Shard[" + index + ", " + data.size() + " bytes]";
  }
}
