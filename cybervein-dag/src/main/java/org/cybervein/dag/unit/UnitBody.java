package org.cybervein.dag.unit;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.cybervein.api.Hash;
import org.cybervein.api.PublicKey;

/**
 * The signed content of a unit: who wrote it, which earlier units it references, where it stands in
 * its author's chain, when, and what it carries.
 *
 * @param author the author's key; the envelope must be signed with it
 * @param parents 1 or more ids of earlier units, sorted by unsigned byte order and distinct
 * @param sequence the author's sequence number, from 0; unit {@code s > 0} lists the author's unit
 *     {@code s - 1} among its parents
 * @param timestampMillis the author's clock, milliseconds since the Unix epoch
 * @param payload a data write or an attestation
 */
public record UnitBody(
    PublicKey author, List<Hash> parents, long sequence, long timestampMillis, Payload payload) {
  /**
   * Copies the parents and checks the shape.
   *
   * @param author the author's key; the envelope must be signed with it
   * @param parents 1 or more ids of earlier units, sorted by unsigned byte order and distinct
   * @param sequence the author's sequence number, from 0; unit {@code s > 0} lists the author's
   *     unit {@code s - 1} among its parents
   * @param timestampMillis the author's clock, milliseconds since the Unix epoch
   * @param payload a data write or an attestation
   * @throws IllegalArgumentException without parents, with unsorted or repeated parents, or with a
   *     negative sequence
   */
  public UnitBody {
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(payload, "payload");
    parents = List.copyOf(parents);
    if (parents.isEmpty()) {
      throw new IllegalArgumentException("a unit references at least one parent");
    }
    if (!strictlySorted(parents)) {
      throw new IllegalArgumentException("parents must be sorted and distinct: " + parents);
    }
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must not be negative, got " + sequence);
    }
  }

  /**
   * The timestamp as an instant.
   *
   * @return the author's timestamp, milliseconds since the epoch
   */
  public Instant timestamp() {
    return Instant.ofEpochMilli(timestampMillis);
  }

  /**
   * Sorts and deduplicates {@code ids}, the form {@link #parents()} must have.
   *
   * @param ids parent ids, in any order, possibly repeated
   * @return the ids sorted and without repeats
   */
  public static List<Hash> canonicalParents(Collection<Hash> ids) {
    return List.copyOf(new TreeSet<>(ids));
  }

  static boolean strictlySorted(List<Hash> ids) {
    for (int i = 1; i < ids.size(); i++) {
      if (ids.get(i - 1).compareTo(ids.get(i)) >= 0) {
        return false;
      }
    }
    return true;
  }
}
