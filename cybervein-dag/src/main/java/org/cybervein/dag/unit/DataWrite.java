package org.cybervein.dag.unit;

import java.util.Objects;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;

/**
 * A write of data to a data set: the whitepaper's data unit. Large content stays off the DAG and
 * only its hash and size travel; small content may travel inline.
 *
 * @param dataSetId the data set written to
 * @param contentHash plain SHA-256 of the content
 * @param size the content's size in bytes
 * @param inlineData the content itself, if it travels inline; then {@code size} is its length
 */
public record DataWrite(Hash dataSetId, Hash contentHash, long size, Optional<Bytes> inlineData)
    implements Payload {
  /**
   * Rejects null components, a negative size and inline data whose length is not the size.
   *
   * @param dataSetId the data set written to
   * @param contentHash plain SHA-256 of the content
   * @param size the content's size in bytes
   * @param inlineData the content itself, if it travels inline; then {@code size} is its length
   */
  public DataWrite {
    Objects.requireNonNull(dataSetId, "dataSetId");
    Objects.requireNonNull(contentHash, "contentHash");
    Objects.requireNonNull(inlineData, "inlineData");
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative, got " + size);
    }
    if (inlineData.isPresent() && inlineData.get().size() != size) {
      throw new IllegalArgumentException(
          "inline data of " + inlineData.get().size() + " bytes but size " + size);
    }
  }

  /**
   * The number of inline bytes this payload carries (0 without inline data).
   *
   * @return the inline data size in bytes
   */
  public int inlineSize() {
    return inlineData.map(Bytes::size).orElse(0);
  }
}
