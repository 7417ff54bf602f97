package org.cybervein.lightclient;

import java.util.Objects;

/**
 * Evidence of misbehaviour (ICS-02's {@code Misbehaviour}): two headers at one height with
 * different ids, each valid against the same trusted parent. Anyone holding the client state can
 * check it with {@link LightClient#verifyMisbehaviour}; a client shown it freezes.
 *
 * <p>In Proof of Contribution two winners at one height are a fork; the light client follows one
 * chain and takes a fork at a height it trusts as a reason to stop trusting anything, rather than
 * to choose.
 *
 * @param first one header update
 * @param second another at the same height
 */
public record Misbehaviour(HeaderUpdate first, HeaderUpdate second) {
  /**
   * Rejects nulls.
   *
   * @param first one header update
   * @param second another at the same height
   */
  public Misbehaviour {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(second, "second");
  }
}
