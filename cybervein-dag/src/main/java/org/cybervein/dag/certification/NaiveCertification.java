package org.cybervein.dag.certification;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.cybervein.api.Hash;
import org.cybervein.api.PublicKey;
import org.cybervein.dag.unit.Unit;

/**
 * The reference definition of certification, computed from scratch: for each unit, the set of
 * validators (minus the excluded ones) that authored a unit having it in its strict past; the unit
 * is certified if that set has at least {@code n - f} members. Quadratic; the {@link Certifier} is
 * tested against it.
 */
public final class NaiveCertification {
  private NaiveCertification() {}

  /**
   * The ids of the certified units among {@code units}.
   *
   * @param units a DAG: every parent is among them or outside (the genesis)
   * @param validators whose units count
   * @param excluded validators that do not count (equivocators)
   * @return the ids of the units that {@code n - f} distinct counted validators reference
   */
  public static Set<Hash> certified(
      Collection<Unit> units, ValidatorSet validators, Set<PublicKey> excluded) {
    Objects.requireNonNull(excluded, "excluded");
    Map<Hash, Unit> byId = new HashMap<>();
    for (Unit u : units) {
      byId.put(u.id(), u);
    }
    Map<Hash, Set<PublicKey>> referencedBy = new HashMap<>();
    for (Unit u : units) {
      if (!validators.contains(u.author()) || excluded.contains(u.author())) {
        continue;
      }
      Set<Hash> seen = new HashSet<>();
      ArrayDeque<Hash> stack = new ArrayDeque<>(u.body().parents());
      while (!stack.isEmpty()) {
        Hash at = stack.pop();
        Unit a = byId.get(at);
        if (a == null || !seen.add(at)) {
          continue;
        }
        referencedBy.computeIfAbsent(at, k -> new HashSet<>()).add(u.author());
        stack.addAll(a.body().parents());
      }
    }
    Set<Hash> out = new TreeSet<>();
    referencedBy.forEach(
        (id, who) -> {
          if (who.size() >= validators.certificationThreshold()) {
            out.add(id);
          }
        });
    return out;
  }
}
