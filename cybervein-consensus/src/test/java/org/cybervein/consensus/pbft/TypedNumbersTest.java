package org.cybervein.consensus.pbft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;

/** {@link ViewNumber} and {@link SequenceNumber}: validated, ordered like their numbers. */
class TypedNumbersTest {
  static final long SEED = Long.getLong("qt.seed", 0x5E9_7E57L);

  @Test
  void negativeNumbersAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> ViewNumber.of(-1));
    assertThrows(IllegalArgumentException.class, () -> new ViewNumber(Long.MIN_VALUE));
    assertThrows(IllegalArgumentException.class, () -> SequenceNumber.of(-1));
    assertThrows(IllegalArgumentException.class, () -> new SequenceNumber(Long.MIN_VALUE));
    assertEquals(0, ViewNumber.ZERO.value());
    assertEquals(0, SequenceNumber.ZERO.value());
  }

  @Test
  void nextIsOneMoreAndRefusesToOverflow() {
    assertEquals(ViewNumber.of(1), ViewNumber.ZERO.next());
    assertEquals(SequenceNumber.of(8), SequenceNumber.of(7).next());
    assertThrows(ArithmeticException.class, () -> ViewNumber.of(Long.MAX_VALUE).next());
    assertThrows(ArithmeticException.class, () -> SequenceNumber.of(Long.MAX_VALUE).next());
  }

  @Test
  void sequenceNumbersStepForwardOnly() {
    assertEquals(SequenceNumber.of(12), SequenceNumber.of(4).plus(8));
    assertEquals(SequenceNumber.of(4), SequenceNumber.of(4).plus(0));
    assertThrows(IllegalArgumentException.class, () -> SequenceNumber.of(4).plus(-1));
    assertThrows(ArithmeticException.class, () -> SequenceNumber.of(Long.MAX_VALUE).plus(1));
    assertEquals(
        SequenceNumber.of(9), SequenceNumber.max(SequenceNumber.of(9), SequenceNumber.of(3)));
    assertEquals(
        SequenceNumber.of(9), SequenceNumber.max(SequenceNumber.of(3), SequenceNumber.of(9)));
  }

  @Test
  void equalByValueAndReadable() {
    assertEquals(ViewNumber.of(3), new ViewNumber(3));
    assertEquals(ViewNumber.of(3).hashCode(), new ViewNumber(3).hashCode());
    assertNotEquals(ViewNumber.of(3), ViewNumber.of(4));
    assertEquals("v3", ViewNumber.of(3).toString());
    assertEquals("n=12", SequenceNumber.of(12).toString());
    // A view and a sequence number of equal value are still different things.
    assertNotEquals((Object) ViewNumber.of(3), SequenceNumber.of(3));
  }

  @Test
  void sortedCollectionsOrderThemByNumber() {
    TreeSet<SequenceNumber> set = new TreeSet<>();
    for (long n : new long[] {9, 0, Long.MAX_VALUE, 3}) {
      set.add(SequenceNumber.of(n));
    }
    assertEquals(
        List.of(
            SequenceNumber.of(0),
            SequenceNumber.of(3),
            SequenceNumber.of(9),
            SequenceNumber.of(Long.MAX_VALUE)),
        List.copyOf(set));
  }

  @Test
  void orderAgreesWithTheNumbers() {
    QuickTheory.qt()
        .withExamples(500)
        .withFixedSeed(SEED)
        .forAll(longs().between(0, Long.MAX_VALUE - 1), longs().between(0, Long.MAX_VALUE - 1))
        .checkAssert(
            (boxedA, boxedB) -> {
              long a = boxedA;
              long b = boxedB;
              ViewNumber va = ViewNumber.of(a);
              ViewNumber vb = ViewNumber.of(b);
              SequenceNumber na = SequenceNumber.of(a);
              SequenceNumber nb = SequenceNumber.of(b);
              int expected = Long.signum(Long.compare(a, b));
              assertEquals(expected, Integer.signum(va.compareTo(vb)));
              assertEquals(expected, Integer.signum(na.compareTo(nb)));
              assertEquals(a > b, va.isAfter(vb));
              assertEquals(a < b, va.isBefore(vb));
              assertEquals(a > b, na.isAfter(nb));
              assertEquals(a < b, na.isBefore(nb));
              assertEquals(a == b, va.equals(vb));
              assertEquals(a + 1, va.next().value());
              assertEquals(a + 1, na.next().value());
              assertTrue(va.next().isAfter(va));
              assertFalse(na.isAfter(na.next()));
            });
  }
}
