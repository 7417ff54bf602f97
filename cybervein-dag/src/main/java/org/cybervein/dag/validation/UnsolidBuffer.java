package org.cybervein.dag.validation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.cybervein.api.Hash;
import org.cybervein.api.NodeId;

/**
 * Verified units whose past is incomplete (status {@code RECEIVED}), held until their missing
 * parents arrive. Bounded in bytes of encoded units, not in count, in total and per origin (the
 * peer that sent the unit), so that no one peer can fill the buffer or push out what others sent.
 *
 * <h2>Eviction</h2>
 *
 * A held unit whose parents never come (an orphan) would otherwise stay for ever and leave no room
 * for honest units that merely arrived before their parents. When a new unit of origin {@code P}
 * does not fit:
 *
 * <ol>
 *   <li>if {@code P} would exceed its own quota ({@link #maxBytesPerOrigin()}), {@code P}'s oldest
 *       held units are evicted until it fits: a peer only ever displaces itself there;
 *   <li>while the whole buffer is still too full, the oldest unit of the origin holding the most
 *       bytes is evicted, provided that origin is {@code P} itself or holds more than {@code P}
 *       does; otherwise the new unit is refused. So a peer can take room only from an origin that
 *       holds more than it does, never from one that holds less: with the quota, a flooder keeps at
 *       most its quota and what the others leave unused.
 * </ol>
 *
 * Evicted units are reported to the caller, who may request them again later; their held
 * descendants stay and the evicted ids count as {@link #missing()}.
 *
 * <p>{@link #missing()} lists the parent ids to request from peers: those some held unit waits for
 * and that are not held themselves. Not thread-safe.
 */
public final class UnsolidBuffer {
  /** The origin of units this node ingests itself (not from a peer). */
  public static final NodeId LOCAL = NodeId.of("local:self");

  private final long maxBytes;
  private final long maxBytesPerOrigin;
  private final Map<Hash, Held> held = new HashMap<>();
  private final Map<Hash, List<Hash>> waitingFor = new HashMap<>();
  // Per origin, held units in hold order (oldest first): the eviction order.
  private final Map<NodeId, LinkedHashMap<Hash, Held>> byOrigin = new TreeMap<>();
  private final Map<NodeId, Long> originBytes = new HashMap<>();
  private long bytes;

  private static final class Held {
    final VerifiedUnit unit;
    final Set<Hash> missing;
    final NodeId origin;

    Held(VerifiedUnit unit, Set<Hash> missing, NodeId origin) {
      this.unit = unit;
      this.missing = missing;
      this.origin = origin;
    }

    int size() {
      return unit.unit().encodedSize();
    }
  }

  /**
   * A buffer of at most {@code maxBytes} bytes of encoded units, with no quota per origin below the
   * total.
   *
   * @param maxBytes the byte bound, zero or more
   * @throws IllegalArgumentException if {@code maxBytes} is negative
   */
  public UnsolidBuffer(long maxBytes) {
    this(maxBytes, maxBytes);
  }

  /**
   * A buffer of at most {@code maxBytes} bytes of encoded units, of which at most {@code
   * maxBytesPerOrigin} bytes came from any one origin.
   *
   * @param maxBytes the byte bound, zero or more
   * @param maxBytesPerOrigin the byte bound per origin, zero or more
   * @throws IllegalArgumentException if a bound is negative
   */
  public UnsolidBuffer(long maxBytes, long maxBytesPerOrigin) {
    if (maxBytes < 0 || maxBytesPerOrigin < 0) {
      throw new IllegalArgumentException("byte bounds must not be negative");
    }
    this.maxBytes = maxBytes;
    this.maxBytesPerOrigin = maxBytesPerOrigin;
  }

  /**
   * The byte bound per origin.
   *
   * @return the most bytes of held units any one origin may have
   */
  public long maxBytesPerOrigin() {
    return maxBytesPerOrigin;
  }

  /**
   * Holds {@code unit} for the local origin; see {@link #hold(VerifiedUnit, Set, NodeId,
   * Consumer)}. Nothing is evicted for it.
   *
   * @param unit the unit to hold
   * @param missingParents the parent ids not yet stored
   * @return false, holding nothing, if the unit would not fit in the byte bound
   * @throws IllegalArgumentException if {@code missingParents} is empty
   */
  public boolean hold(VerifiedUnit unit, Set<Hash> missingParents) {
    return hold(unit, missingParents, LOCAL, id -> {});
  }

