package org.cybervein.dag;

import java.util.List;
import org.cybervein.api.Hash;
import org.cybervein.api.PublicKey;
import org.cybervein.dag.validation.VerificationResult.Rejection;

/**
 * What one ingest step did with its units.
 *
 * @param stored ids of the units validated and stored (solid), in the order applied; includes held
 *     units this step released
 * @param held ids of units now held because parents are missing (status received)
 * @param rejected the units that failed a check, with the reason
 * @param dropped ids of units whose parents are missing but that did not fit the unsolid buffer, or
 *     that it evicted to make room (request them again later)
 * @param duplicates how many units were already stored or held
 * @param newEquivocators authors this step caught equivocating
 * @param missing parent ids that units held by this step wait for and that are neither stored nor
 *     held: what to request from peers now (sorted; {@link Dag#missing()} lists all of them)
 */
public record IngestResult(
    List<Hash> stored,
    List<Hash> held,
    List<Rejection> rejected,
    List<Hash> dropped,
    int duplicates,
    List<PublicKey> newEquivocators,
    List<Hash> missing) {
  /**
   * Copies the lists.
   *
   * @param stored ids of the units validated and stored (solid), in the order applied; includes
   *     held units this step released
   * @param held ids of units now held because parents are missing (status received)
   * @param rejected the units that failed a check, with the reason
   * @param dropped ids of units whose parents are missing but that did not fit the unsolid buffer,
   *     or that it evicted to make room (request them again later)
   * @param duplicates how many units were already stored or held
   * @param newEquivocators authors this step caught equivocating
   * @param missing parent ids that units held by this step wait for and that are neither stored nor
   *     held: what to request from peers now (sorted; {@link Dag#missing()} lists all of them)
   */
  public IngestResult {
    stored = List.copyOf(stored);
    held = List.copyOf(held);
    rejected = List.copyOf(rejected);
    dropped = List.copyOf(dropped);
    newEquivocators = List.copyOf(newEquivocators);
    missing = List.copyOf(missing);
  }
}
