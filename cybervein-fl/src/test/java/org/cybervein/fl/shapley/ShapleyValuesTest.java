package org.cybervein.fl.shapley;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.cybervein.testing.PropertyRuns;
import org.junit.jupiter.api.Test;

class ShapleyValuesTest {

  @Test
  void gloveGameHasItsTextbookValues() {
    // one left glove (L), two right gloves (R1, R2); a pair is worth 1
    Map<String, Double> phi =
        ShapleyValues.exact(
            List.of("L", "R1", "R2"),
            s -> s.contains("L") && (s.contains("R1") || s.contains("R2")) ? 1 : 0);
    assertEquals(2.0 / 3, phi.get("L"), 1e-12);
    assertEquals(1.0 / 6, phi.get("R1"), 1e-12);
    assertEquals(1.0 / 6, phi.get("R2"), 1e-12);
  }

  @Test
  void additiveGamesGiveEachPlayerItsOwnWorth() {
    PropertyRuns.qt(Math.min(100, PropertyRuns.examples()))
        .forAll(longs().all(), integers().between(1, 8))
        .checkAssert(
            (seed, n) -> {
              Random r = new Random(seed);
              List<Integer> players = new ArrayList<>();
              double[] worth = new double[n];
              for (int i = 0; i < n; i++) {
                players.add(i);
                worth[i] = r.nextGaussian();
              }
              double base = r.nextGaussian();
              Map<Integer, Double> phi =
                  ShapleyValues.exact(
                      players, s -> base + s.stream().mapToDouble(i -> worth[i]).sum());
              for (int i = 0; i < n; i++) {
                assertEquals(worth[i], phi.get(i), 1e-9);
              }
            });
  }

  @Test
  void efficiencySymmetryAndNullPlayerHoldForRandomGames() {
    PropertyRuns.qt(Math.min(100, PropertyRuns.examples()))
        .forAll(longs().all(), integers().between(3, 8))
        .checkAssert(
            (seed, n) -> {
              Random r = new Random(seed);
              // a random game on players 0..n-2; player n-1 is a null player; players 0 and 1
              // are made symmetric by valuing coalitions through a function of who is in them
              double[] table = new double[1 << n];
              for (int i = 0; i < table.length; i++) {
                table[i] = r.nextDouble();
              }
              List<Integer> players = new ArrayList<>();
              for (int i = 0; i < n; i++) {
                players.add(i);
              }
              Map<Integer, Double> phi = ShapleyValues.exact(players, s -> table[canonical(s, n)]);
              double sum = phi.values().stream().mapToDouble(Double::doubleValue).sum();
              assertEquals(
                  table[canonical(Set.copyOf(players), n)] - table[0], sum, 1e-9, "efficiency");
              assertEquals(0, phi.get(n - 1), 1e-9, "null player");
              assertEquals(phi.get(0), phi.get(1), 1e-9, "symmetry");
            });
  }

  /** A mask that ignores player n-1 and treats players 0 and 1 alike. */
  private static int canonical(Set<Integer> coalition, int n) {
    int mask = 0;
    for (int i : coalition) {
      if (i != n - 1 && i > 1) {
        mask |= 1 << i;
      }
    }
    int both = (coalition.contains(0) ? 1 : 0) + (coalition.contains(1) ? 1 : 0);
    // 0, 1 or 2 of the symmetric pair, kept in the low two bits
    return mask | both;
  }

  @Test
  void rejectsTooManyOrDuplicatePlayersAndNonFiniteValues() {
    List<Integer> seventeen = new ArrayList<>();
    for (int i = 0; i < 17; i++) {
      seventeen.add(i);
    }
    assertThrows(IllegalArgumentException.class, () -> ShapleyValues.exact(seventeen, s -> 0));
    assertThrows(IllegalArgumentException.class, () -> ShapleyValues.exact(List.of(1, 1), s -> 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> ShapleyValues.exact(List.of(1, 2), s -> s.size() == 2 ? Double.NaN : 0));
  }

  @Test
  void evaluatesEachCoalitionExactlyOnce() {
    int[] calls = {0};
    ShapleyValues.exact(
        List.of("a", "b", "c", "d", "e", "f", "g", "h"),
        s -> {
          calls[0]++;
          return s.size();
        });
    assertEquals(256, calls[0]);
  }
}