  /**
   * Holds {@code unit}, sent by {@code origin}, until every id of {@code missingParents} has been
   * {@link #release released}, evicting older units as the type's documentation says if needed.
   *
   * @param unit the unit to hold
   * @param missingParents the parent ids not yet stored
   * @param origin the peer the unit came from ({@link #LOCAL} for this node)
   * @param evicted told the id of each unit evicted to make room
   * @return false, holding nothing, if the unit could not be made to fit
   * @throws IllegalArgumentException if {@code missingParents} is empty
   */
  public boolean hold(
      VerifiedUnit unit, Set<Hash> missingParents, NodeId origin, Consumer<Hash> evicted) {
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(evicted, "evicted");
    if (missingParents.isEmpty()) {
      throw new IllegalArgumentException("a held unit misses at least one parent");
    }
    Hash id = unit.unit().id();
    if (held.containsKey(id)) {
      return true;
    }
    int size = unit.unit().encodedSize();
    if (size > maxBytesPerOrigin || size > maxBytes) {
      return false;
    }
    while (usage(origin) + size > maxBytesPerOrigin) {
      evicted.accept(evictOldest(origin));
    }
    while (bytes + size > maxBytes) {
      NodeId victim = largestOrigin(origin);
      if (!victim.equals(origin) && usage(victim) < usage(origin) + size) {
        return false;
      }
      evicted.accept(evictOldest(victim));
    }
    Held h = new Held(unit, new HashSet<>(missingParents), origin);
    held.put(id, h);
    byOrigin.computeIfAbsent(origin, o -> new LinkedHashMap<>()).put(id, h);
    originBytes.merge(origin, (long) size, Long::sum);
    for (Hash p : missingParents) {
      waitingFor.computeIfAbsent(p, k -> new ArrayList<>(1)).add(id);
    }
    bytes += size;
    return true;
  }

  private long usage(NodeId origin) {
    return originBytes.getOrDefault(origin, 0L);
  }

  /** The origin with the most bytes held; on a tie {@code prefer} if among them, else the least. */
  private NodeId largestOrigin(NodeId prefer) {
    NodeId best = null;
    long most = -1;
    for (Map.Entry<NodeId, LinkedHashMap<Hash, Held>> e : byOrigin.entrySet()) {
      long u = usage(e.getKey());
      if (u > most || (u == most && e.getKey().equals(prefer))) {
        best = e.getKey();
        most = u;
      }
    }
    return best;
  }

  private Hash evictOldest(NodeId origin) {
    Iterator<Hash> oldest = byOrigin.get(origin).keySet().iterator();
    Hash id = oldest.next();
    forget(held.remove(id));
    return id;
  }

  /** Removes a unit that left {@link #held}: its origin's entries, bytes and waiting lists. */
  private void forget(Held h) {
    Hash id = h.unit.unit().id();
    LinkedHashMap<Hash, Held> mine = byOrigin.get(h.origin);
    mine.remove(id);
    if (mine.isEmpty()) {
      byOrigin.remove(h.origin);
      originBytes.remove(h.origin);
    } else {
      originBytes.merge(h.origin, (long) -h.size(), Long::sum);
    }
    bytes -= h.size();
    for (Hash p : h.missing) {
      List<Hash> waiters = waitingFor.get(p);
      if (waiters != null) {
        waiters.remove(id);
        if (waiters.isEmpty()) {
          waitingFor.remove(p);
        }
      }
    }
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
          forget(h);
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
      for (Hash id : List.copyOf(waiting)) {
        Held h = held.remove(id);
        if (h != null) {
          forget(h);
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
    return waitingFor.containsKey(id);
  }

  /**
   * The ids held units wait for that are not held themselves, sorted: what to request. Scans the
   * buffer; {@code IngestResult.missing()} lists only what one step added.
   *
   * @return the missing ids
   */
  public List<Hash> missing() {
    TreeSet<Hash> out = new TreeSet<>();
    for (Hash awaited : waitingFor.keySet()) {
      if (!held.containsKey(awaited)) {
        out.add(awaited);
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

  /**
   * The encoded bytes of the units held for one origin.
   *
   * @param origin the peer the units came from
   * @return their total encoded size in bytes, 0 if none
   */
  public long bytes(NodeId origin) {
    return usage(origin);
  }

  @Override
  public String toString() {
    return "UnsolidBuffer["
        + held.size()
        + " units, "
        + bytes
        + "/"
        + maxBytes
        + " bytes, "
        + byOrigin.size()
        + " origins]";
  }
}
