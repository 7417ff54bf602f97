package org.cybervein.api.store;

import java.util.Objects;
import java.util.Optional;
import org.cybervein.api.Bytes;

/**
 * A range of keys in unsigned-lexicographic order: from a first key (inclusive) to an optional end
 * key (exclusive).
 *
 * @param from the smallest key in the range
 * @param toExclusive the first key past the range, or empty for "to the last key"
 */
public record KeyRange(Bytes from, Optional<Bytes> toExclusive) {
  /**
   * Rejects an end key below the start key.
   *
   * @param from the smallest key in the range
   * @param toExclusive the first key past the range, or empty for "to the last key"
   */
  public KeyRange {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(toExclusive, "toExclusive");
    if (toExclusive.isPresent() && toExclusive.get().compareTo(from) < 0) {
      throw new IllegalArgumentException("range end " + toExclusive.get() + " is below " + from);
    }
  }

  /**
   * Every key.
   *
   * @return the range from the empty key with no end
   */
  public static KeyRange all() {
    return new KeyRange(Bytes.EMPTY, Optional.empty());
  }

  /**
   * Keys from {@code from} (inclusive) to {@code toExclusive}.
   *
   * @param from the first key of the range, inclusive
   * @param toExclusive the first key past the range, at least {@code from}
   * @return the range {@code [from, toExclusive)}
   * @throws IllegalArgumentException if {@code toExclusive} is below {@code from}
   */
  public static KeyRange between(Bytes from, Bytes toExclusive) {
    return new KeyRange(from, Optional.of(toExclusive));
  }

  /**
   * Keys from {@code from} (inclusive) to the last key.
   *
   * @param from the first key of the range, inclusive
   * @return the range from {@code from} with no end
   */
  public static KeyRange atLeast(Bytes from) {
    return new KeyRange(from, Optional.empty());
  }

  /**
   * Keys that begin with {@code prefix}.
   *
   * @param prefix the common first bytes; the empty prefix selects every key
   * @return the range of exactly the keys starting with {@code prefix}
   */
  public static KeyRange prefix(Bytes prefix) {
    byte[] end = prefix.toByteArray();
    // The first key past every key with this prefix: increment the last byte that is not 0xff
    // and drop what follows it. A prefix of only 0xff bytes runs to the end of the key space.
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xff) {
        end[i]++;
        return new KeyRange(prefix, Optional.of(Bytes.of(end, 0, i + 1)));
      }
    }
    return new KeyRange(prefix, Optional.empty());
  }

  /**
   * True if {@code key} lies in this range.
   *
   * @param key the key to test
   * @return true if {@code key} is at least {@link #from()} and below the end, if there is one
   */
  public boolean contains(Bytes key) {
    return key.compareTo(from) >= 0 && toExclusive.map(end -> key.compareTo(end) < 0).orElse(true);
  }
}
