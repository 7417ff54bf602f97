package org.cybervein.dag;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.cybervein.api.Hash;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.dag.store.UnitStore;
import org.cybervein.dag.unit.Payload;
import org.cybervein.dag.unit.Unit;
import org.cybervein.dag.unit.UnitBody;

/**
 * Writes one author's units so that they keep the DAG's rules: sequence numbers from 0 without
 * gaps, each unit after the first listing its predecessor (the self-parent), at most {@code k}
 * sorted parents. Tip selection chooses the other parents; this class adds the self-parent and
 * trims the rest to fit.
 *
 * <p>An author must never sign two units of one sequence number (that is an equivocation): after a
 * restart, {@link #resume} continues from what the store holds. Not thread-safe.
 */
public final class UnitAuthor {
  private final Ed25519PrivateKey key;
  private long nextSequence;
  private Optional<Hash> previous;

  private UnitAuthor(Ed25519PrivateKey key, long nextSequence, Optional<Hash> previous) {
    this.key = key;
    this.nextSequence = nextSequence;
    this.previous = previous;
  }

  /**
   * An author that has written nothing yet.
   *
   * @param key the author's signing key
   * @return an author whose first unit has sequence number 0
   */
  public static UnitAuthor fresh(Ed25519PrivateKey key) {
    return new UnitAuthor(Objects.requireNonNull(key, "key"), 0, Optional.empty());
  }

  /**
   * An author that continues after its last unit in {@code store} (the smallest id, if it
   * equivocated there before).
   *
   * @param key the author's signing key
   * @param store the store to resume from
   * @return an author whose next unit follows its last stored one
   */
  public static UnitAuthor resume(Ed25519PrivateKey key, UnitStore store) {
    Objects.requireNonNull(key, "key");
    OptionalLong last = store.lastSequence(key.publicKey());
    if (last.isEmpty()) {
      return fresh(key);
    }
    List<Hash> ids = store.unitsAt(key.publicKey(), last.getAsLong());
    return new UnitAuthor(key, last.getAsLong() + 1, Optional.of(ids.get(0)));
  }

  /**
   * The sequence number the next unit gets.
   *
   * @return the next sequence number, from 0
   */
  public long nextSequence() {
    return nextSequence;
  }

  /**
   * The id of the last unit written, if any.
   *
   * @return the id of the previous unit, the next unit's self-parent, or empty for a first unit
   */
  public Optional<Hash> previous() {
    return previous;
  }

  /**
   * Signs the next unit.
   *
   * @param payload what it carries
   * @param selected parents chosen by tip selection (any order; the genesis if the DAG is empty)
   * @param timestampMillis the author's clock
   * @param maxParents the network's k; the self-parent is kept and the other parents trimmed (the
   *     smallest ids kept)
   * @return the signed unit
   * @throws IllegalArgumentException if no parent is given for a first unit, or {@code maxParents}
   *     is below 1
   */
  public Unit next(Payload payload, List<Hash> selected, long timestampMillis, int maxParents) {
    if (maxParents < 1) {
      throw new IllegalArgumentException("maxParents must be at least 1, got " + maxParents);
    }
    List<Hash> others = new ArrayList<>(UnitBody.canonicalParents(selected));
    previous.ifPresent(others::remove);
    int room = maxParents - (previous.isPresent() ? 1 : 0);
    List<Hash> parents = new ArrayList<>(others.subList(0, Math.min(room, others.size())));
    previous.ifPresent(parents::add);
    if (parents.isEmpty()) {
      throw new IllegalArgumentException("a first unit needs at least one parent (the genesis)");
    }
    Unit unit =
        Unit.sign(
            new UnitBody(
                key.publicKey(),
                UnitBody.canonicalParents(parents),
                nextSequence,
                timestampMillis,
                payload),
            key);
    nextSequence++;
    previous = Optional.of(unit.id());
    return unit;
  }

  @Override
  public String toString() {
    return "UnitAuthor[" + key.publicKey() + ", next #" + nextSequence + "]";
  }
}
