package org.cybervein.dag.certification;

import java.util.BitSet;
import java.util.Objects;
import org.cybervein.api.Bytes;

/**
 * An immutable set of validator indices (positions in a {@link ValidatorSet}): which validators
 * have a unit that references a given unit, directly or transitively. Stored per uncertified unit
 * so that a restart resumes certification without walking the DAG again.
 *
 * <p>Encoding: the little-endian bytes of {@link BitSet#toByteArray()} (bit {@code i} is bit {@code
 * i % 8} of byte {@code i / 8}, no trailing zero bytes).
 */
public final class ValidatorBits {
  /** The empty set. */
  public static final ValidatorBits EMPTY = new ValidatorBits(new BitSet());

  private final BitSet bits;

  private ValidatorBits(BitSet owned) {
    this.bits = owned;
  }

  /**
   * A copy of {@code bits}.
   *
   * @param bits the validator indices; copied
   * @return the set of validator indices
   */
  public static ValidatorBits of(BitSet bits) {
    return new ValidatorBits((BitSet) Objects.requireNonNull(bits, "bits").clone());
  }

  /**
   * The set of these indices.
   *
   * @param indices validator indices, zero or more
   * @return the set of validator indices
   */
  public static ValidatorBits of(int... indices) {
    BitSet b = new BitSet();
    for (int i : indices) {
      if (i < 0) {
        throw new IllegalArgumentException("negative validator index " + i);
      }
      b.set(i);
    }
    return new ValidatorBits(b);
  }

  /**
   * Decodes {@link #encode()}'s output.
   *
   * @param encoded the stored bytes
   * @return the set of validator indices
   * @throws IllegalArgumentException if the last byte is zero (not the canonical encoding); stored
   *     bytes are trusted, so this is a corrupt store, not untrusted input
   */
  public static ValidatorBits decode(Bytes encoded) {
    byte[] raw = encoded.toByteArray();
    if (raw.length > 0 && raw[raw.length - 1] == 0) {
      throw new IllegalArgumentException("validator bits with a trailing zero byte");
    }
    return new ValidatorBits(BitSet.valueOf(raw));
  }

  /**
   * The canonical encoding described in the type's documentation.
   *
   * @return the little-endian bit string without trailing zero bytes
   */
  public Bytes encode() {
    return Bytes.of(bits.toByteArray());
  }

  /**
   * True if validator {@code index} is in the set.
   *
   * @param index the validator's index, zero or more
   * @return true if it is in the set
   */
  public boolean contains(int index) {
    return bits.get(index);
  }

  /**
   * The number of validators in the set.
   *
   * @return the set's size
   */
  public int cardinality() {
    return bits.cardinality();
  }

  /**
   * A mutable copy.
   *
   * @return a new bit set the caller may change
   */
  public BitSet toBitSet() {
    return (BitSet) bits.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ValidatorBits other && bits.equals(other.bits);
  }

  @Override
  public int hashCode() {
    return bits.hashCode();
  }

  @Override
  public String toString() {
    return "ValidatorBits" + bits;
  }
}
