package org.cybervein.consensus.pbft;

/**
 * A PBFT sequence number n: the position of a batch, and of the log executed from it, in a
 * database's operation log. 0 is the genesis state before the first log; logs are numbered from 1.
 * Its own type so that a sequence number is never passed where a view is meant (both are longs on
 * the wire).
 *
 * @param value n, never negative
 */
public record SequenceNumber(long value) implements Comparable<SequenceNumber> {
  /** The genesis state, before log 1. */
  public static final SequenceNumber ZERO = new SequenceNumber(0);

  /**
   * Rejects a negative sequence number.
   *
   * @param value n; 0 for the genesis state, from 1 for logs
   * @throws IllegalArgumentException if {@code value} is negative
   */
  public SequenceNumber {
    if (value < 0) {
      throw new IllegalArgumentException("a sequence number is not negative: " + value);
    }
  }

  /**
   * The sequence number n.
   *
   * @param value n
   * @return the sequence number
   * @throws IllegalArgumentException if {@code value} is negative
   */
  public static SequenceNumber of(long value) {
    return new SequenceNumber(value);
  }

  /**
   * The sequence number after this one, n + 1.
   *
   * @return n + 1
   * @throws ArithmeticException if n is the largest long
   */
  public SequenceNumber next() {
    return new SequenceNumber(Math.addExact(value, 1));
  }

  /**
   * The sequence number {@code k} after this one, n + k.
   *
   * @param k how far ahead, not negative
   * @return n + k
   * @throws IllegalArgumentException if {@code k} is negative
   * @throws ArithmeticException if n + k overflows a long
   */
  public SequenceNumber plus(long k) {
    if (k < 0) {
      throw new IllegalArgumentException("a step forward is not negative: " + k);
    }
    return new SequenceNumber(Math.addExact(value, k));
  }

  /**
   * Whether this sequence number comes after {@code other}.
   *
   * @param other the sequence number to compare with
   * @return true if this one is greater
   */
  public boolean isAfter(SequenceNumber other) {
    return value > other.value;
  }

  /**
   * Whether this sequence number comes before {@code other}.
   *
   * @param other the sequence number to compare with
   * @return true if this one is smaller
   */
  public boolean isBefore(SequenceNumber other) {
    return value < other.value;
  }

  /**
   * The greater of two sequence numbers.
   *
   * @param a one
   * @param b the other
   * @return {@code a} if it is not before {@code b}, else {@code b}
   */
  public static SequenceNumber max(SequenceNumber a, SequenceNumber b) {
    return a.value >= b.value ? a : b;
  }

  /**
   * Orders sequence numbers by number.
   *
   * @param other the sequence number to compare with
   * @return negative, zero or positive as this one is before, equal to or after {@code other}
   */
  @Override
  public int compareTo(SequenceNumber other) {
    return Long.compare(value, other.value);
  }

  /**
   * The sequence number as {@code n=<number>}.
   *
   * @return e.g. {@code n=12}
   */
  @Override
  public String toString() {
    return "n=" + value;
  }
}
