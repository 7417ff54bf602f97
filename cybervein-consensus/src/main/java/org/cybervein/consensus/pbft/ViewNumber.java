package org.cybervein.consensus.pbft;

/**
 * A PBFT view number v: the replicas move through views 0, 1, 2, ... and the primary of view v is
 * replica {@code v mod |R|}. Its own type so that a view is never passed where a sequence number is
 * meant (both are longs on the wire).
 *
 * @param value v, never negative
 */
public record ViewNumber(long value) implements Comparable<ViewNumber> {
  /** The view every group starts in. */
  public static final ViewNumber ZERO = new ViewNumber(0);

  /**
   * Rejects a negative view.
   *
   * @param value v, counting from 0
   * @throws IllegalArgumentException if {@code value} is negative
   */
  public ViewNumber {
    if (value < 0) {
      throw new IllegalArgumentException("a view number is not negative: " + value);
    }
  }

  /**
   * The view v.
   *
   * @param value v
   * @return the view
   * @throws IllegalArgumentException if {@code value} is negative
   */
  public static ViewNumber of(long value) {
    return new ViewNumber(value);
  }

  /**
   * The view after this one, v + 1.
   *
   * @return v + 1
   * @throws ArithmeticException if v is the largest long
   */
  public ViewNumber next() {
    return new ViewNumber(Math.addExact(value, 1));
  }

  /**
   * Whether this view comes after {@code other}.
   *
   * @param other the view to compare with
   * @return true if this view is greater
   */
  public boolean isAfter(ViewNumber other) {
    return value > other.value;
  }

  /**
   * Whether this view comes before {@code other}.
   *
   * @param other the view to compare with
   * @return true if this view is smaller
   */
  public boolean isBefore(ViewNumber other) {
    return value < other.value;
  }

  /**
   * Orders views by number.
   *
   * @param other the view to compare with
   * @return negative, zero or positive as this view is before, equal to or after {@code other}
   */
  @Override
  public int compareTo(ViewNumber other) {
    return Long.compare(value, other.value);
  }

  /**
   * The view as {@code v<number>}.
   *
   * @return e.g. {@code v3}
   */
  @Override
  public String toString() {
    return "v" + value;
  }
}
