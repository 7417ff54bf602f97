package org.cybervein.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.generators.SourceDSL.longs;

import org.cybervein.api.testing.PropertyRuns;
import org.junit.jupiter.api.Test;

class AmountTest {
  private static final Amount MAX = Amount.ofBaseUnits(Long.MAX_VALUE);

  @Test
  void rejectsNegativeAmounts() {
    assertThrows(IllegalArgumentException.class, () -> Amount.ofBaseUnits(-1));
    assertThrows(IllegalArgumentException.class, () -> Amount.ofCvt(-1));
  }

  @Test
  void arithmeticThrowsInsteadOfWrapping() {
    assertThrows(ArithmeticException.class, () -> MAX.plus(Amount.ofBaseUnits(1)));
    assertThrows(ArithmeticException.class, () -> MAX.times(2));
    assertThrows(ArithmeticException.class, () -> Amount.ofCvt(Long.MAX_VALUE / 10));
    assertThrows(ArithmeticException.class, () -> Amount.ZERO.minus(Amount.ofBaseUnits(1)));
    assertThrows(IllegalArgumentException.class, () -> MAX.times(-1));
    assertThrows(IllegalArgumentException.class, () -> MAX.dividedBy(0));
    assertThrows(IllegalArgumentException.class, () -> MAX.remainder(-3));
  }

  @Test
  void arithmeticWithinRange() {
    assertEquals(
        Amount.ofBaseUnits(250_000_000), Amount.ofCvt(2).plus(Amount.ofBaseUnits(50_000_000)));
    assertEquals(Amount.ZERO, Amount.ofCvt(3).minus(Amount.ofCvt(3)));
    assertEquals("12.50000000 CVT", Amount.ofBaseUnits(1_250_000_000).toString());
    assertEquals(MAX, MAX.times(1));
  }

  @Test
  void divisionLosesNoBaseUnit() {
    PropertyRuns.qt()
        .forAll(longs().between(0, Long.MAX_VALUE), longs().between(1, Long.MAX_VALUE))
        .checkAssert(
            (units, divisor) -> {
              Amount a = Amount.ofBaseUnits(units);
              Amount share = a.dividedBy(divisor);
              Amount rest = a.remainder(divisor);
              assertEquals(a, share.times(divisor).plus(rest));
              assertEquals(-1, rest.compareTo(Amount.ofBaseUnits(divisor)));
            });
  }
}
