package org.cybervein.dag.validation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.cybervein.api.Hash;

/**
 * Verified units whose past is incomplete (status {@code RECEIVED}), held until their missing
 * parents arrive. Bounded in bytes of encoded units, not in count, so a peer cannot exhaust memory
 * with large units; a unit that does not fit is refused and can be requested again later.
 *
 * <p>{@link #missing()} lists the parent ids to request from peers: those some held unit waits for
 * and that are not held themselves. Not thread-safe.
 */
public final class UnsolidBuffer {
  private final long maxBytes;
  private final Map<Hash, Held> held = new HashMap<>();
  private final Map<Hash, List<Hash>> waitingFor = new HashMap<>();
  private long bytes;

  private static final class Held {
    final VerifiedUnit unit;
    final Set<Hash> missing;

    Held(VerifiedUnit unit, Set<Hash> missing) {
      this.unit = unit;
      this.missing = missing;
    }
  }

  /**
   * A buffer of at most {@code maxBytes} bytes of encoded units.
   *
   * @param maxBytes the byte bound, zero or more
   * @throws IllegalArgumentException if {@code maxBytes} is negative
   */
  public UnsolidBuffer(long maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must not be negative");
    }
    this.maxBytes = maxBytes;
  }

  /**
   * Holds {@code unit} until every id of {@code missingParents} has been {@link #release released}.
   *
   * @param unit the unit to hold
   * @param missingParents the parent ids not yet stored
   * @return false, holding nothing, if the unit would not fit in the byte bound
   * @throws IllegalArgumentException if {@code missingParents} is empty
   */
  public boolean hold(VerifiedUnit unit, Set<Hash> missingParents) {
    Objects.requireNonNull(unit, "unit");
    if (missingParents.isEmpty()) {
      throw new IllegalArgumentException("a held unit misses at least one parent");
    }
    Hash id = unit.unit().id();
    if (held.containsKey(id)) {
      return true;
    }
    int size = unit.unit().encodedSize();
    if (bytes + size > maxBytes) {
      return false;
    }
    held.put(id, new Held(unit, new HashSet<>(missingParents)));
    for (Hash p : missingParents) {
      waitingFor.computeIfAbsent(p, k -> new ArrayList<>(1)).add(id);
    }
    bytes += size;
    return true;
  }

  /**
   * True if the unit is held.
   *
   * @param id the unit's id, the tagged hash of its body
   * @return true if the unit is waiting in the buffer
   */
  public boolean contains(Hash id) {
    return held.containsKey(id);
  }

  /**
   * Tells the buffer that unit {@code arrived} is now stored: the held units that waited only for
   * it leave the buffer and are returned, in the order they were held, for validation.
   *
   * @param arrived the id of the unit just stored
   * @return the units released, in hold order
   */
  public List<VerifiedUnit> release(Hash arrived) {
    List<Hash> waiting = waitingFor.remove(arrived);
    if (waiting == null) {
      return List.of();
    }
    List<VerifiedUnit> ready = new ArrayList<>();
    for (Hash id : waiting) {
      Held h = held.get(id);
      if (h != null) {
        h.missing.remove(arrived);
        if (h.missing.isEmpty()) {
          held.remove(id);
          bytes -= h.unit.unit().encodedSize();
          ready.add(h.unit);
        }
      }
    }
    return ready;
  }

  /**
   * Tells the buffer that unit {@code invalid} will never be stored: every held unit that waits for
   * it, directly or through other held units, leaves the buffer and is returned.
   *
   * @param invalid the id of the unit that will never be stored
   * @return the units dropped
   */
  public List<VerifiedUnit> dropDescendants(Hash invalid) {
    List<VerifiedUnit> dropped = new ArrayList<>();
    ArrayDeque<Hash> gone = new ArrayDeque<>();
    gone.add(invalid);
    while (!gone.isEmpty()) {
      List<Hash> waiting = waitingFor.remove(gone.poll());
      if (waiting == null) {
        continue;
      }
      for (Hash id : waiting) {
        Held h = held.remove(id);
        if (h != null) {
          bytes -= h.unit.unit().encodedSize();
          dropped.add(h.unit);
          gone.add(id);
        }
      }
    }
    return dropped;
  }

  /**
   * True if some held unit waits for {@code id}.
   *
   * @param id the unit's id, the tagged hash of its body
   * @return true if a held unit waits for it
   */
  public boolean isAwaited(Hash id) {
    List<Hash> waiters = waitingFor.get(id);
    if (waiters != null) {
      for (Hash w : waiters) {
        if (held.containsKey(w)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The ids held units wait for that are not held themselves, sorted: what to request. Scans the
   * buffer; {@code IngestResult.missing()} lists only what one step added.
   *
   * @return the missing ids
   */
  public List<Hash> missing() {
    TreeSet<Hash> out = new TreeSet<>();
    for (Map.Entry<Hash, List<Hash>> e : waitingFor.entrySet()) {
      if (held.containsKey(e.getKey())) {
        continue;
      }
      for (Hash waiter : e.getValue()) {
        // Entries of units dropped earlier are left behind; only live waiters count.
        if (held.containsKey(waiter)) {
          out.add(e.getKey());
          break;
        }
      }
    }
    return List.copyOf(out);
  }

  /**
   * The number of held units.
   *
   * @return the count of held units
   */
  public int size() {
    return held.size();
  }

  /**
   * The encoded bytes of the held units.
   *
   * @return the total encoded size in bytes
   */
  public long bytes() {
    return bytes;
  }

  @Override
  public String toString() {
    return "UnsolidBuffer[" + held.size() + " units, " + bytes + "/" + maxBytes + " bytes]";
  }
}
