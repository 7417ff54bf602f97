package org.cybervein.fl.alignment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.cybervein.fl.data.PartyDataset;
import org.junit.jupiter.api.Test;

class AlignedSamplesTest {
  @Test
  void ordersTheIntersectionCanonicallyAndAlignsBothSidesRowByRow() {
    AlignedSamples aligned = AlignedSamples.of(List.of("30", "10", "20"));
    assertEquals(List.of("10", "20", "30"), aligned.ids());
    PartyDataset a =
        new PartyDataset(
            List.of("20", "99", "10", "30"),
            List.of("x"),
            new double[][] {{2}, {9}, {1}, {3}},
            Optional.empty());
    PartyDataset rows = aligned.align(a);
    assertEquals(aligned.ids(), rows.ids());
    assertEquals(1, rows.row(0)[0]);
    assertEquals(3, rows.row(2)[0]);
  }

  @Test
  void rejectsUnsortedDuplicateOrMissingIds() {
    assertThrows(IllegalArgumentException.class, () -> new AlignedSamples(List.of("2", "1")));
    assertThrows(IllegalArgumentException.class, () -> new AlignedSamples(List.of("1", "1")));
    PartyDataset a =
        new PartyDataset(List.of("1"), List.of("x"), new double[][] {{1}}, Optional.empty());
    assertThrows(IllegalArgumentException.class, () -> AlignedSamples.of(List.of("2")).align(a));
  }
}
