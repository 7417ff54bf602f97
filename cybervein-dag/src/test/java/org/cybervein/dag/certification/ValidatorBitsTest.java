package org.cybervein.dag.certification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.BitSet;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.dag.testing.DagFixture;
import org.cybervein.dag.testing.Props;
import org.junit.jupiter.api.Test;

class ValidatorBitsTest {
  @Test
  void encodingRoundTrips() {
    Props.qt(200)
        .forAll(lists().of(integers().between(0, 300)).ofSizeBetween(0, 40))
        .checkAssert(
            indices -> {
              BitSet b = new BitSet();
              indices.forEach(b::set);
              ValidatorBits bits = ValidatorBits.of(b);
              assertEquals(bits, ValidatorBits.decode(bits.encode()));
              assertEquals(b.cardinality(), bits.cardinality());
            });
  }

  @Test
  void rejectsANonCanonicalEncoding() {
    assertThrows(
        IllegalArgumentException.class, () -> ValidatorBits.decode(Bytes.of(new byte[] {1, 0})));
    assertEquals(ValidatorBits.EMPTY, ValidatorBits.decode(Bytes.EMPTY));
  }

  @Test
  void isImmutable() {
    BitSet b = new BitSet();
    b.set(3);
    ValidatorBits bits = ValidatorBits.of(b);
    b.set(4);
    bits.toBitSet().set(5);
    assertEquals(ValidatorBits.of(3), bits);
  }

  @Test
  void thresholdIsNMinusF() {
    int[][] expected = {{1, 0, 1}, {3, 0, 3}, {4, 1, 3}, {7, 2, 5}, {10, 3, 7}};
    for (int[] row : expected) {
      ValidatorSet set = DagFixture.validators(DagFixture.keys(row[0]));
      assertEquals(row[1], set.faultTolerance(), "f for n=" + row[0]);
      assertEquals(row[2], set.certificationThreshold(), "threshold for n=" + row[0]);
    }
    assertThrows(IllegalArgumentException.class, () -> ValidatorSet.of(List.of()));
  }
}
