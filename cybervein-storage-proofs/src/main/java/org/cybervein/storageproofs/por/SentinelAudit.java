package org.cybervein.storageproofs.por;

import java.util.Objects;

/**
 * One audit in progress: the challenge sent, the sentinels it reveals, and the verifier's state
 * after it (those sentinels spent, whatever the answer).
 *
 * @param challenge the challenge to send
 * @param firstSentinel the index of the first sentinel challenged; the challenge's positions hold
 *     sentinels {@code firstSentinel, firstSentinel + 1, ...}
 * @param next the state to keep from now on
 */
public record SentinelAudit(
    SentinelChallenge challenge, int firstSentinel, SentinelFileState next) {
  /**
   * Checks that no field is null.
   *
   * @param challenge the challenge to send
   * @param firstSentinel the index of the first sentinel challenged; the challenge's positions hold
   *     sentinels {@code firstSentinel, firstSentinel + 1, ...}
   * @param next the state to keep from now on
   */
  public SentinelAudit {
    Objects.requireNonNull(challenge, "challenge");
    Objects.requireNonNull(next, "next");
  }
}
