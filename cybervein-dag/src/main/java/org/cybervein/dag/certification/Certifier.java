package org.cybervein.dag.certification;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.cybervein.api.Hash;

/**
 * Incremental certification. For every unit not yet certified (the <em>window</em>) it keeps the
 * bit set of validators that have a unit referencing it. When a unit of validator {@code v}
 * arrives, it walks the new unit's ancestors and sets bit {@code v}, stopping at ancestors that
 * already have it and at units outside the window (certified, final, or the genesis). A unit is
 * certified the moment its bits, minus the excluded (equivocating) validators, reach {@code n - f};
 * it then leaves the window.
 *
 * <h2>Why the walk may stop early</h2>
 *
 * If a unit has bit {@code v}, all its ancestors have it too (a unit referencing it references them
 * transitively), so the walk never misses a unit. Ancestors of a certified unit have at least its
 * bits, so they are certified no later than it, and a certified unit's past needs no more walking.
 * Hence each (unit, validator) pair is set at most once: the total work is at most {@code n} bit
 * sets per unit over its life, and a new unit's walk covers only the uncertified window, not the
 * DAG.
 *
 * <p>Not thread-safe: the DAG drives it from its single apply thread.
 */
public final class Certifier {
  private final ValidatorSet validators;
  private final int threshold;
  private final BitSet excluded = new BitSet();
  private final Map<Hash, Node> window = new HashMap<>();
  private long bitsSet;

  private static final class Node {
    final Hash[] parents;
    final BitSet bits;

    Node(Hash[] parents, BitSet bits) {
      this.parents = parents;
      this.bits = bits;
    }
  }

  /**
   * A certifier for units of {@code validators}, with an empty window.
   *
   * @param validators the validators whose units count towards certification
   */
  public Certifier(ValidatorSet validators) {
    this.validators = Objects.requireNonNull(validators, "validators");
    this.threshold = validators.certificationThreshold();
  }

  /**
   * The validator set whose units count.
   *
   * @return the validator set
   */
  public ValidatorSet validators() {
    return validators;
  }

  /**
   * Puts a stored, uncertified unit back into the window with the bits recorded earlier (after a
   * restart). Restore every uncertified unit before adding new ones.
   *
   * @param id the unit's id
   * @param parents the unit's parent ids
   * @param bits the certification bit set stored for it
   */
  public void restore(Hash id, List<Hash> parents, ValidatorBits bits) {
    window.put(id, new Node(parents.toArray(new Hash[0]), bits.toBitSet()));
  }

  /**
   * Stops counting validator {@code index} (it equivocated). Already certified units stay
   * certified; units in the window count it no more.
   *
   * @param index the validator's index in {@link #validators()}
   */
  public void exclude(int index) {
    excluded.set(index);
  }

  /**
   * True if validator {@code index} is excluded.
   *
   * @param index the validator's index in {@link #validators()}
   * @return true if its units no longer count
   */
  public boolean isExcluded(int index) {
    return excluded.get(index);
  }

  /**
   * Adds a new unit, authored by validator {@code author} if present, and walks its past.
   *
   * @param id the new unit, which enters the window uncertified
   * @param parents its parents
   * @param author the author's validator index, if the author is a validator
   * @param onCovered called once per window unit whose bit set changed (to persist it)
   * @param onCertified called once per unit that became certified, which then leaves the window
   */
  public void add(
      Hash id,
      List<Hash> parents,
      OptionalInt author,
      Consumer<Hash> onCovered,
      Consumer<Hash> onCertified) {
    Hash[] ps = parents.toArray(new Hash[0]);
    window.put(id, new Node(ps, new BitSet()));
    if (author.isEmpty() || excluded.get(author.getAsInt())) {
      return;
    }
    int v = author.getAsInt();
    ArrayDeque<Hash> stack = new ArrayDeque<>();
    for (Hash p : ps) {
      stack.push(p);
    }
    while (!stack.isEmpty()) {
      Hash at = stack.pop();
      Node node = window.get(at);
      if (node == null || node.bits.get(v)) {
        continue;
      }
      node.bits.set(v);
      bitsSet++;
      for (Hash p : node.parents) {
        stack.push(p);
      }
      if (count(node.bits) >= threshold) {
        window.remove(at);
        onCertified.accept(at);
      } else {
        onCovered.accept(at);
      }
    }
  }

  /**
   * Takes a unit out of the window without certifying it (a checkpoint made it final).
   *
   * @param id the unit to take out; an unknown id is ignored
   */
  public void remove(Hash id) {
    window.remove(id);
  }

  /**
   * True if the unit is in the window (stored, not yet certified or final).
   *
   * @param id the unit to ask about
   * @return true if the unit is waiting for certification
   */
  public boolean isPending(Hash id) {
    return window.containsKey(id);
  }

  /**
   * The current bit set of a window unit.
   *
   * @param id a unit in the window
   * @return the validators whose units are known to reference it, directly or through descendants
   * @throws IllegalArgumentException if the unit is not in the window
   */
  public ValidatorBits coverage(Hash id) {
    Node node = window.get(id);
    if (node == null) {
      throw new IllegalArgumentException("unit " + id + " is not in the window");
    }
    return ValidatorBits.of(node.bits);
  }

  /**
   * The number of units in the window.
   *
   * @return the count of units waiting for certification
   */
  public int windowSize() {
    return window.size();
  }

  /**
   * The number of bits set since this certifier was made: the work done, for measurements.
   *
   * @return the total of bits set, a measure of certification work
   */
  public long bitsSet() {
    return bitsSet;
  }

  private int count(BitSet bits) {
    if (excluded.isEmpty()) {
      return bits.cardinality();
    }
    BitSet counted = (BitSet) bits.clone();
    counted.andNot(excluded);
    return counted.cardinality();
  }

  @Override
  public String toString() {
    return "Certifier[" + validators + ", window " + window.size() + "]";
  }
}
