package org.cybervein.ledger.chain;

import java.util.Comparator;
import org.cybervein.storageproofs.poc.Election;
import org.cybervein.storageproofs.poc.ElectionContribution;

/**
 * The quality of a proof and the order of proofs within a round.
 *
 * <h2>Per proof</h2>
 *
 * Storage-proofs' {@link Election} races each contribution: {@code E = -ln(u) / w} is exponential
 * of rate {@code w = N M}, and the smallest wins; its race key is {@code ln E}. The quality of a
 * proof is {@code q = floor(2^20 (8 - ln E))} in fixed point, a positive {@code long}: the race key
 * lies in {@code [-124, 3.6]} for any {@code long} N and M (u is at least 2^-54), so {@code 8 - ln
 * E} is in {@code (4, 132]}. Within a round, a larger quality is a smaller race key, so the best
 * block of a round is {@link Election#winner}'s; {@link #ORDER} breaks equal keys the way the
 * election does (the smaller proof digest wins).
 *
 * <h2>Why {@code -ln E}</h2>
 *
 * The winning race time of a round of total weight W is exponential of rate W, so a block's
 * expected quality is {@code ln W + 0.577} (Euler's constant): a chain's accumulated quality grows
 * with the log of the space and bandwidth behind it, and a lucky proof adds little (the tail of
 * {@code -ln E} is exponential, not heavy as {@code 1/E}'s would be). Integers make the sum exact
 * and the same on every node.
 */
public final class ProofQuality {
  /** Fixed-point scale: qualities are in units of 2^-20. */
  public static final double SCALE = 0x1.0p20;

  private static final double OFFSET = 8.0;

  /**
   * Orders contributions of one round best first: by race key, then by proof digest, as {@link
   * Election#winner} does.
   */
  public static final Comparator<ElectionContribution> ORDER =
      Comparator.comparingDouble(Election::raceKey)
          .thenComparing(ElectionContribution::proofDigest);

  private ProofQuality() {}

  /**
   * The quality of a contribution.
   *
   * @param contribution a contribution with its election inputs (proof digest, space N and
   *     bandwidth M) for the round's challenge
   * @return q, in units of 2^-20 ({@link #SCALE}); at least 1
   * @throws IllegalArgumentException if it has weight zero
   */
  public static long of(ElectionContribution contribution) {
    double key = Election.raceKey(contribution);
    return Math.max(1L, (long) Math.floor(SCALE * (OFFSET - key)));
  }
}
