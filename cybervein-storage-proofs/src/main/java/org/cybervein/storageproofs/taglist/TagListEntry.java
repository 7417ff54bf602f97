package org.cybervein.storageproofs.taglist;

import java.util.Objects;
import org.cybervein.api.Hash;
import org.cybervein.api.NodeId;

/**
 * One entry of an upload's tag list: {@code h(i)} and where shard {@code i} is stored.
 *
 * @param index {@code i}
 * @param tag {@code h(i) = H(f_i, r_i)}, see {@link Shard#tag()}
 * @param location the storage node holding {@code f_i}
 */
public record TagListEntry(int index, Hash tag, NodeId location) {
  /**
   * Checks the fields.
   *
   * @param index {@code i}
   * @param tag {@code h(i) = H(f_i, r_i)}, see {@link Shard#tag()}
   * @param location the storage node holding {@code f_i}
   */
  public TagListEntry {
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(location, "location");
    if (index < 0) {
      throw new IllegalArgumentException("index must not be negative, got " + index);
    }
  }
}
