package org.cybervein.api;

import java.math.BigDecimal;

/**
 * An amount of CVT, the network's token, counted in indivisible base units.
 *
 * <p>One CVT is {@link #BASE_UNITS_PER_CVT} base units, so a {@code long} holds about 92 billion
 * CVT, far above the token's supply. Amounts are never negative and every operation is checked: an
 * overflow or a subtraction below zero throws {@link ArithmeticException} instead of wrapping,
 * because a wrapped balance is a minted or burned balance.
 *
 * @param baseUnits the amount in base units, zero or more
 */
public record Amount(long baseUnits) implements Comparable<Amount> {
  /** Base units in one CVT (eight decimal places). */
  public static final long BASE_UNITS_PER_CVT = 100_000_000L;

  /** No CVT. */
  public static final Amount ZERO = new Amount(0);

  /**
   * Rejects negative amounts.
   *
   * @param baseUnits the amount in base units, zero or more
   */
  public Amount {
    if (baseUnits < 0) {
      throw new IllegalArgumentException("an amount is never negative, got " + baseUnits);
    }
  }

  /**
   * An amount of base units.
   *
   * @param baseUnits the amount in base units (10^-8 CVT), zero or more
   * @return the amount
   * @throws IllegalArgumentException if {@code baseUnits} is negative
   */
  public static Amount ofBaseUnits(long baseUnits) {
    return new Amount(baseUnits);
  }

  /**
   * A whole number of CVT; throws {@link ArithmeticException} on overflow.
   *
   * @param cvt a whole number of CVT, zero or more
   * @return the amount, {@code cvt} times {@link #BASE_UNITS_PER_CVT} base units
   * @throws ArithmeticException if the base units would overflow a {@code long}
   * @throws IllegalArgumentException if {@code cvt} is negative
   */
  public static Amount ofCvt(long cvt) {
    return new Amount(Math.multiplyExact(cvt, BASE_UNITS_PER_CVT));
  }

  /**
   * The sum; throws {@link ArithmeticException} on overflow.
   *
   * @param other the amount to add
   * @return the sum of both amounts
   * @throws ArithmeticException if the sum overflows a {@code long} of base units
   */
  public Amount plus(Amount other) {
    return new Amount(Math.addExact(baseUnits, other.baseUnits));
  }

  /**
   * The difference; throws {@link ArithmeticException} if it would be negative.
   *
   * @param other the amount to take away, at most this amount
   * @return this amount less {@code other}
   * @throws ArithmeticException if {@code other} is larger than this amount
   */
  public Amount minus(Amount other) {
    if (other.baseUnits > baseUnits) {
      throw new ArithmeticException(this + " - " + other + " would be negative");
    }
    return new Amount(baseUnits - other.baseUnits);
  }

  /**
   * This amount times a non-negative factor; throws {@link ArithmeticException} on overflow.
   *
   * @param factor the multiplier, zero or more
   * @return the product
   * @throws IllegalArgumentException if {@code factor} is negative
   * @throws ArithmeticException if the product overflows a {@code long} of base units
   */
  public Amount times(long factor) {
    if (factor < 0) {
      throw new IllegalArgumentException("factor must not be negative, got " + factor);
    }
    return new Amount(Math.multiplyExact(baseUnits, factor));
  }

  /**
   * This amount divided by a positive divisor, rounded down; see {@link #remainder(long)}.
   *
   * @param divisor the number of equal shares, at least 1
   * @return one share, rounded down to a whole base unit
   * @throws IllegalArgumentException if {@code divisor} is not positive
   */
  public Amount dividedBy(long divisor) {
    if (divisor <= 0) {
      throw new IllegalArgumentException("divisor must be positive, got " + divisor);
    }
    return new Amount(baseUnits / divisor);
  }

  /**
   * What {@link #dividedBy(long)} leaves over, so that no base unit is lost in a split.
   *
   * @param divisor the number of equal shares, at least 1
   * @return the base units left over after {@code divisor} equal shares, less than {@code divisor}
   * @throws IllegalArgumentException if {@code divisor} is not positive
   */
  public Amount remainder(long divisor) {
    if (divisor <= 0) {
      throw new IllegalArgumentException("divisor must be positive, got " + divisor);
    }
    return new Amount(baseUnits % divisor);
  }

  /**
   * True if this amount is zero.
   *
   * @return true if this amount has no base units
   */
  public boolean isZero() {
    return baseUnits == 0;
  }

  /**
   * True if this amount is at least {@code other}.
   *
   * @param other the amount to compare with
   * @return true if this amount is greater than or equal to {@code other}
   */
  public boolean isAtLeast(Amount other) {
    return baseUnits >= other.baseUnits;
  }

  @Override
  public int compareTo(Amount other) {
    return Long.compare(baseUnits, other.baseUnits);
  }

  /** The amount in CVT with all eight decimals, e.g. {@code "12.50000000 CVT"}. */
  @Override
  public String toString() {
    return BigDecimal.valueOf(baseUnits, 8).toPlainString() + " CVT";
  }
}
