package org.cybervein.fl.shapley;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Exact Shapley values, the whitepaper's Part III measure of each party's contribution:
 *
 * <pre>
 *   phi_i = sum over S not containing i of |S|! (n - |S| - 1)! / n! * (v(S + i) - v(S))
 * </pre>
 *
 * <p>v is evaluated once for each of the 2^n coalitions (for federated learning each evaluation
 * trains a model, which is what limits n); the weights are computed exactly as doubles from
 * factorials up to 16!. The values satisfy efficiency: they sum to v(all) - v(empty).
 */
public final class ShapleyValues {
  /** The most players computed exactly: 2^16 coalition evaluations. */
  public static final int MAX_PLAYERS = 16;

  private ShapleyValues() {}

  /**
   * Computes every player's Shapley value.
   *
   * @param players distinct players, 1..{@link #MAX_PLAYERS}; their order is the order of the
   *     result
   * @param v the characteristic function; must return finite values
   * @param <P> the type of the players
   * @return each player's value, in the order of {@code players}
   * @throws IllegalArgumentException on duplicate players, too many players, or a non-finite v
   */
  public static <P> Map<P, Double> exact(List<P> players, CoalitionValue<P> v) {
    Objects.requireNonNull(v, "v");
    List<P> order = List.copyOf(players);
    int n = order.size();
    if (n < 1 || n > MAX_PLAYERS) {
      throw new IllegalArgumentException("exact Shapley values need 1..16 players, got " + n);
    }
    if (new HashSet<>(order).size() != n) {
      throw new IllegalArgumentException("players must be distinct");
    }
    double[] values = new double[1 << n];
    for (int mask = 0; mask < values.length; mask++) {
      Set<P> coalition = new LinkedHashSet<>();
      for (int i = 0; i < n; i++) {
        if ((mask & (1 << i)) != 0) {
          coalition.add(order.get(i));
        }
      }
      double value = v.value(Collections.unmodifiableSet(coalition));
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("v(" + coalition + ") is not finite: " + value);
      }
      values[mask] = value;
    }
    double[] factorial = new double[n + 1];
    factorial[0] = 1;
    for (int k = 1; k <= n; k++) {
      factorial[k] = factorial[k - 1] * k;
    }
    double[] weight = new double[n];
    for (int size = 0; size < n; size++) {
      weight[size] = factorial[size] * factorial[n - size - 1] / factorial[n];
    }
    double[] phi = new double[n];
    for (int mask = 0; mask < values.length; mask++) {
      int size = Integer.bitCount(mask);
      for (int i = 0; i < n; i++) {
        if ((mask & (1 << i)) == 0) {
          phi[i] += weight[size] * (values[mask | (1 << i)] - values[mask]);
        }
      }
    }
    Map<P, Double> out = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      out.put(order.get(i), phi[i]);
    }
    return Collections.unmodifiableMap(out);
  }
}
