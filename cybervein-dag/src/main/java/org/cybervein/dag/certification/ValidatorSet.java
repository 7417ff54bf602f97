package org.cybervein.dag.certification;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.TreeSet;
import org.cybervein.api.PublicKey;

/**
 * The current validators (the whitepaper's super nodes): the keys whose units count towards
 * certification and whose batch signatures make attestations valid. With {@code n} validators the
 * set tolerates {@code f = floor((n - 1) / 3)} faulty ones, and a unit is certified once units of
 * {@code n - f} distinct validators reference it.
 *
 * <p>Validators are kept sorted by their encoded key, and a validator's index is its position in
 * that order, the same on every node.
 */
public final class ValidatorSet {
  private final List<PublicKey> validators;
  private final Map<PublicKey, Integer> index;

  private ValidatorSet(List<PublicKey> sorted) {
    this.validators = sorted;
    Map<PublicKey, Integer> m = new HashMap<>();
    for (int i = 0; i < sorted.size(); i++) {
      m.put(sorted.get(i), i);
    }
    this.index = m;
  }

  /**
   * The set of these keys, in canonical order.
   *
   * @param keys the validators' public keys, in any order
   * @return the set, with each key's index its position in canonical order
   * @throws IllegalArgumentException if {@code keys} is empty or holds a key twice
   */
  public static ValidatorSet of(List<PublicKey> keys) {
    TreeSet<PublicKey> sorted =
        new TreeSet<>(
            (a, b) -> {
              int c = a.algorithm().compareTo(b.algorithm());
              return c != 0 ? c : a.encoded().compareTo(b.encoded());
            });
    for (PublicKey k : keys) {
      if (!sorted.add(Objects.requireNonNull(k, "key"))) {
        throw new IllegalArgumentException("validator listed twice: " + k);
      }
    }
    if (sorted.isEmpty()) {
      throw new IllegalArgumentException("a validator set has at least one validator");
    }
    return new ValidatorSet(List.copyOf(sorted));
  }

  /**
   * The validators in canonical order.
   *
   * @return the keys, sorted
   */
  public List<PublicKey> validators() {
    return validators;
  }

  /**
   * n, the number of validators.
   *
   * @return n, at least 1
   */
  public int size() {
    return validators.size();
  }

  /**
   * f = floor((n - 1) / 3), the faulty validators tolerated.
   *
   * @return f
   */
  public int faultTolerance() {
    return (validators.size() - 1) / 3;
  }

  /**
   * n - f, the distinct validators whose units certify a unit.
   *
   * @return n - f
   */
  public int certificationThreshold() {
    return size() - faultTolerance();
  }

  /**
   * The index of {@code key}, if it is a validator.
   *
   * @param key the key to look up
   * @return its index, or empty if it is not a validator
   */
  public OptionalInt indexOf(PublicKey key) {
    Integer i = index.get(key);
    return i == null ? OptionalInt.empty() : OptionalInt.of(i);
  }

  /**
   * True if {@code key} is a validator.
   *
   * @param key the key to look up
   * @return true if it is a validator
   */
  public boolean contains(PublicKey key) {
    return index.containsKey(key);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ValidatorSet other && validators.equals(other.validators);
  }

  @Override
  public int hashCode() {
    return validators.hashCode();
  }

  @Override
  public String toString() {
    return "ValidatorSet[n=" + size() + ", f=" + faultTolerance() + "]";
  }
}
