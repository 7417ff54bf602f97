package org.cybervein.fl.shapley;

import java.util.Objects;
import org.cybervein.api.PublicKey;

/**
 * One party's line of a contribution report.
 *
 * @param party the party's account key, which the ledger pays
 * @param name a label for people, at most 64 characters
 * @param shapleyValue the party's Shapley value on the report's metric; finite, may be negative
 */
public record PartyContribution(PublicKey party, String name, double shapleyValue) {
  /** The longest name accepted. */
  public static final int MAX_NAME_LENGTH = 64;

  /**
   * Checks the name and that the value is finite.
   *
   * @param party the party's account key, which the ledger pays
   * @param name a label for people, at most 64 characters
   * @param shapleyValue the party's Shapley value on the report's metric; finite, may be negative
   */
  public PartyContribution {
    Objects.requireNonNull(party, "party");
    Objects.requireNonNull(name, "name");
    if (name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException("name longer than " + MAX_NAME_LENGTH + " characters");
    }
    if (!Double.isFinite(shapleyValue)) {
      throw new IllegalArgumentException("Shapley value must be finite, got " + shapleyValue);
    }
  }
}
