package org.cybervein.dag.store;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.cybervein.api.Hash;
import org.cybervein.api.PublicKey;
import org.cybervein.dag.certification.ValidatorBits;
import org.cybervein.dag.unit.Unit;
import org.cybervein.dag.unit.UnitStatus;

/**
 * Where a node keeps its DAG: the validated units and the indexes and per-unit state that a restart
 * must not recompute.
 *
 * <h2>Writes: group commit</h2>
 *
 * The only write is {@link #append(UnitBatch)}. It applies the whole batch atomically, and it is
 * durable when it returns: after a killed process a reopened store holds every batch whose {@code
 * append} returned, and of the others nothing at all. A node collects everything one ingest step
 * decides (possibly thousands of units, status rises, bit sets) into one batch, so a durable store
 * pays one sync per step, not one per unit. Readers on the writing thread see a batch's effects
 * once {@code append} returned.
 *
 * <h2>What the store derives itself</h2>
 *
 * From each new unit the store indexes, within the same atomic write: its children lists (by parent
 * id, also for a parent that is not stored, such as the genesis id), the tips, the (author,
 * sequence) index, the verification id of an attestation, and the equivocating authors (those with
 * two units of one sequence number).
 *
 * <h2>Rules the caller keeps</h2>
 *
 * Units are validated before they are appended; a unit's parents are stored or earlier in the same
 * batch, except the genesis id. Statuses only rise. A store may refuse an append that breaks these
 * rules with {@link IllegalArgumentException} or {@link IllegalStateException}, before changing
 * anything. Lists are returned sorted by unsigned byte order of ids (keys for {@link
 * #equivocators()}), so that nothing replicated depends on hash-map order.
 *
 * <p>Implementations: {@link InMemoryUnitStore}; an LMDB store lives in this package as well.
 * Single writer; implementations say whether reads may run concurrently.
 */
public interface UnitStore extends AutoCloseable {
  /**
   * Applies {@code batch} atomically and durably (see the type's documentation).
   *
   * @param batch the new units, status rises, bit sets and finality entries to write together
   * @throws IllegalArgumentException if the batch adds a unit that is already stored, or lowers a
   *     status, or names an unknown unit in a status, coverage or finality entry
   * @throws org.cybervein.api.store.StoreException if the storage medium fails; then nothing of the
   *     batch is applied
   */
  void append(UnitBatch batch);

  /**
   * True if the unit is stored.
   *
   * @param id the unit's id, the tagged hash of its body
   * @return true if a unit with this id is stored
   */
  boolean contains(Hash id);

  /**
   * The stored unit.
   *
   * @param id the unit's id, the tagged hash of its body
   * @return the unit, or empty if it is not stored
   */
  Optional<Unit> unit(Hash id);

  /**
   * The stored unit's height (1 + its parents' largest height; the genesis has 0).
   *
   * @param id the unit's id, the tagged hash of its body
   * @return the height, or empty if the unit is not stored
   */
  OptionalLong height(Hash id);

  /**
   * The stored unit's status: {@link UnitStatus#SOLID} or higher.
   *
   * @param id the unit's id, the tagged hash of its body
   * @return the status, or empty if the unit is not stored
   */
  Optional<UnitStatus> status(Hash id);

  /**
   * The last recorded certification bit set of the unit, if any was recorded.
   *
   * @param id the unit's id, the tagged hash of its body
   * @return the bit set, or empty if none was recorded
   */
  Optional<ValidatorBits> coverage(Hash id);

  /**
   * The number of the checkpoint that made the unit final, if one did.
   *
   * @param id the unit's id, the tagged hash of its body
   * @return the checkpoint number, or empty if the unit is not final
   */
  OptionalLong finalizedBy(Hash id);

  /**
   * Ids of the stored units that list {@code parent} as a parent, sorted.
   *
   * @param parent the parent id, a unit or the genesis
   * @return the children's ids
   */
  List<Hash> children(Hash parent);

  /**
   * Ids of the stored units that no stored unit references, sorted.
   *
   * @return the tip ids
   */
  List<Hash> tips();

  /**
   * Ids of the author's stored units of this sequence number, sorted: two or more = equivocation.
   *
   * @param author the author's key
   * @param sequence the sequence number, from 0
   * @return the ids of the author's units with that sequence number
   */
  List<Hash> unitsAt(PublicKey author, long sequence);

  /**
   * The highest sequence number among the author's stored units.
   *
   * @param author the author's key
   * @return the highest sequence number, or empty if the author has no stored unit
   */
  OptionalLong lastSequence(PublicKey author);

  /**
   * The stored units that carry an attestation of {@code validator} with this verification id. A
   * verification id is unique per validator, not globally: the index is keyed by both.
   *
   * @param validator the validator whose attestation the units carry (also their author)
   * @param verificationId the id from the attestation's verification record
   * @return the ids of those units, sorted; empty if none
   */
  List<Hash> unitsCarrying(PublicKey validator, Hash verificationId);

  /**
   * Authors with two or more stored units of one sequence number, sorted by encoded key.
   *
   * @return the equivocating authors' keys
   */
  List<PublicKey> equivocators();

  /**
   * Ids of the stored units whose status is exactly {@code status}, sorted.
   *
   * @param status the status to select
   * @return the ids of the units with that status
   */
  List<Hash> withStatus(UnitStatus status);

  /**
   * The number of the last checkpoint applied, if any.
   *
   * @return the last checkpoint number, or empty if none was applied
   */
  OptionalLong lastCheckpoint();

  /**
   * The number of stored units.
   *
   * @return the count of stored units
   */
  long size();

  /** Releases the store; later calls fail with {@link IllegalStateException}. */
  @Override
  void close();
}
