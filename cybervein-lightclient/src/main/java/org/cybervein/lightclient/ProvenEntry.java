package org.cybervein.lightclient;

import java.util.Objects;
import java.util.Optional;
import org.cybervein.api.Bytes;

/**
 * A state entry's value (or its absence) with the encoded {@code cybervein.v1.LedgerStateProof}
 * that shows it under some root. The key is not carried: the verifier derives it from what it asks.
 *
 * @param value the entry's value, or empty for an absent entry
 * @param proof the encoded proof
 */
public record ProvenEntry(Optional<Bytes> value, Bytes proof) {
  /**
   * Rejects nulls.
   *
   * @param value the entry's value, or empty
   * @param proof the encoded proof
   */
  public ProvenEntry {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(proof, "proof");
  }
}
